import { type DatasetManifest, InvalidDocumentError, validateManifest } from "@cairn/sdk/browser";
import type { MessageKey } from "../i18n/en.js";

/** The manifest's fields as a form edits them (the steward's create form and the Manage page's). */
export type ManifestForm = {
  name: string;
  description: string;
  language: string;
  region: string;
  license: string;
  kind: DatasetManifest["items"]["kind"];
  guidelines: string;
  terms: string;
};

/** Problems keyed by field: a catalogue key, or the SDK schema's own message. */
export type ManifestProblems = Partial<Record<keyof ManifestForm, string | MessageKey>>;

/**
 * Builds the manifest from the form over `base` (fields the form does not edit, such as an item schema, are
 * kept) and checks it with the SDK's own schema (validateManifest: the same rules as the CLI and every other
 * tool). Terms are required: a contributor's signature binds them.
 */
export function checkManifestFields(
  form: ManifestForm,
  base?: DatasetManifest,
): { manifest: DatasetManifest; problems: ManifestProblems } {
  const problems: ManifestProblems = {};
  const { region: _region, terms: _terms, ...kept } = base ?? ({} as Partial<DatasetManifest>);
  const manifest: DatasetManifest = {
    ...kept,
    schema: "cairn.manifest/1",
    name: form.name.trim(),
    description: form.description.trim(),
    language: form.language.trim(),
    ...(form.region.trim() ? { region: form.region.trim() } : {}),
    license: form.license.trim(),
    items: { ...base?.items, kind: form.kind },
    guidelines: form.guidelines.trim(),
    ...(form.terms.trim() ? { terms: form.terms } : {}),
  };
  try {
    validateManifest(manifest);
  } catch (error) {
    if (!(error instanceof InvalidDocumentError)) throw error;
    for (const problem of error.problems) {
      const field = /^manifest\.(\w+)/.exec(problem)?.[1] ?? "name";
      const key = (field === "items" ? "kind" : field) as keyof ManifestForm;
      problems[key] ??= problem.replace(/^manifest\./, "");
    }
  }
  if (!form.terms.trim()) problems.terms = "steward.termsRequired";
  return { manifest, problems };
}

/** The form's values for an existing manifest (a manifest that could not be read starts from empty fields). */
export function manifestFormOf(manifest: DatasetManifest | undefined): ManifestForm {
  return {
    name: manifest?.name ?? "",
    description: manifest?.description ?? "",
    language: manifest?.language ?? "",
    region: manifest?.region ?? "",
    license: manifest?.license ?? "",
    kind: manifest?.items.kind ?? "text",
    guidelines: manifest?.guidelines ?? "",
    terms: manifest?.terms ?? "",
  };
}

/** The edit checked against the manifest as it is: what to publish, and whether anything (and the terms) changed. */
export type CheckedManifest =
  | { ok: true; manifest: DatasetManifest; changed: boolean; termsChanged: boolean }
  | { ok: false; problems: ManifestProblems };

export function checkManifestEdit(form: ManifestForm, current: DatasetManifest | undefined): CheckedManifest {
  const { manifest, problems } = checkManifestFields(form, current);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
  return {
    ok: true,
    manifest,
    changed: current === undefined || !same(manifest, current),
    termsChanged: manifest.terms !== current?.terms,
  };
}

/** JSON with object keys sorted, so two manifests compare by content whatever the order of their fields. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}
