import type { Address, Hash, Hex } from "viem";
import { modelRegistryAbi } from "../../abis/modelRegistry.js";
import type { CairnClient } from "../../client.js";
import { isAddressEqual, loadViem } from "../../internal/evm.js";
import { walletAddress, writeContract } from "../../internal/write.js";
import { type ReleaseLeaf, toLeafStruct } from "../releases/tree.js";
import { verifiedReleaseTree } from "../releases/verifyRelease.js";
import { listModels } from "./getModel.js";
import { modelsAddress } from "./registerModel.js";

/** One leaf's dividend in one release and token. */
export type DividendEntry = {
  releaseId: bigint;
  token: Address;
  leaf: ReleaseLeaf;
  proof: Hex[];
  claimable: bigint;
};

export type GetDividendsParameters = {
  /** Whose leaves (the owners recorded in the releases). */
  account: Address;
  /** Only these releases (default: every release a model cites). */
  releaseIds?: readonly bigint[] | undefined;
};

/**
 * What an account can claim in data dividends: for every release some model cites (and each token those models
 * pay in), the account's leaves in that release, their proofs, and what each can claim now. Each release's tree
 * is rebuilt from the chain and checked against its recorded root.
 *
 * @example
 * ```ts
 * const entries = await getDividends(client, { account });
 * const total = entries.reduce((sum, e) => sum + e.claimable, 0n);
 * ```
 */
export async function getDividends(client: CairnClient, p: GetDividendsParameters): Promise<DividendEntry[]> {
  const address = modelsAddress(client, "Reading data dividends");
  const tokens = new Map<bigint, Set<Address>>();
  for (const model of await listModels(client))
    for (const releaseId of model.releaseIds) {
      if (p.releaseIds && !p.releaseIds.includes(releaseId)) continue;
      if (!tokens.has(releaseId)) tokens.set(releaseId, new Set());
      tokens.get(releaseId)?.add(model.dividendToken);
    }
  const entries: DividendEntry[] = [];
  for (const [releaseId, releaseTokens] of tokens) {
    const { tree } = await verifiedReleaseTree(client, { releaseId });
    for (const leaf of tree.leaves) {
      if (!isAddressEqual(leaf.owner, p.account)) continue;
      const { proof } = tree.proof(leaf.contentHash) as { proof: Hex[] };
      for (const token of releaseTokens) {
        const claimable = await client.publicClient.readContract({
          address,
          abi: modelRegistryAbi,
          functionName: "claimableDividend",
          args: [releaseId, token, toLeafStruct(leaf), proof],
        });
        entries.push({ releaseId, token, leaf, proof, claimable });
      }
    }
  }
  return entries;
}

export type ClaimDividendsReturnType = {
  claimed: Array<{ releaseId: bigint; token: Address; contentHash: Hex; amount: bigint }>;
  /** Claims the token refused to send to the owner (a blocklist, a contract that rejects it): kept in the model
   * registry for the owner, who takes them with `withdrawParkedDividends`. Also listed in `claimed`. */
  parked: Array<{ releaseId: bigint; token: Address; contentHash: Hex; amount: bigint }>;
  hash: Hash | undefined;
};

/**
 * Claims every data dividend an account's leaves have earned, in one transaction (anyone may send it; the tokens
 * go to the leaves' owner). If nothing is due, no transaction is sent.
 *
 * @example
 * ```ts
 * const { claimed } = await claimDividends(client, {});
 * ```
 */
export async function claimDividends(
  client: CairnClient,
  p: Partial<GetDividendsParameters> = {},
): Promise<ClaimDividendsReturnType> {
  const action = "Claiming data dividends";
  const account = p.account ?? walletAddress(client, action);
  const due = (await getDividends(client, { account, releaseIds: p.releaseIds })).filter((e) => e.claimable > 0n);
  if (due.length === 0) return { claimed: [], parked: [], hash: undefined };
  const { hash, receipt } = await writeContract(client, action, {
    address: modelsAddress(client, action),
    abi: modelRegistryAbi,
    functionName: "claimDividends",
    args: [due.map((e) => ({ releaseId: e.releaseId, token: e.token, leaf: toLeafStruct(e.leaf), proof: e.proof }))],
  });
  const { parseEventLogs } = await loadViem();
  const entries = (eventName: "DividendClaimed" | "DividendParked") =>
    parseEventLogs({ abi: modelRegistryAbi, logs: receipt.logs, eventName }).map((l) => ({
      releaseId: l.args.releaseId,
      token: l.args.token,
      contentHash: l.args.contentHash,
      amount: l.args.amount,
    }));
  return { claimed: entries("DividendClaimed"), parked: entries("DividendParked"), hash };
}
