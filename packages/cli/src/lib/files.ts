import { constants } from "node:fs";
import { access, lstat, open, readdir, readlink, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CliError } from "./errors.js";

export type FileEntry = { path: string; size: number; mtimeMs: number };

/**
 * Expands paths (files and folders, recursively, in a stable sorted order) into regular files, and
 * checks every one can be read before anything is stored: a missing path, a dangling symlink, a FIFO
 * or device, or an unreadable file is refused up front, with every problem listed.
 */
export async function expandPaths(paths: string[]): Promise<FileEntry[]> {
  const files: FileEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = async (path: string, top: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOENT") {
        const link = await lstat(path).catch(() => undefined);
        if (link?.isSymbolicLink())
          problems.push(`${path}: a dangling symbolic link (to ${await readlink(path).catch(() => "?")})`);
        else problems.push(`${path}: does not exist`);
      } else if (code === "EACCES" || code === "EPERM") problems.push(`${path}: permission denied`);
      else problems.push(`${path}: ${(error as Error).message}`);
      return;
    }
    if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = (await readdir(path)).sort();
      } catch (error) {
        problems.push(
          `${path}: folder cannot be read (${(error as { code?: string }).code ?? (error as Error).message})`,
        );
        return;
      }
      for (const entry of entries) {
        if (entry === ".cairn" || entry === ".git") continue;
        await visit(join(path, entry), false);
      }
      return;
    }
    if (!info.isFile()) {
      const kind = info.isFIFO()
        ? "a FIFO (named pipe)"
        : info.isSocket()
          ? "a socket"
          : info.isCharacterDevice() || info.isBlockDevice()
            ? "a device"
            : "not a regular file";
      problems.push(`${path}: ${kind}, not a regular file`);
      return;
    }
    const absolute = resolve(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    try {
      await access(path, constants.R_OK);
      // access() says yes to root for mode-000 files; opening proves it
      await (await open(path, "r")).close();
    } catch (error) {
      const code = (error as { code?: string }).code;
      problems.push(
        `${path}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message}`,
      );
      return;
    }
    files.push({ path: absolute, size: Number(info.size), mtimeMs: info.mtimeMs });
    void top;
  };
  for (const path of paths) await visit(path, true);
  if (problems.length > 0) {
    throw new CliError(
      `${problems.length === 1 ? "A path" : `${problems.length} paths`} cannot be contributed; nothing was stored.`,
      {
        meta: [
          ...problems.slice(0, 20),
          ...(problems.length > 20 ? [`… and ${problems.length - 20} more`] : []),
          "Fix or leave out these paths, then run the command again.",
        ],
      },
    );
  }
  if (files.length === 0) throw new CliError("No files to contribute: the folders given are empty.");
  return files;
}
