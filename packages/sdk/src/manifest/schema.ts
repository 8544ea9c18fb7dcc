/**
 * The two documents Cairn stores on IPFS, a dataset's manifest and a contribution's per-item metadata, each
 * defined once as a valibot schema: the TypeScript types are inferred from them and `validateManifest` /
 * `validateItemMetadata` check them, with messages that name every bad field. Tools that want JSON Schema
 * convert them with `@valibot/to-json-schema`. Fields the schemas do not know are kept, not refused.
 */
import * as v from "valibot";

/** BCP 47 tag, e.g. sw, pt-BR. */
const languageTag = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** A media type, e.g. text/plain, audio/ogg. */
const mediaType = /^[\w.+-]+\/[\w.+-]+$/;

const text = () => v.string("must be a string");
const nonEmpty = () => v.pipe(text(), v.minLength(1, "must not be empty"));
const matching = (pattern: RegExp, what: string) =>
  v.pipe(
    text(),
    v.regex(pattern, (issue) => `(${JSON.stringify(issue.input)}) is not ${what}`),
  );

/** A JSON object (not an array, not null), then its entries; fields it does not list are kept. */
const object = <const Entries extends v.ObjectEntries>(entries: Entries) =>
  v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      (issue) =>
        `must be an object, got ${issue.input === null ? "null" : Array.isArray(issue.input) ? "an array" : typeof issue.input}`,
    ),
    v.looseObject(entries),
  );

/** Valibot schema of a dataset manifest (`cairn.manifest/1`). */
export const manifestSchema = object({
  schema: v.literal("cairn.manifest/1", 'must be "cairn.manifest/1"'),
  name: v.pipe(nonEmpty(), v.maxLength(200, "is longer than 200 characters")),
  description: nonEmpty(),
  /** BCP 47 tag of the content's language, e.g. sw, pt-BR. */
  language: matching(languageTag, "a BCP 47 language tag (e.g. sw, pt-BR)"),
  /** ISO 3166 code or free text. */
  region: v.optional(text()),
  /** SPDX identifier of the dataset's license, e.g. CC-BY-4.0. */
  license: nonEmpty(),
  items: object({
    kind: v.picklist(
      ["text", "audio", "image", "video", "table", "other"],
      'must be one of "text", "audio", "image", "video", "table", "other"',
    ),
    mediaTypes: v.optional(v.array(matching(mediaType, "a media type (e.g. text/plain)"), "must be an array")),
    maxBytes: v.optional(
      v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(1, "must be ≥ 1")),
    ),
    /** Item metadata fields and their meaning. */
    fields: v.optional(v.record(v.string(), text(), "must be an object")),
  }),
  /** What a good contribution is; what is refused. */
  guidelines: nonEmpty(),
  /** The terms contributors agree to; keccak256 of these exact bytes is the on-chain termsHash. */
  terms: v.optional(text()),
  homepage: v.optional(text()),
  /**
   * How the dataset's files are kept retrievable: `cairn contribute` stores each file in as many independent
   * stores (its own node, Kubo nodes, pinning services) before registering it, and reports where each one is pinned;
   * `cairn availability` checks against the same number.
   */
  pinning: v.optional(
    object({
      /** Independent verified copies each file must have, e.g. 2 ("at least 2 independent pins"). */
      minCopies: v.pipe(
        v.number("must be a number"),
        v.integer("must be an integer"),
        v.minValue(1, "must be ≥ 1"),
        v.maxValue(20, "must be ≤ 20"),
      ),
    }),
  ),
});

/** Valibot schema of a contribution's per-item metadata (`cairn.item/1`). */
export const itemMetadataSchema = object({
  schema: v.literal("cairn.item/1", 'must be "cairn.item/1"'),
  title: v.optional(text()),
  description: v.optional(text()),
  language: v.optional(matching(languageTag, "a BCP 47 language tag (e.g. sw, pt-BR)")),
  mediaType: v.optional(matching(mediaType, "a media type (e.g. text/plain)")),
  /** Where the item comes from (a URL, a book, "original work"). */
  source: v.optional(text()),
  license: v.optional(text()),
  tags: v.optional(v.array(text(), "must be an array")),
  attributes: v.optional(
    v.record(
      v.string(),
      v.union([v.string(), v.number(), v.boolean()], "must be a string, a number or a boolean"),
      "must be an object",
    ),
  ),
});

/** A dataset's pinning policy (the manifest's `pinning`). */
export type PinningPolicy = NonNullable<v.InferOutput<typeof manifestSchema>["pinning"]>;

/** A dataset manifest (see {@link manifestSchema}). */
export type DatasetManifest = v.InferOutput<typeof manifestSchema>;

/** Per-item metadata (see {@link itemMetadataSchema}). */
export type ItemMetadata = v.InferOutput<typeof itemMetadataSchema>;
