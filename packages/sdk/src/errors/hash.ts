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
            : cause instanceof ContentSizeMismatchError
              ? "it changed size while it was being hashed"
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

/** Thrown when content turns out longer or shorter than its declared size (for example, a file changed while it was hashed). */
export class ContentSizeMismatchError extends BaseError {
  readonly expected: number;
  readonly actual: number;

  constructor({ expected, actual }: { expected: number; actual: number }) {
    super(
      `Content size changed while hashing: expected ${expected} bytes, got ${actual > expected ? "more" : actual}.`,
      {
        name: "ContentSizeMismatchError",
        metaMessages: [
          `Expected: ${expected} bytes`,
          `Actual:   ${actual} bytes`,
          "Hash the content again once it has stopped changing.",
        ],
      },
    );
    this.expected = expected;
    this.actual = actual;
  }
}
