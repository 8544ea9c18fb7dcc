/**
 * `npm start`: the whole Cairn story on a local in-process network, printed as it happens.
 * A steward creates a dataset of Swahili proverbs; three contributors sign their files and a relayer
 * submits them (they hold no gas); a duplicate is refused; two curators review; a sponsor funds the
 * pool; contributors claim; a model builder exports and verifies the dataset. Then the end of the story: the
 * steward cuts a release, the model builder exports it as Parquet, registers "methali-small" trained on it and pays
 * a data dividend, which the contributors of that release, and only they, claim. Nothing keeps running.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CairnClient,
  ContractCallError,
  claim,
  claimDividends,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  cutRelease,
  deployCairn,
  deployReleases,
  deployTestToken,
  exportDataset,
  exportRelease,
  fund,
  getClaimable,
  getContribution,
  payDividend,
  prepareContribution,
  registerModel,
  review,
  signContribution,
  submitSignedContributions,
  testTokenAbi,
  verifyDataset,
  withClient,
} from "@cairn/sdk";
import { Wallet } from "ethers";
import { network } from "hardhat";
import { formatUnits, type Hash, type Hex, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { contributions, manifest } from "./demo/proverbs.js";

const started = performance.now();
const say = (line: string) => console.log(line);
const step = (title: string) => say(`\n\x1b[1m▸ ${title}\x1b[0m`);
const short = (hex: string) => `${hex.slice(0, 10)}…`;

const { viem } = await network.create();
const publicClient = (await viem.getPublicClient()) as never as CairnClient["publicClient"];
const [steward, curatorA, curatorB, sponsor, relayer, builder, latecomer] = await viem.getWalletClients();
const dir = await mkdtemp(join(tmpdir(), "cairn-demo-"));
const store = await createHeliaStore({ directory: join(dir, "ipfs") });
const gas = new Map<string, bigint>();
async function track(label: string, hash: Hash | undefined) {
  if (!hash || hash === "0x") return;
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  gas.set(label, (gas.get(label) ?? 0n) + receipt.gasUsed);
}

try {
  step("A local network: in-process EVM (Hardhat EDR) and an embedded IPFS node (Helia)");
  const { registry, vault } = await deployCairn({ publicClient, walletClient: steward as never });
  const token = await deployTestToken({
    publicClient,
    walletClient: steward as never,
    name: "Jamii Token",
    symbol: "JMI",
  });
  const base = await createCairnClient({ publicClient, registry, vault, store });
  const as = (wallet: unknown) => withClient(base, { walletClient: wallet as never });
  say(`  registry ${registry}, reward vault ${vault}, reward token JMI ${token}`);

  step("The steward creates the dataset");
  const created = await createDataset(as(steward), {
    manifest,
    curators: [curatorA.account.address, curatorB.account.address],
    quorum: 2,
    rewardToken: token,
  });
  await track("create dataset", created.hash);
  const datasetId = created.datasetId;
  say(`  dataset #${datasetId} "${manifest.name}" (${manifest.language}, ${manifest.license})`);
  say(`  manifest on IPFS: ${created.manifestCid}; terms hash ${short(created.termsHash)}; 2 curators, quorum 2`);

  step("Three contributors sign their proverbs; a relayer submits them (the contributors hold no gas)");
  const people = {
    Amani: privateKeyToAccount(generatePrivateKey()),
    Baraka: new Wallet(generatePrivateKey()),
    Chiku: privateKeyToAccount(generatePrivateKey()),
  };
  const addressOf: Record<string, Hex> = {
    Amani: people.Amani.address,
    Baraka: people.Baraka.address as Hex,
    Chiku: people.Chiku.address,
  };
  const signed = [];
  const owner = new Map<string, string>();
  for (const [name, texts] of Object.entries(contributions)) {
    for (const [i, text] of texts.entries()) {
      const path = join(dir, `${name.toLowerCase()}-${i + 1}.txt`);
      await writeFile(path, `${text}\n`);
      const item = await prepareContribution(base, { datasetId, content: path });
      signed.push(
        await signContribution(people[name as keyof typeof people], {
          item,
          chainId: base.chainId,
          registry,
          termsHash: created.termsHash,
        }),
      );
      owner.set(item.contentHash, name);
      say(`  ${name.padEnd(6)} signs "${text.split("\n")[0]}"  sha256 ${short(item.contentHash)}  ${item.cid}`);
    }
  }
  const { outcomes } = await submitSignedContributions(as(relayer), { items: signed });
  await track("signed batch (6 items)", outcomes[0].transactionHash);
  say(
    `  relayer submitted ${outcomes.length} signed contributions in one batch: ${outcomes.filter((o) => o.status === "registered").length} registered`,
  );

  step("A duplicate is refused, naming the existing contribution");
  const copy = join(dir, "copy.txt");
  await writeFile(copy, `${contributions.Amani[0]}\n`);
  try {
    await contribute(as(builder), { datasetId, contents: [copy] });
    throw new Error("the duplicate was accepted");
  } catch (error) {
    if (!(error instanceof ContractCallError)) throw error;
    say(`  refused before any transaction: ${error.shortMessage}`);
  }

  step("Two curators review (accept with a score, or reject)");
  const scores: Record<string, [number | null, number | null]> = {};
  const items = signed.map((s) => s.contentHash);
  const plan: Array<[number | null, number | null]> = [
    [90, 80],
    [70, 76],
    [88, 92],
    [null, null],
    [60, 70],
    [95, 85],
  ];
  for (const [curator, column] of [
    [curatorA, 0],
    [curatorB, 1],
  ] as const) {
    const { outcomes: votes } = await review(as(curator), {
      reviews: items.map((contentHash, i) => {
        const score = plan[i][column];
        return score === null
          ? { datasetId, contentHash, accept: false as const }
          : { datasetId, contentHash, accept: true as const, score };
      }),
    });
    await track(`review batch (${items.length} votes)`, votes[0].transactionHash);
  }
  for (const [i, contentHash] of items.entries()) {
    const c = await getContribution(base, { datasetId, contentHash });
    scores[contentHash] = plan[i];
    say(
      `  ${owner.get(contentHash)?.padEnd(6)} ${short(contentHash)}  ${c.status.padEnd(8)} ${c.status === "accepted" ? `weight ${c.score}` : ""}`,
    );
  }

  step("A sponsor funds the pool (ERC-2612 permit, one transaction)");
  const tokenContract = { address: token, abi: testTokenAbi } as const;
  await track(
    "mint (demo only)",
    await steward.writeContract({
      ...tokenContract,
      functionName: "mint",
      args: [sponsor.account.address, parseUnits("10000", 18)],
    }),
  );
  const funded = await fund(as(sponsor), { datasetId, amount: parseUnits("1000", 18) });
  await track("fund with permit", funded.hash);
  say(`  1000 JMI funded; shared pro rata over the accepted weight at this moment`);

  step("Contributors see their rewards and claim them (the relayer triggers the claims; tokens go to them)");
  const rewards: Record<string, bigint> = {};
  for (const [name, address] of Object.entries(addressOf)) {
    const due = await getClaimable(base, { datasetId, account: address });
    const result = await claim(as(relayer), { datasetIds: [datasetId], account: address });
    await track("claim", result.hash);
    rewards[name] = await publicClient.readContract({ ...tokenContract, functionName: "balanceOf", args: [address] });
    say(
      `  ${name.padEnd(6)} claimable ${formatUnits(due, 18).padStart(10)} JMI → balance ${formatUnits(rewards[name], 18)} JMI`,
    );
  }

  step("A model builder exports the dataset and verifies every byte");
  const out = join(dir, "export");
  const exported = await exportDataset(base, { datasetId, directory: out });
  const verified = await verifyDataset(base, { datasetId });
  const firstLine = (await readFile(exported.provenancePath, "utf8")).split("\n")[0];
  say(
    `  ${exported.exported} files exported to ${out}, ${exported.failures.length} failures; verify: ${verified.ok ? "every sha256 and CID matches the chain" : "MISMATCH"}`,
  );
  say(`  provenance.jsonl: ${firstLine.slice(0, 150)}…`);

  step("The steward cuts release 1: one Merkle root on-chain for the accepted proverbs");
  const { releases, models } = await deployReleases({ publicClient, walletClient: steward as never, registry });
  const full = withClient(base, { releases, models });
  const asFull = (wallet: unknown) => withClient(full, { walletClient: wallet as never });
  const release = await cutRelease(asFull(steward), { datasetId });
  await track("cut release", release.hash);
  say(
    `  release ${release.number}: ${release.itemCount} items, total score ${release.totalScore}, root ${short(release.root)}, file list ${release.fileListCid}`,
  );

  step("The model builder exports release 1 for training: Parquet, a dataset card, Croissant metadata");
  const parquet = await exportRelease(full, {
    releaseId: release.releaseId,
    directory: join(dir, "parquet"),
    format: "parquet",
  });
  say(`  ${parquet.items} rows verified against the chain → ${parquet.files.join(", ")}`);
  say(`  columns: ${parquet.columns.map((c) => c.name).join(", ")}; README.md and croissant.json beside them`);

  step("Dalila contributes after the release (accepted, but not in release 1)");
  const late = join(dir, "dalila.txt");
  await writeFile(late, "Mgeni siku mbili, siku ya tatu mpe jembe.\n");
  const { outcomes: lateOutcomes } = await contribute(as(latecomer), { datasetId, contents: [late] });
  for (const curator of [curatorA, curatorB])
    await review(as(curator), {
      reviews: [{ datasetId, contentHash: lateOutcomes[0].contentHash, accept: true, score: 90 }],
    });
  addressOf.Dalila = latecomer.account.address;

  step('"methali-small" is registered as trained on release 1 and pays a 600 JMI data dividend');
  const model = await registerModel(asFull(builder), {
    name: "methali-small",
    releaseIds: [release.releaseId],
    dividendToken: token,
    weightsCid: release.fileListCid,
    license: "Apache-2.0",
  });
  await track("register model", model.hash);
  await track(
    "mint (demo only)",
    await steward.writeContract({
      ...tokenContract,
      functionName: "mint",
      args: [builder.account.address, parseUnits("600", 18)],
    }),
  );
  const paid = await payDividend(asFull(builder), { modelId: model.modelId, amount: parseUnits("600", 18) });
  await track("pay dividend", paid.hash);
  say(`  model #${model.modelId} paid ${formatUnits(paid.credited, 18)} JMI, shared over release 1 pro rata to score`);

  step("The release's contributors claim their dividend (Merkle proof of their leaf); Dalila has none");
  const dividends: Record<string, string> = {};
  for (const [name, address] of Object.entries(addressOf)) {
    const { claimed, hash } = await claimDividends(asFull(relayer), { account: address });
    await track("claim dividend", hash);
    const total = claimed.reduce((sum, c) => sum + c.amount, 0n);
    dividends[name] = formatUnits(total, 18);
    say(`  ${name.padEnd(6)} ${claimed.length} leaf/leaves → ${formatUnits(total, 18)} JMI`);
  }
  if (dividends.Dalila !== "0") throw new Error("a contributor outside the release was paid its dividend");

  step("Summary");
  console.table(
    items.map((contentHash, i) => ({
      contributor: owner.get(contentHash),
      contribution: short(contentHash),
      votes: plan[i].map((s) => (s === null ? "reject" : s)).join(" / "),
      status: plan[i][0] === null ? "rejected" : "accepted",
      weight: plan[i][0] === null ? 0 : Math.floor(((plan[i][0] as number) + (plan[i][1] as number)) / 2),
    })),
  );
  console.table(
    Object.fromEntries(Object.entries(rewards).map(([name, amount]) => [name, { rewardJMI: formatUnits(amount, 18) }])),
  );
  console.table(Object.fromEntries([...gas].map(([label, used]) => [label, { gas: Number(used) }])));
  say(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Nothing is left running.`);
  say("In a browser: `npm run web:build && npm run cairn -- dev`, then open the Web app URL it prints");
  say("(http://127.0.0.1:8090 unless that port is taken) and connect a wallet on chain 31337.");
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
