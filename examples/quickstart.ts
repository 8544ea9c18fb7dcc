/**
 * The README's SDK example: with `npm run cairn -- dev` running in another terminal, run
 *   npx tsx examples/quickstart.ts
 * It creates a dataset, contributes a file signed by a contributor who holds no gas (submitted by
 * another account, as a relayer would), accepts it, funds the pool and claims the reward.
 */
import { readFile } from "node:fs/promises";
import {
  claim,
  createCairnClient,
  createDataset,
  createHeliaStore,
  fund,
  getDataset,
  prepareContribution,
  review,
  signContribution,
  submitSignedContributions,
  verifyContribution,
  withClient,
} from "@cairn/sdk";
import { createPublicClient, createWalletClient, http, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

// Where `cairn dev` wrote its endpoints, addresses and (public, development-only) keys.
const dev = JSON.parse(await readFile(process.env.CAIRN_DEV_FILE ?? ".cairn/dev.json", "utf8"));
const transport = http(dev.rpc);
const wallet = (key: `0x${string}`) => createWalletClient({ account: privateKeyToAccount(key), transport });
const steward = wallet(dev.accounts[0].privateKey); // also curator and sponsor, to keep the example short
const relayer = wallet(dev.accounts[1].privateKey);
const contributor = privateKeyToAccount(generatePrivateKey()); // holds no gas at all

const store = await createHeliaStore({ directory: ".cairn/example-ipfs" });
const client = await createCairnClient({
  publicClient: createPublicClient({ transport }),
  registry: dev.registry,
  store,
});

// 1. A steward creates a dataset: manifest on IPFS, terms hashed on-chain, one curator, a reward token.
const { datasetId } = await createDataset(withClient(client, { walletClient: steward }), {
  manifest: {
    schema: "cairn.manifest/1",
    name: "Example proverbs",
    description: "Proverbs and their meaning.",
    language: "sw",
    license: "CC-BY-4.0",
    items: { kind: "text" },
    guidelines: "One proverb per file.",
    terms: "I may share this under CC-BY-4.0.",
  },
  curators: [steward.account.address],
  quorum: 1,
  rewardToken: dev.token,
});

// 2. The contributor stores a file and signs it (EIP-712, binding the dataset's terms); a relayer submits it.
const item = await prepareContribution(client, {
  datasetId,
  content: new TextEncoder().encode(`Haba na haba hujaza kibaba. (${Date.now()})\n`),
});
const { termsHash } = await getDataset(client, { datasetId });
const signed = await signContribution(contributor, {
  item,
  chainId: client.chainId,
  registry: client.registry,
  termsHash,
});
const { outcomes } = await submitSignedContributions(withClient(client, { walletClient: relayer }), {
  items: [signed],
});
console.log(`contribution ${item.contentHash} (${item.cid}): ${outcomes[0].status}`);

// 3. The curator accepts it with a score; a sponsor funds the pool; anyone claims for the contributor.
await review(withClient(client, { walletClient: steward }), {
  reviews: [{ datasetId, contentHash: item.contentHash, accept: true, score: 90 }],
});
await fund(withClient(client, { walletClient: steward }), { datasetId, amount: parseUnits("100", 18) });
const { claimed } = await claim(withClient(client, { walletClient: relayer }), {
  datasetIds: [datasetId],
  account: contributor.address,
});
console.log(`contributor ${contributor.address} was paid ${claimed[0].amount} (smallest units)`);

// 4. Anyone verifies the bytes against the chain.
const report = await verifyContribution(client, { datasetId, contentHash: item.contentHash });
console.log(`verified: ${report.ok}`);
await store.close();
