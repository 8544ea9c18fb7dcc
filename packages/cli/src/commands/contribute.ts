import { createHash } from "node:crypto";
import { join } from "node:path";
import type * as Sdk from "@cairn/sdk";
import { CID } from "multiformats/cid";
import type * as Viem from "viem";
import type { Address, Hash, Hex, TransactionReceipt } from "viem";
import { bool, type Command, keyOptions, networkOptions, str, strs } from "../lib/command.js";
import { type Context, connect } from "../lib/context.js";
import { CliError, InterruptedError, UsageError } from "../lib/errors.js";
import { expandPaths, type FileEntry } from "../lib/files.js";
import { Journal, type JournalEntry, resumeDecision } from "../lib/journal.js";
import { formatBytes, print } from "../lib/output.js";
import { datasetIdOf, integerOf } from "../lib/parse.js";
import { originListen, psaHelp } from "../lib/pinning.js";
import { Progress } from "../lib/progress.js";
import { openStoreSpecs } from "../lib/stores.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;
/** viem, loaded with the SDK when the command runs. */
let viem: typeof Viem;

type Stored = { path: string; size: number; mtimeMs: number; contentHash: Hex; cid: string };
type ItemStatus = "registered" | "already-registered" | "duplicate" | "skipped";
type ItemReport = Stored & {
  status: ItemStatus;
  transactionHash?: Hash | undefined;
  reason?: string | undefined;
  contributor?: Address | undefined;
  /** The stores holding a verified copy (when pinning applies). */
  pinnedIn?: string[] | undefined;
};

