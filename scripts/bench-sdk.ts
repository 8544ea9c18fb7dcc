/**
 * SDK benchmark: EIP-712 contribution signatures per second (viem account and ethers signer), and
 * signed contributions per second submitted through the in-process chain in batches of 100.
 * Prints a table and writes bench/results/sdk.json (`signaturesPerSecond`, `contributionsPerSecond`).
 *
 *   npm run bench:sdk
 */
import { mkdirSync, writeFileSync } from "node:fs";
import {
  createCairnClient,
  createDataset,
  deployCairn,
  type PreparedContribution,
  type SignedContribution,
  signContribution,
  submitSignedContributions,
  withClient,
} from "@cairn/sdk";
import { Wallet } from "ethers";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import { concatHex, hexToBytes, keccak256, sha256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const SIGNATURES = 2_000;
const CONTRIBUTIONS = 2_000;
const BATCH = 100;

const { viem } = await network.create();
const publicClient = (await viem.getPublicClient()) as never;
const [steward, relayer] = await viem.getWalletClients();
const { registry } = await deployCairn({ publicClient, walletClient: steward as never });
const client = await createCairnClient({ publicClient, registry });
const { datasetId, termsHash } = await createDataset(withClient(client, { walletClient: steward as never }), {
  manifestCid: "bafkreiemkz4opln3v6osdk7xb3pi5hasbrrwohartpg4vnqkdao7ufu4zm",
  terms: "bench terms",
});

/** Distinct items with a real CIDv1 (raw, sha2-256) of 36 bytes, as single-block files have. */
function item(i: number): PreparedContribution {
  const digest = sha256(toHex(`bench item ${i}`));
  const cid = CID.decode(hexToBytes(concatHex(["0x01551220", digest]))).toString();
  return { datasetId, contentHash: digest, cid, size: 32n };
}
const domain = { chainId: client.chainId, registry, termsHash, deadline: 4_000_000_000n };

async function rate(label: string, count: number, run: () => Promise<void>) {
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${count} in ${seconds.toFixed(2)} s`);
  return Math.round(count / seconds);
}

const viemAccount = privateKeyToAccount(keccak256(toHex("bench viem signer")));
const ethersSigner = new Wallet(keccak256(toHex("bench ethers signer")));
const signed: SignedContribution[] = [];
const viemRate = await rate("viem signatures", SIGNATURES, async () => {
  for (let i = 0; i < SIGNATURES; i++) signed.push(await signContribution(viemAccount, { item: item(i), ...domain }));
});
const ethersRate = await rate("ethers signatures", SIGNATURES / 4, async () => {
  for (let i = 0; i < SIGNATURES / 4; i++) await signContribution(ethersSigner, { item: item(1e6 + i), ...domain });
});

const asRelayer = withClient(client, { walletClient: relayer as never });
let registered = 0;
const contributionRate = await rate(
  `signed contributions through the chain (batches of ${BATCH})`,
  CONTRIBUTIONS,
  async () => {
    const { outcomes } = await submitSignedContributions(asRelayer, {
      items: signed.slice(0, CONTRIBUTIONS),
      batchSize: BATCH,
    });
    registered = outcomes.filter((o) => o.status === "registered").length;
  },
);
if (registered !== CONTRIBUTIONS) throw new Error(`only ${registered} of ${CONTRIBUTIONS} registered`);

const results = {
  signaturesPerSecond: viemRate,
  ethersSignaturesPerSecond: ethersRate,
  contributionsPerSecond: contributionRate,
  batchSize: BATCH,
};
console.table({
  "EIP-712 signatures / s (viem account)": { value: viemRate },
  "EIP-712 signatures / s (ethers signer)": { value: ethersRate },
  [`contributions / s (signed, batches of ${BATCH}, in-process chain)`]: { value: contributionRate },
});
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/sdk.json", `${JSON.stringify(results, null, 2)}\n`);
console.log("wrote bench/results/sdk.json");
