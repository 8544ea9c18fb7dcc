/**
 * JSON Schemas (draft 2020-12) of the two documents Cairn stores on IPFS: a dataset's manifest and a
 * contribution's per-item metadata. `validateManifest` / `validateItemMetadata` enforce them with
 * messages that name the field; the schemas are exported for other tools.
 */
export const manifestSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://cairn.dev/schemas/manifest-1.json",
  title: "Cairn dataset manifest",
  type: "object",
  required: ["schema", "name", "description", "language", "license", "items", "guidelines"],
  properties: {
    schema: { const: "cairn.manifest/1" },
    name: { type: "string", minLength: 1, maxLength: 200 },
    description: { type: "string", minLength: 1 },
    language: {
      type: "string",
      description: "BCP 47 tag of the content's language, e.g. sw, pt-BR",
      pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    },
    region: { type: "string", description: "ISO 3166 code or free text" },
    license: { type: "string", description: "SPDX identifier of the dataset's license, e.g. CC-BY-4.0", minLength: 1 },
    items: {
      type: "object",
      required: ["kind"],
      properties: {
        kind: { enum: ["text", "audio", "image", "video", "table", "other"] },
        mediaTypes: { type: "array", items: { type: "string", pattern: "^[\\w.+-]+/[\\w.+-]+$" } },
        maxBytes: { type: "integer", minimum: 1 },
        fields: {
          type: "object",
          additionalProperties: { type: "string" },
          description: "Item metadata fields and their meaning",
        },
      },
    },
    guidelines: { type: "string", minLength: 1, description: "What a good contribution is; what is refused" },
    terms: {
      type: "string",
      description: "The terms contributors agree to; keccak256 of these exact bytes is the on-chain termsHash",
    },
    homepage: { type: "string" },
  },
} as const;

export const itemMetadataSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://cairn.dev/schemas/item-1.json",
  title: "Cairn contribution metadata",
  type: "object",
  required: ["schema"],
  properties: {
    schema: { const: "cairn.item/1" },
    title: { type: "string" },
    description: { type: "string" },
    language: { type: "string", pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$" },
    mediaType: { type: "string", pattern: "^[\\w.+-]+/[\\w.+-]+$" },
    source: { type: "string", description: "Where the item comes from (a URL, a book, 'original work')" },
    license: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    attributes: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
  },
} as const;

/** A dataset manifest (see {@link manifestSchema}). */
export type DatasetManifest = {
  schema: "cairn.manifest/1";
  name: string;
  description: string;
  language: string;
  region?: string | undefined;
  license: string;
  items: {
    kind: "text" | "audio" | "image" | "video" | "table" | "other";
    mediaTypes?: string[] | undefined;
    maxBytes?: number | undefined;
    fields?: Record<string, string> | undefined;
  };
  guidelines: string;
  terms?: string | undefined;
  homepage?: string | undefined;
};

/** Per-item metadata (see {@link itemMetadataSchema}). */
export type ItemMetadata = {
  schema: "cairn.item/1";
  title?: string | undefined;
  description?: string | undefined;
  language?: string | undefined;
  mediaType?: string | undefined;
  source?: string | undefined;
  license?: string | undefined;
  tags?: string[] | undefined;
  attributes?: Record<string, string | number | boolean> | undefined;
};