export const contributeCommand: Command = {
  name: "contribute",
  summary: "add files and folders to a dataset (stored on IPFS, registered on-chain); resumable",
  usage: "cairn contribute <path>... --dataset <id> [--batch-size n] [--skip-duplicates]",
  description: [
    "Stores every file (folders: recursively, sorted) on IPFS, then registers them in batches.",
    "Every step is written to a journal (<data-dir>/journal/<dataset>-<hash of the arguments>.jsonl, fsync'd):",
    "run the same command again after Ctrl-C or a crash and it continues where it stopped, checking the",
    "chain for what is already registered, so nothing is registered twice and nothing is lost.",
    "Content already registered by someone else is refused (the first registration wins) unless --skip-duplicates.",
    "Pinning: each file is also put into every --pin store (helia:<dir>, kubo:<url>, or a pinning service:",
    `${psaHelp}),`,
    "and when the dataset's manifest names a pinning policy (pinning.minCopies), every file must reach that many",
    "verified copies; the report says per file where it is pinned. With private stores nothing is registered",
    "before that; a public store (a pinning service, Kubo) gets only registered files (nobody can copy a",
    "content hash from it and register it first), so the check follows registration: run again to retry it.",
    "A pinning service fetches each file from this command's IPFS node, which listens on CAIRN_IPFS_LISTEN",
    "(multiaddrs, default /ip4/0.0.0.0/tcp/0) while the command runs: the service must be able to dial it.",
  ].join("\n"),
  options: {
    dataset: { type: "string", value: "<id>", description: "The dataset to contribute to (required)." },
    "batch-size": { type: "string", value: "<n>", description: "Items per transaction (default 100)." },
    "skip-duplicates": {
      type: "boolean",
      description: "Skip content someone else registered first, instead of stopping.",
    },
    relayer: {
      type: "string",
      value: "<url>",
      description: "Sign each contribution and send it to a relayer (gasless) instead of submitting.",
    },
    pin: {
      type: "string",
      multiple: true,
      value: "<kind>:<where>",
      description: "Another store to pin every file to (repeatable): helia:<dir>, kubo:<url>, psa:<endpoint>.",
    },
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn contribute ./proverbs --dataset 1",
    "cairn contribute a.txt b.txt audio/ --dataset 1 --batch-size 50 --json",
    "cairn contribute ./proverbs --dataset 1   # again after Ctrl-C: resumes",
    "cairn contribute ./proverbs --dataset 1 --pin kubo:http://127.0.0.1:5001   # a second copy",
    "CAIRN_PSA_TOKEN=… cairn contribute ./proverbs --dataset 1 --pin psa:https://api.pinata.cloud/psa,gateway=https://gateway.pinata.cloud",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    viem = await import("viem");
    const datasetId = datasetIdOf(str(args, "dataset"), "contribute");
    if (args.positionals.length === 0) throw new UsageError("Give the files or folders to contribute.", "contribute");
    const batchSize = integerOf(str(args, "batch-size"), "--batch-size", "contribute", 1, 1000) ?? 100;
    const files = await expandPaths(args.positionals);

    // A pinning service fetches the content from this command's own node: it listens while the command runs.
    const psa = strs(args, "pin").some((spec) => spec.startsWith("psa:"));
    const ctx = await connect(args, {
      wallet: "required",
      store: "write",
      action: "Contributing",
      listen: psa ? originListen() : undefined,
    });
    const account = ctx.account as NonNullable<Context["account"]>;
    const dataset = await sdk.getDataset(ctx.client, { datasetId });
    if (dataset.status !== "open")
      throw new sdk.ContractCallError({
        errorName: "DatasetNotOpen",
        args: [datasetId, ["none", "open", "paused", "closed"].indexOf(dataset.status)],
      });

    // The dataset's pinning policy, and the stores that apply it (checked before anything is stored).
    const pinSpecs = strs(args, "pin");
    const gateway = pinSpecs.find((spec) => spec.startsWith("gateway:"));
    if (gateway)
      throw new UsageError(
        `--pin ${gateway}: a gateway is read-only; pin to helia:<dir>, kubo:<url> or psa:<endpoint>`,
        "contribute",
      );
    const manifest = await sdk.getManifest(ctx.client, { datasetId }).catch(() => undefined);
    const minCopies = manifest?.pinning?.minCopies ?? 1;
    if (minCopies > 1 + pinSpecs.length)
      throw new CliError(
        `Dataset ${datasetId}'s pinning policy asks for ${minCopies} independent copies of each file; this run has ${1 + pinSpecs.length} store(s).`,
        {
          meta: [
            `Add ${minCopies - 1 - pinSpecs.length} more --pin <kind>:<where> (helia:<dir>, kubo:<url>, psa:<endpoint>).`,
          ],
        },
      );
    const pins = await openStoreSpecs(pinSpecs, "contribute", ctx.client.store);

    const key = createHash("sha256")
      .update(
        JSON.stringify({
          chainId: ctx.client.chainId,
          registry: ctx.client.registry.toLowerCase(),
          datasetId: String(datasetId),
          account: account.address,
          paths: files.map((f) => f.path),
        }),
      )
      .digest("hex")
      .slice(0, 16);
    const opened = await Journal.open(join(ctx.config.dataDir, "journal", `${datasetId}-${key}.jsonl`));
    const { journal } = opened;
    let entries = opened.entries;
    // Resume only an unfinished run on this very chain: a finished run's journal, or one of a chain that is gone
    // (a restarted `cairn dev` has the same chain id and addresses, but another genesis block), starts afresh.
    const genesis = (await ctx.publicClient.getBlock({ blockNumber: 0n })).hash;
    const decision = resumeDecision(entries, genesis);
    const progress = new Progress();

    let interrupted = false;
    const onSigint = () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      progress.log("Stopping after the current step (Ctrl-C again to quit at once; the journal keeps what is done)...");
    };
    process.on("SIGINT", onSigint);
    const checkpoint = () => {
      if (interrupted)
        throw new InterruptedError([
          `Journal: ${journal.path}`,
          "Run the same command again to resume where it stopped.",
        ]);
    };

    try {
      if (decision === "finished" || decision === "vanished") {
        if (decision === "vanished")
          progress.log(`Not resuming ${journal.path}: its chain no longer exists; starting afresh`);
        await journal.reset();
        entries = [];
      }
      const resumed = entries.length > 0;
      if (resumed) progress.log(`Resuming from ${journal.path}`);
      await journal.append({
        t: "start",
        at: new Date().toISOString(),
        files: files.length,
        account: account.address,
        genesis,
      });

      // 1. store every file (or reuse what the journal says was stored, if the file is unchanged)
      const storedByPath = new Map<string, Stored>();
      for (const e of entries) if (e.t === "stored") storedByPath.set(e.path, e);
      const bytesTotal = files.reduce((s, f) => s + f.size, 0);
      let bytesDone = 0;
      const stored: Stored[] = [];
      // Where the store is public (a Kubo node announces what it adds), whoever sees a CID there could register
      // the content first: hash only now, register, and publish the registered files afterwards (step 5).
      const registerFirst = ctx.client.store?.public === true;
      for (const [index, file] of files.entries()) {
        checkpoint();
        const known = storedByPath.get(file.path);
        if (
          known &&
          known.size === file.size &&
          known.mtimeMs === file.mtimeMs &&
          (await ctx.client.store?.has(known.cid).catch(() => false))
        ) {
          stored.push(known);
        } else {
          stored.push(
            await store(ctx, datasetId, file, registerFirst, (bytes) =>
              progress.update({
                phase: "storing",
                itemsDone: index,
                itemsTotal: files.length,
                bytesDone: bytesDone + bytes,
                bytesTotal,
                label: file.path,
              }),
            ),
          );
          await journal.append({ t: "stored", ...(stored.at(-1) as Stored) });
          progress.step(
            `${registerFirst ? "hashed" : "stored"} ${index + 1}/${files.length} ${file.path} (${formatBytes(file.size)}) ${stored.at(-1)?.cid}`,
          );
        }
        bytesDone += file.size;
        progress.update({
          phase: "storing",
          itemsDone: index + 1,
          itemsTotal: files.length,
          bytesDone,
          bytesTotal,
          label: file.path,
        });
      }
      progress.done();

      // 1b. pinning: every file into every --pin store, then each one's verified copies against the policy; where a
      //     store is public (a pinning service, a Kubo node), only after registration (step 5b)
      const pinnedIn = new Map<string, string[]>();
      const pinFirst = !registerFirst && !pins.stores.some((s) => s.public === true);
      if (pinFirst && (pins.stores.length > 0 || minCopies > 1)) {
        checkpoint();
        await pinAll(ctx, pins.stores, stored, minCopies, progress, pinnedIn, "nothing was registered");
      }

      // 2. transactions sent by an earlier run and never confirmed in the journal: check them by hash
      const txOf = new Map<string, Hash>();
      const outcomeKnown = new Set(
        entries.filter((e) => e.t === "outcome" || e.t === "dropped").map((e) => (e as { tx: Hash }).tx),
      );
      for (const e of entries) {
        if (e.t === "outcome") for (const h of e.registered) txOf.set(h.toLowerCase(), e.tx);
        if (e.t !== "submitted" || outcomeKnown.has(e.tx)) continue;
        checkpoint();
        const receipt = await findReceipt(ctx, e.tx);
        if (!receipt) {
          await journal.append({ t: "dropped", tx: e.tx });
          progress.log(`transaction ${e.tx} from the earlier run was never mined; its items are checked on-chain`);
          continue;
        }
        const outcome = outcomeOf(e.items, receipt);
        await journal.append({ ...outcome, t: "outcome" });
        for (const h of outcome.registered) txOf.set(h.toLowerCase(), e.tx);
        progress.log(`transaction ${e.tx} from the earlier run was mined: ${outcome.registered.length} registered`);
      }

      // 3. ask the chain what is already registered (by us in an earlier run, or by someone else)
      checkpoint();
      const reports: ItemReport[] = [];
      const unique = new Map<string, Stored>();
      const holders = await registeredBy(
        ctx,
        datasetId,
        stored.map((s) => s.contentHash),
      );
      const toSubmit: Stored[] = [];
      for (const [i, item] of stored.entries()) {
        const k = item.contentHash.toLowerCase();
        const holder = holders[i];
        if (unique.has(k)) {
          reports.push({ ...item, status: "duplicate", reason: `same content as ${unique.get(k)?.path}` });
          continue;
        }
        unique.set(k, item);
        if (holder && holder.toLowerCase() === account.address.toLowerCase())
          reports.push({ ...item, status: "already-registered", transactionHash: txOf.get(k), contributor: holder });
        else if (holder)
          reports.push({
            ...item,
            status: "duplicate",
            contributor: holder,
            reason: `already in dataset ${datasetId}, contributed by ${holder}`,
          });
        else toSubmit.push(item);
      }
      const theirs = reports.filter((r) => r.status === "duplicate" && r.contributor);
      if (theirs.length > 0 && !bool(args, "skip-duplicates")) {
        throw new CliError(
          `${theirs.length} file(s) are already in dataset ${datasetId}, registered by someone else; nothing was submitted.`,
          {
            meta: [
              ...theirs.slice(0, 10).map((r) => `${r.path}: content ${r.contentHash} contributed by ${r.contributor}`),
              ...(theirs.length > 10 ? [`… and ${theirs.length - 10} more`] : []),
              "Each content can be registered once per dataset (the first wins). Leave them out, or pass --skip-duplicates.",
            ],
          },
        );
      }

      // 4. register the rest in batches: through a relayer (signed, gasless), or in our own transactions,
      //    each transaction's hash journalled before waiting for it
      const relayerUrl = str(args, "relayer");
      for (let start = 0; start < toSubmit.length; start += batchSize) {
        checkpoint();
        const chunk = toSubmit.slice(start, start + batchSize);
        progress.update({
          phase: "submitting",
          itemsDone: start,
          itemsTotal: toSubmit.length,
          bytesDone: 0,
          bytesTotal: 0,
        });
        if (relayerUrl) {
          reports.push(...(await relayChunk(ctx, journal, relayerUrl, datasetId, dataset.termsHash, chunk)));
          progress.step(`relayed ${Math.min(start + batchSize, toSubmit.length)}/${toSubmit.length} via ${relayerUrl}`);
          continue;
        }
        const { hash, receipt } = await submit(ctx, journal, datasetId, chunk);
        const outcome = outcomeOf(
          chunk.map((c) => c.contentHash),
          receipt,
        );
        await journal.append({ ...outcome, t: "outcome" });
        const skipped = new Map(outcome.skipped.map((s) => [s.contentHash.toLowerCase(), s.reason]));
        for (const item of chunk) {
          const reason = skipped.get(item.contentHash.toLowerCase());
          reports.push({ ...item, status: reason ? "skipped" : "registered", transactionHash: hash, reason });
        }
        progress.step(
          `registered ${Math.min(start + batchSize, toSubmit.length)}/${toSubmit.length} in transaction ${hash}`,
        );
      }
      progress.done();
      // 5. register-first: publish what is registered to this account (now or by an earlier run), checked
      //    against the registered CID; content someone else registered first is not published
      if (registerFirst) {
        const ours = reports.filter((r) => r.status === "registered" || r.status === "already-registered");
        for (const [index, item] of ours.entries()) {
          checkpoint();
          const published = await sdk.prepareContribution(ctx.client, { datasetId, content: item.path });
          if (published.cid !== item.cid)
            throw new CliError(
              `${item.path} was published under ${published.cid}, not its registered CID ${item.cid}.`,
            );
          progress.step(`published ${index + 1}/${ours.length} ${item.path} ${item.cid}`);
        }
      }
      // 5b. pinning to public stores: the files registered to this account, now that they are registered
      if (!pinFirst && (pins.stores.length > 0 || minCopies > 1)) {
        checkpoint();
        const ours = reports.filter((r) => r.status === "registered" || r.status === "already-registered");
        await pinAll(
          ctx,
          pins.stores,
          ours,
          minCopies,
          progress,
          pinnedIn,
          "they are registered; run the same command again to pin them",
        );
      }
      await journal.append({ t: "done", at: new Date().toISOString() });

      const order = new Map(stored.map((s, i) => [s.path, i]));
      reports.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
      for (const r of reports) r.pinnedIn = pinnedIn.get(r.cid);
      const count = (s: ItemStatus) => reports.filter((r) => r.status === s).length;
      const summary = {
        datasetId,
        account: account.address,
        journal: journal.path,
        files: files.length,
        minCopies,
        registered: count("registered"),
        alreadyRegistered: count("already-registered"),
        duplicates: count("duplicate"),
        skipped: count("skipped"),
        items: reports,
      };
      print(
        () => [
          `Dataset ${datasetId}: ${summary.registered} registered now, ${summary.alreadyRegistered} already registered by you, ${summary.duplicates} duplicate(s), ${summary.skipped} skipped, of ${files.length} file(s).`,
          ...reports
            .filter((r) => r.status === "duplicate" || r.status === "skipped")
            .map((r) => `  ${r.status}: ${r.path}: ${r.reason}`),
          ...reports.filter((r) => r.pinnedIn).map((r) => `  pinned: ${r.path} in ${r.pinnedIn?.join(", ")}`),
        ],
        summary,
      );
      if (summary.skipped > 0)
        throw new CliError(`${summary.skipped} file(s) were refused by the registry (see above).`);
    } finally {
      process.off("SIGINT", onSigint);
      progress.done();
      await journal.close();
      await pins.close();
    }
  },
};

