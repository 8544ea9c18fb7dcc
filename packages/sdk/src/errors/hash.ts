import { BaseError } from "./base.js";

/** Thrown by `hashFile` when the file cannot be opened or read (missing, a directory, no permission, I/O error). */
export class FileReadError extends BaseError {
  /** The path that was given. */
  readonly path: string;
  /** The system error code, e.g. `ENOENT`, `EACCES`, `EISDIR`. */
  readonly code: string | undefined;

  constructor({ path, cause }: { path: string; cause?: unknown }) {
    const code = (cause as { code?: unknown } | undefined)?.code;
    const reason =
      code === "ENOENT"
        ? "the file does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory, not a file"
            : "it could not be read";
    super(`Cannot hash "${path}": ${reason}.`, {
      name: "FileReadError",
      cause,
      metaMessages: [`Path: ${path}`, ...(typeof code === "string" ? [`Code: ${code}`] : [])],
    });
    this.path = path;
    this.code = typeof code === "string" ? code : undefined;
  }
}
