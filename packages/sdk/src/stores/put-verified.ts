import { CID } from "multiformats/cid";
import { CidMismatchError } from "../errors/store.js";
import { startHashRun } from "../hash/engine.js";
import { toAsyncIterable } from "../hash/hashStream.js";
import { defaultCidProfile } from "../hash/profiles.js";
import type { ContentSource, PutOptions, PutResult } from "./types.js";

/**
 * Sends content to a store while hashing it locally in the same pass, then checks that the
 * store's CID equals the local one for the profile. Throws {@link CidMismatchError} if not.
 *
 * @param add - Sends the (tapped) bytes to the store and resolves to the CID it reports.
 * @example
 * ```ts
 * const { cid } = await putVerified("kubo", content, { profile: "unixfs-v0-2015" }, async (source) =>
 *   (await kubo.add(source, { cidVersion: 0 })).cid.toString(),
 * );
 * ```
 */
export async function putVerified(
  store: string,
  content: ContentSource,
  options: PutOptions,
  add: (source: AsyncIterable<Uint8Array>) => Promise<string | CID>,
  hint?: string,
): Promise<PutResult> {
  const run = await startHashRun({
    ...options,
    ...(content instanceof Uint8Array ? { totalBytes: content.length, exactSize: true } : {}),
  });
  async function* tap(): AsyncGenerator<Uint8Array> {
    for await (const chunk of toAsyncIterable(content instanceof Uint8Array ? [content] : content)) {
      await run.write(chunk);
      yield chunk;
    }
  }
  let reported: string | CID;
  let local: PutResult;
  try {
    reported = await add(tap());
    local = await run.finish();
  } catch (error) {
    run.abort();
    throw error;
  }
  const actual = typeof reported === "string" ? reported : reported.toString();
  if (!CID.parse(actual).equals(CID.parse(local.cid))) {
    throw new CidMismatchError({
      store,
      expected: local.cid,
      actual,
      profile: options.profile ?? defaultCidProfile,
      hint,
    });
  }
  return local;
}