/**
 * Puts every file into every store (the command's own and each --pin), copying from a verified copy, and fills
 * `pinnedIn` with the stores holding a verified copy of each; throws if a file has fewer than `minCopies`.
 */
async function pinAll(
  ctx: Context,
  pins: Sdk.ContentStore[],
  items: Stored[],
  minCopies: number,
  progress: Progress,
  pinnedIn: Map<string, string[]>,
  consequence: string,
): Promise<void> {
  if (items.length === 0) return;
  progress.log(`pinning ${items.length} file(s) to ${1 + pins.length} store(s) (policy: ≥ ${minCopies} copies)`);
  const { report } = await sdk.ensureCopies({
    items: items.map((s) => ({ cid: s.cid, contentHash: s.contentHash, label: s.path })),
    stores: [ctx.client.store as Sdk.ContentStore, ...pins],
    minCopies,
    concurrency: 4,
  });
  for (const f of report.files)
    pinnedIn.set(
      f.cid,
      Object.keys(f.stores).filter((name) => f.stores[name]?.status === "available"),
    );
  const short = report.files.filter((f) => f.copies < minCopies);
  if (short.length > 0)
    throw new CliError(
      `${short.length} file(s) have fewer than the ${minCopies} verified copies the pinning policy asks for; ${consequence}.`,
      {
        meta: short.slice(0, 10).map(
          (f) =>
            `${f.label}: ${Object.entries(f.stores)
              .map(([name, c]) => `${name} ${c.status}${c.error ? ` (${c.error})` : ""}`)
              .join(", ")}`,
        ),
      },
    );
}

