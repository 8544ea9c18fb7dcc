import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { ErrorView } from "./ErrorView.js";

/** Largest file previewed (bytes); larger ones are not fetched. */
export const previewLimit = 16 * 1024 * 1024;

export type Sniffed = { kind: "image" | "audio" | "text" | "binary"; type: string };

/** Decides how to show bytes from their first bytes, never from a name or a header someone else chose. */
export function sniff(bytes: Uint8Array): Sniffed {
  const b = bytes;
  const ascii = (o: number, s: string) => [...s].every((ch, i) => b[o + i] === ch.charCodeAt(0));
  if (b[0] === 0x89 && ascii(1, "PNG")) return { kind: "image", type: "image/png" };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: "image", type: "image/jpeg" };
  if (ascii(0, "GIF8")) return { kind: "image", type: "image/gif" };
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return { kind: "image", type: "image/webp" };
  if (ascii(0, "RIFF") && ascii(8, "WAVE")) return { kind: "audio", type: "audio/wav" };
  if (ascii(0, "OggS")) return { kind: "audio", type: "audio/ogg" };
  if (ascii(0, "fLaC")) return { kind: "audio", type: "audio/flac" };
  if (ascii(0, "ID3") || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return { kind: "audio", type: "audio/mpeg" };
  const head = b.subarray(0, 4096);
  if (head.includes(0)) return { kind: "binary", type: "application/octet-stream" };
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b.length > 65536 ? b.subarray(0, 65536 - 4) : b);
    return { kind: "text", type: "text/plain" };
  } catch {
    return { kind: "binary", type: "application/octet-stream" };
  }
}

/**
 * Shows a contribution's content after fetching it block by block from the gateway and checking every
 * block against the CID (the SDK's gateway store): a gateway that lies gets an error, never a preview.
 */
export function Preview({ cid, size }: { cid: string; size: bigint }) {
  const { t } = useI18n();
  const { client } = useCairn();
  const tooBig = size > BigInt(previewLimit);
  const content = useQuery({
    queryKey: ["content", cid],
    enabled: !tooBig,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: async ({ signal }) => {
      const chunks: Uint8Array[] = [];
      let length = 0;
      const store = client.store;
      if (!store) throw new Error("No content store configured.");
      for await (const chunk of store.get(cid, { signal })) {
        chunks.push(chunk);
        length += chunk.length;
      }
      const bytes = new Uint8Array(length);
      let offset = 0;
      for (const c of chunks) {
        bytes.set(c, offset);
        offset += c.length;
      }
      return bytes;
    },
  });
  const sniffed = useMemo(() => (content.data ? sniff(content.data) : undefined), [content.data]);
  const url = useMemo(
    () =>
      content.data && sniffed && (sniffed.kind === "image" || sniffed.kind === "audio")
        ? URL.createObjectURL(new Blob([content.data as Uint8Array<ArrayBuffer>], { type: sniffed.type }))
        : undefined,
    [content.data, sniffed],
  );
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (tooBig) return <p className="muted">{t("preview.tooBig")}</p>;
  if (content.isPending)
    return (
      <p role="status" className="loading">
        <span className="spinner" aria-hidden="true" /> {t("preview.loading")}
      </p>
    );
  if (content.error) return <ErrorView error={content.error} onRetry={() => content.refetch()} />;
  const bytes = content.data as Uint8Array;
  return (
    <figure className="preview">
      {sniffed?.kind === "image" && <img src={url} alt={t("preview.imageAlt", { cid })} />}
      {sniffed?.kind === "audio" && (
        // biome-ignore lint/a11y/useMediaCaption: contributed recordings come without captions
        <audio controls src={url} aria-label={t("preview.audioLabel")} />
      )}
      {sniffed?.kind === "text" && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <section className="scroll" aria-label={t("preview.textLabel")} tabIndex={0}>
          <pre>{new TextDecoder().decode(bytes.subarray(0, 65536))}</pre>
        </section>
      )}
      {sniffed?.kind === "binary" && <p>{t("preview.binary", { size: bytes.length })}</p>}
      <figcaption className="verified">
        <span aria-hidden="true">✓</span> {t("preview.verified", { cid })}
      </figcaption>
    </figure>
  );
}
