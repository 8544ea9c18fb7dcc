import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DatasetManifest, InvalidDocumentError, validateItemMetadata, validateManifest } from "../src/index.js";

const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof InvalidDocumentError, String(error));
    return error.problems;
  }
  assert.fail("the document was accepted");
};

describe("manifest", () => {
  it("accepts a complete manifest and keeps fields it does not know", () => {
    const manifest = {
      schema: "cairn.manifest/1",
      name: "Methali",
      description: "Swahili proverbs and their meaning.",
      language: "sw",
      region: "TZ",
      license: "CC-BY-4.0",
      items: {
        kind: "text",
        mediaTypes: ["text/plain", "text/markdown"],
        maxBytes: 4096,
        fields: { meaning: "what the proverb says" },
      },
      guidelines: "One proverb per file.",
      terms: "I may share this under CC-BY-4.0.",
      homepage: "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      extra: { curatedBy: "the community" },
    };
    const checked: DatasetManifest = validateManifest(manifest);
    assert.deepEqual(checked, manifest);
  });

  it("accepts the smallest manifest (only the required fields)", () => {
    const manifest = {
      schema: "cairn.manifest/1",
      name: "x",
      description: "y",
      language: "pt-BR",
      license: "CC0-1.0",
      items: { kind: "audio" },
      guidelines: "z",
    };
    assert.deepEqual(validateManifest(manifest), manifest);
  });

  it("names every bad field", () => {
    const problems = problemsOf(() =>
      validateManifest({
        schema: "cairn.manifest/1",
        name: "",
        language: "swahili language",
        items: { kind: "poem", mediaTypes: ["text/plain", "plain"], maxBytes: 0.5 },
        guidelines: 7,
      }),
    );
    assert.deepEqual(problems, [
      "manifest.name must not be empty",
      "manifest.description is required",
      'manifest.language ("swahili language") is not a BCP 47 language tag (e.g. sw, pt-BR)',
      "manifest.license is required",
      'manifest.items.kind must be one of "text", "audio", "image", "video", "table", "other"',
      'manifest.items.mediaTypes[1] ("plain") is not a media type (e.g. text/plain)',
      "manifest.items.maxBytes must be an integer",
      "manifest.items.maxBytes must be ≥ 1",
      "manifest.guidelines must be a string, got 7",
    ]);
  });

  it("a pinning policy names how many independent copies each file needs; a bad one is named", () => {
    const base = {
      schema: "cairn.manifest/1",
      name: "x",
      description: "y",
      language: "sw",
      license: "CC0-1.0",
      items: { kind: "text" },
      guidelines: "z",
    };
    assert.equal(validateManifest({ ...base, pinning: { minCopies: 2 } }).pinning?.minCopies, 2);
    assert.deepEqual(
      problemsOf(() => validateManifest({ ...base, pinning: { minCopies: 0 } })),
      ["manifest.pinning.minCopies must be ≥ 1"],
    );
    assert.deepEqual(
      problemsOf(() => validateManifest({ ...base, pinning: { minCopies: "two" } })),
      ['manifest.pinning.minCopies must be a number, got "two"'],
    );
  });

  it("says what the whole document should be", () => {
    assert.deepEqual(
      problemsOf(() => validateManifest([])),
      ["manifest must be an object, got an array"],
    );
    const error = (() => {
      try {
        validateManifest({ schema: "cairn.manifest/2" });
      } catch (e) {
        return e as InvalidDocumentError;
      }
    })();
    assert.match(error?.shortMessage ?? "", /^Invalid manifest: manifest\.schema must be "cairn\.manifest\/1"$/);
    assert.ok(error?.metaMessages?.some((m) => m === "also: manifest.name is required"));
  });
});

describe("item metadata", () => {
  it("accepts complete metadata", () => {
    const metadata = {
      schema: "cairn.item/1",
      title: "Haba na haba",
      description: "Little by little fills the measure.",
      language: "sw",
      mediaType: "text/plain",
      source: "original work",
      license: "CC-BY-4.0",
      tags: ["patience", "saving"],
      attributes: { region: "coast", verses: 1, verified: true },
    };
    assert.deepEqual(validateItemMetadata(metadata), metadata);
    assert.deepEqual(validateItemMetadata({ schema: "cairn.item/1" }), { schema: "cairn.item/1" });
  });

  it("names every bad field", () => {
    const problems = problemsOf(() =>
      validateItemMetadata({
        title: 3,
        language: "??",
        mediaType: "text",
        tags: ["ok", 5],
        attributes: { fine: "yes", nested: { no: true } },
      }),
    );
    assert.deepEqual(problems, [
      "metadata.schema is required",
      "metadata.title must be a string, got 3",
      'metadata.language ("??") is not a BCP 47 language tag (e.g. sw, pt-BR)',
      'metadata.mediaType ("text") is not a media type (e.g. text/plain)',
      "metadata.tags[1] must be a string, got 5",
      "metadata.attributes.nested must be a string, a number or a boolean, got Object",
    ]);
  });
});