async function store(
  ctx: Context,
  datasetId: bigint,
  file: FileEntry,
  hashOnly: boolean,
  onBytes: (bytes: number) => void,
): Promise<Stored> {
  const item = hashOnly
    ? await sdk.hashFile(file.path, { onProgress: ({ bytes }) => onBytes(bytes) }).then((h) => ({
        contentHash: h.sha256,
        cid: h.cid,
        size: h.size,
      }))
    : await sdk.prepareContribution(ctx.client, {
        datasetId,
        content: file.path,
        onProgress: ({ bytes }) => onBytes(bytes),
      });
  return {
    path: file.path,
    size: Number(item.size),
    mtimeMs: file.mtimeMs,
    contentHash: item.contentHash.toLowerCase() as Hex,
    cid: item.cid,
  };
}

/** Who registered each content hash in the dataset, or undefined (one batched JSON-RPC request per 100). */
async function registeredBy(ctx: Context, datasetId: bigint, hashes: Hex[]): Promise<Array<Address | undefined>> {
  const out: Array<Address | undefined> = [];
  for (let i = 0; i < hashes.length; i += 500) {
    const page = await Promise.all(
      hashes.slice(i, i + 500).map(async (contentHash) => {
        try {
          const c = await ctx.publicClient.readContract({
            address: ctx.client.registry,
            abi: sdk.cairnRegistryAbi,
            functionName: "getContribution",
            args: [datasetId, contentHash],
          });
          return c.contributor === viem.zeroAddress ? undefined : c.contributor;
        } catch (error) {
          const e = sdk.toCairnError(error);
          if (e instanceof sdk.ContractCallError && e.errorName === "ContributionNotFound") return undefined;
          throw e;
        }
      }),
    );
    out.push(...page);
  }
  return out;
}

