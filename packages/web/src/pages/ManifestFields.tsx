import type { ReactNode } from "react";
import { useI18n } from "../i18n/index.js";
import type { ManifestForm } from "./manifest-form.js";

const kinds = ["text", "audio", "image", "video", "table", "other"] as const;

/** Renders one labelled form field (its form's state, ids and error display); `help` is shown under it. */
export type FieldRenderer = (
  name: keyof ManifestForm,
  label: string,
  input: (props: object) => ReactNode,
  help?: string,
) => ReactNode;

/**
 * The manifest's fields, the same on the create form (Steward) and the edit form (Manage): name, language, region,
 * license, kind, description, guidelines and terms. `withHelp` adds the hints a new steward needs; `afterTerms` is
 * shown under the terms (the edit form's warning that new terms bind later contributions).
 */
export function ManifestFields({
  field,
  withHelp = false,
  afterTerms,
}: {
  field: FieldRenderer;
  withHelp?: boolean;
  afterTerms?: ReactNode;
}) {
  const { t } = useI18n();
  const help = (text: string) => (withHelp ? text : undefined);
  return (
    <>
      {field("name", t("steward.name"), (p) => (
        <input {...p} />
      ))}
      {field(
        "language",
        t("steward.language"),
        (p) => (
          <input {...p} />
        ),
        help(t("steward.languageHelp")),
      )}
      {field("region", t("steward.region"), (p) => (
        <input {...p} />
      ))}
      {field(
        "license",
        t("steward.license"),
        (p) => (
          <input {...p} />
        ),
        help(t("steward.licenseHelp")),
      )}
      {field("kind", t("steward.kind"), (p) => (
        <select {...p}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      ))}
      <div className="wide">
        {field("description", t("steward.description"), (p) => (
          <textarea rows={3} {...p} />
        ))}
      </div>
      <div className="wide">
        {field("guidelines", t("steward.guidelines"), (p) => (
          <textarea rows={3} {...p} />
        ))}
      </div>
      <div className="wide">
        {field(
          "terms",
          t("steward.terms"),
          (p) => (
            <textarea rows={4} {...p} />
          ),
          help(t("steward.termsHelp")),
        )}
        {afterTerms}
      </div>
    </>
  );
}
