import * as v from "valibot";
import { BaseError } from "../errors/base.js";
import { type DatasetManifest, type ItemMetadata, itemMetadataSchema, manifestSchema } from "./schema.js";

/** A manifest or item metadata document that does not follow its schema. */
export class InvalidDocumentError extends BaseError {
  /** One line per bad field, each naming it (`manifest.items.kind must be one of …`). */
  readonly problems: string[];
  constructor(document: string, problems: string[]) {
    super(`Invalid ${document}: ${problems[0]}`, {
      name: "InvalidDocumentError",
      metaMessages: [
        ...problems.slice(1).map((p) => `also: ${p}`),
        `See the schema exported as ${document === "manifest" ? "manifestSchema" : "itemMetadataSchema"}.`,
      ],
    });
    this.problems = problems;
  }
}

/** Every issue of a failed parse as `<root>.<path> <message>`; a missing field `is required`. */
function problemsOf(issues: readonly v.BaseIssue<unknown>[], root: string): string[] {
  return issues.map((issue) => {
    const path =
      root +
      (issue.path ?? [])
        .map((item) => (typeof item.key === "number" ? `[${item.key}]` : `.${String(item.key)}`))
        .join("");
    const missing = issue.input === undefined && issue.kind === "schema" && (issue.path?.length ?? 0) > 0;
    if (missing) return `${path} is required`;
    if (issue.kind === "schema" && !["literal", "picklist", "custom"].includes(issue.type))
      return `${path} ${issue.message}, got ${issue.received}`;
    return `${path} ${issue.message}`;
  });
}

/**
 * Checks a dataset manifest against {@link manifestSchema}; throws {@link InvalidDocumentError} naming each bad field.
 *
 * @example
 * ```ts
 * const manifest = validateManifest(JSON.parse(readFileSync("manifest.json", "utf8")));
 * ```
 */
export function validateManifest(document: unknown): DatasetManifest {
  const result = v.safeParse(manifestSchema, document);
  if (!result.success) throw new InvalidDocumentError("manifest", problemsOf(result.issues, "manifest"));
  return result.output;
}

/**
 * Checks per-item metadata against {@link itemMetadataSchema}; throws {@link InvalidDocumentError} naming each bad field.
 *
 * @example
 * ```ts
 * const metadata = validateItemMetadata({ schema: "cairn.item/1", title: "Haba na haba", language: "sw" });
 * ```
 */
export function validateItemMetadata(document: unknown): ItemMetadata {
  const result = v.safeParse(itemMetadataSchema, document);
  if (!result.success) throw new InvalidDocumentError("item metadata", problemsOf(result.issues, "metadata"));
  return result.output;
}