async function submit(
  ctx: Context,
  journal: Journal,
  datasetId: bigint,
  chunk: Stored[],
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  const inputs = chunk.map((item) => ({
    datasetId,
    contentHash: item.contentHash,
    size: BigInt(item.size),
    cid: viem.bytesToHex(CID.parse(item.cid).bytes),
    metadataCid: "0x" as Hex,
  }));
  let hash: Hash;
  try {
    const { request } = await ctx.publicClient.simulateContract({
      address: ctx.client.registry,
      abi: sdk.cairnRegistryAbi,
      functionName: "contributeBatch",
      args: [inputs],
      account: ctx.account,
    });
    hash = await (ctx.client.walletClient as NonNullable<typeof ctx.client.walletClient>).writeContract(
      request as never,
    );
  } catch (error) {
    throw sdk.toCairnError(error);
  }
  await journal.append({
    t: "submitted",
    tx: hash,
    items: chunk.map((c) => c.contentHash),
    at: new Date().toISOString(),
  });
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new sdk.TransactionRevertedError(hash, "Contributing");
  return { hash, receipt };
}

/** A transaction's receipt: waits while it is pending; undefined if the chain never saw it. */
async function findReceipt(ctx: Context, hash: Hash): Promise<TransactionReceipt | undefined> {
  const receipt = await ctx.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
  if (receipt) return receipt;
  const tx = await ctx.publicClient.getTransaction({ hash }).catch(() => undefined);
  if (!tx) return undefined;
  return ctx.publicClient.waitForTransactionReceipt({ hash, timeout: 300_000 });
}

