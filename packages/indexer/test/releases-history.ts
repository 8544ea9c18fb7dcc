// A release, a model citing it, a dividend paid to the model and claimed by a contribution's owner, a steward's
// endorsement; and the comparison of the indexer's answers with the ReleaseRegistry's and ModelRegistry's views.
import { cairnRegistryAbi, modelRegistryAbi, releaseRegistryAbi, testTokenAbi } from "@cairn/sdk";
import { type Address, type Hex, sha256, toHex } from "viem";
import { type Diff, same } from "./compare.js";
import { account, type Chain, type Deployment, getJson, wallet } from "./harness.js";
import { content, MANIFEST, send } from "./history.js";

/** Cuts release 1 of `datasetId` (a one-leaf tree over a new contribution of account 5), and the rest. */
export async function releaseHistory(chain: Chain, d: Deployment, datasetId: bigint): Promise<Hex> {
  const owner = account(chain, 5).address;
  const c = content(`release-item/${datasetId}`);
  await send(chain, wallet(chain, 5), d.registry, cairnRegistryAbi, "contributeBatch", [
    [{ datasetId, contentHash: c.contentHash, size: c.size, cid: c.cid, metadataCid: "0x" }],
  ]);
  const { score } = (await chain.publicClient.readContract({
    address: d.registry,
    abi: cairnRegistryAbi,
    functionName: "getContribution",
    args: [datasetId, c.contentHash],
  })) as unknown as { score: number };
  const leaf = { contentHash: c.contentHash, cid: c.cid, size: c.size, owner, score };
  // A tree of one leaf: its root is the leaf's hash, and the proof is empty.
  const root = (await chain.publicClient.readContract({
    address: d.releases,
    abi: releaseRegistryAbi,
    functionName: "leafHash",
    args: [leaf],
  })) as Hex;
  const snapshotBlock = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  await send(chain, wallet(chain, 0), d.releases, releaseRegistryAbi, "cutRelease", [
    {
      datasetId,
      parentId: 0n,
      root,
      itemCount: 1n,
      totalScore: BigInt(score),
      snapshotBlock,
      manifestCid: MANIFEST,
      fileListCid: MANIFEST,
      license: "CC-BY-4.0",
    },
  ]);
  await send(chain, wallet(chain, 0), d.models, modelRegistryAbi, "registerModel", [
    {
      name: "indexer test model",
      releaseIds: [1n],
      dividendToken: d.token,
      weightsCid: MANIFEST,
      weightsSha256: sha256(toHex("weights")),
      license: "MIT",
      cardCid: "0x",
    },
  ]);
  await send(chain, wallet(chain, 0), d.token, testTokenAbi, "approve", [d.models, 2n ** 255n]);
  await send(chain, wallet(chain, 0), d.models, modelRegistryAbi, "payDividend", [1n, 3_000_000n]);
  await send(chain, wallet(chain, 0), d.models, modelRegistryAbi, "reviewModel", [1n, datasetId, 1]);
  await send(chain, wallet(chain, 9), d.models, modelRegistryAbi, "claimDividend", [
    { releaseId: 1n, token: d.token, leaf, proof: [] },
  ]);
  return c.contentHash;
}

// biome-ignore lint/suspicious/noExplicitAny: views' results and the indexer's answers are loosely typed here
type Json = any;

/** Every release and model, as the registries' views and logs say, against the indexer's REST answers. */
export async function compareReleases(url: string, chain: Chain, d: Deployment): Promise<Diff> {
  const diff: Diff = [];
  const read = (address: Address, abi: Json, functionName: string, args: unknown[] = []) =>
    chain.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<Json>;
  const releaseCount = Number(await read(d.releases, releaseRegistryAbi, "releaseCount"));
  const claims = await chain.publicClient.getContractEvents({
    address: d.models,
    abi: modelRegistryAbi,
    eventName: "DividendClaimed",
    fromBlock: 0n,
  });
  for (let id = 1n; id <= BigInt(releaseCount); id++) {
    const view = await read(d.releases, releaseRegistryAbi, "getRelease", [id]);
    const { status, body } = await getJson(`${url}/v1/releases/${id}`);
    if (status !== 200) {
      diff.push(`release ${id}: ${status}`);
      continue;
    }
    same(
      diff,
      `release ${id}`,
      [view.root, view.datasetId, view.snapshotBlock, view.itemCount, view.number, view.totalScore, view.parentId],
      [body.root, body.datasetId, body.snapshotBlock, body.itemCount, body.number, body.totalScore, body.parentId],
    );
    const claimed = claims.filter((l) => l.args.releaseId === id).reduce((s, l) => s + (l.args.amount as bigint), 0n);
    same(
      diff,
      `release ${id} dividends claimed`,
      claimed,
      (body.dividendsClaimed as Array<{ amount: string }>).reduce((s, x) => s + BigInt(x.amount), 0n),
    );
    const listed = await getJson(`${url}/v1/datasets/${view.datasetId}/releases`);
    if (!listed.body.releases?.some((r: Json) => r.id === id.toString())) diff.push(`release ${id} not listed`);
  }
  const modelCount = Number(await read(d.models, modelRegistryAbi, "modelCount"));
  const models = await getJson(`${url}/v1/models`);
  same(
    diff,
    "model ids",
    Array.from({ length: modelCount }, (_, i) => String(i + 1)),
    models.body.models?.map((m: Json) => m.id),
  );
  for (let id = 1n; id <= BigInt(modelCount); id++) {
    const view = await read(d.models, modelRegistryAbi, "getModel", [id]);
    const { status, body } = await getJson(`${url}/v1/models/${id}`);
    if (status !== 200) {
      diff.push(`model ${id}: ${status}`);
      continue;
    }
    same(
      diff,
      `model ${id}`,
      [view.registrant, view.dividendToken, view.weightsSha256, view.releaseIds.map(String), view.paid],
      [body.registrant, body.dividendToken, body.weightsSha256, body.releaseIds, body.paid],
    );
    for (const review of body.reviews as Json[]) {
      const standing = Number(await read(d.models, modelRegistryAbi, "standingOf", [id, BigInt(review.datasetId)]));
      same(
        diff,
        `model ${id} standing in ${review.datasetId}`,
        ["none", "endorsed", "flagged"][standing],
        review.standing,
      );
    }
  }
  return diff;
}
