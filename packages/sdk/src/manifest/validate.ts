import { BaseError } from "../errors/base.js";
import { type DatasetManifest, type ItemMetadata, itemMetadataSchema, manifestSchema } from "./schema.js";

/** A manifest or item metadata document that does not follow its schema. */
export class InvalidDocumentError extends BaseError {
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

type Schema = {
  type?: string | readonly string[];
  const?: unknown;
  enum?: readonly unknown[];
  required?: readonly string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
};

/** A small validator for the subset of JSON Schema our two schemas use. */
function check(value: unknown, schema: Schema, path: string, problems: string[]): void {
  if (schema.const !== undefined && value !== schema.const) {
    problems.push(`${path} must be ${JSON.stringify(schema.const)}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${path} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
    return;
  }
  const types = schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : schema.type;
  if (types.length > 0 && !types.some((t) => typeMatches(value, t))) {
    problems.push(
      `${path} must be ${types.join(" or ")}, got ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`,
    );
    return;
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path} must not be empty`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push(`${path} is longer than ${schema.maxLength} characters`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      problems.push(`${path} ("${value}") does not match ${schema.pattern}`);
  }
  if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum)
    problems.push(`${path} must be ≥ ${schema.minimum}`);
  if (Array.isArray(value) && schema.items) {
    for (const [i, v] of value.entries()) check(v, schema.items, `${path}[${i}]`, problems);
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (object[key] === undefined) problems.push(`${path}.${key} is required`);
    for (const [key, v] of Object.entries(object)) {
      const sub = schema.properties?.[key];
      if (sub) check(v, sub, `${path}.${key}`, problems);
      else if (typeof schema.additionalProperties === "object")
        check(v, schema.additionalProperties, `${path}.${key}`, problems);
    }
  }
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
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
  const problems: string[] = [];
  check(document, manifestSchema as Schema, "manifest", problems);
  if (problems.length > 0) throw new InvalidDocumentError("manifest", problems);
  return document as DatasetManifest;
}

/** Checks per-item metadata against {@link itemMetadataSchema}; throws {@link InvalidDocumentError}. */
export function validateItemMetadata(document: unknown): ItemMetadata {
  const problems: string[] = [];
  check(document, itemMetadataSchema as Schema, "metadata", problems);
  if (problems.length > 0) throw new InvalidDocumentError("item metadata", problems);
  return document as ItemMetadata;
}