function outcomeOf(items: Hex[], receipt: TransactionReceipt): Omit<Extract<JournalEntry, { t: "outcome" }>, "t"> {
  const logs = viem.parseEventLogs({
    abi: sdk.cairnRegistryAbi,
    logs: receipt.logs,
    eventName: ["ContributionRegistered", "ContributionSkipped"],
  });
  const registered = new Set<string>();
  const skipped: Array<{ contentHash: Hex; reason: string }> = [];
  for (const log of logs) {
    if (log.eventName === "ContributionRegistered") registered.add(log.args.contentHash.toLowerCase());
    else {
      const decoded = sdk.decodeContractError(log.args.reason);
      skipped.push({
        contentHash: log.args.contentHash.toLowerCase() as Hex,
        reason: decoded ? sdk.describeContractError(decoded).shortMessage : "refused",
      });
    }
  }
  if (receipt.status !== "success")
    return {
      tx: receipt.transactionHash,
      registered: [],
      skipped: items.map((contentHash) => ({ contentHash, reason: "transaction reverted" })),
    };
  return { tx: receipt.transactionHash, registered: items.filter((h) => registered.has(h.toLowerCase())), skipped };
}

/**
 * Gasless submission: signs each item (EIP-712, binding the dataset's current terms) and posts the batch to
 * a relayer, then waits until each is included or skipped on-chain. Resuming is safe: the relayer's key for
 * an item is deterministic, so posting it again queues nothing twice, and items already registered by an
 * earlier run were recognised on-chain in step 3.
 */
async function relayChunk(
  ctx: Context,
  journal: Journal,
  relayerUrl: string,
  datasetId: bigint,
  termsHash: Hex,
  chunk: Stored[],
): Promise<ItemReport[]> {
  const account = ctx.account as NonNullable<Context["account"]>;
  const signed = await Promise.all(
    chunk.map((item) =>
      sdk.signContribution(account, {
        item: { datasetId, contentHash: item.contentHash, cid: item.cid, size: BigInt(item.size) },
        chainId: ctx.client.chainId,
        registry: ctx.client.registry,
        termsHash,
      }),
    ),
  );
  const { keys } = await sdk.relay(relayerUrl, { items: signed });
  await journal.append({ t: "relayed", keys, items: chunk.map((c) => c.contentHash), at: new Date().toISOString() });
  const reports: ItemReport[] = [];
  for (const [i, key] of keys.entries()) {
    const status = await sdk.waitForRelayed(relayerUrl, key, { timeoutMs: 300_000 });
    const item = chunk[i];
    if (status.status === "included") {
      reports.push({ ...item, status: "registered", transactionHash: status.tx });
    } else if (status.status === "skipped" || status.status === "failed") {
      const tx = status.status === "skipped" ? status.tx : undefined;
      reports.push({ ...item, status: "skipped", transactionHash: tx, reason: status.reason.message });
    }
  }
  return reports;
}
