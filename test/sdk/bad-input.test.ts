import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  type ContentStore,
  ContractCallError,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  FileReadError,
  fund,
  InsufficientBalanceError,
  InvalidDocumentError,
  InvalidParameterError,
  MissingWalletError,
  prepareContribution,
  review,
  signContribution,
  submitSignedContributions,
  updateDataset,
  validateManifest,
  WrongChainError,
  withClient,
} from "@cairn/sdk";
import { network } from "hardhat";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

describe("the SDK refuses bad input before any transaction, saying what is wrong", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [steward, curator, sponsor, relayer] = await viem.getWalletClients();
  let dir: string;
  let store: ContentStore;
  let base: CairnClient;
  let datasetId: bigint;
  let token: Address;
  const as = (wallet: typeof steward) => withClient(base, { walletClient: wallet as never });
  const nonce = () => publicClient.getTransactionCount({ address: relayer.account.address });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-bad-input-"));
    store = await createHeliaStore({ directory: join(dir, "ipfs") });
    const registry = await viem.deployContract("CairnRegistry");
    token = (await viem.deployContract("TestToken", ["T", "T"])).address;
    base = await createCairnClient({ publicClient: publicClient as never, registry: registry.address, store });
    ({ datasetId } = await createDataset(as(steward), {
      manifestCid: "bafkreiemkz4opln3v6osdk7xb3pi5hasbrrwohartpg4vnqkdao7ufu4zm",
      terms: "terms v1",
      curators: [curator.account.address],
      quorum: 1,
      rewardToken: token,
    }));
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a missing file is a FileReadError naming the path", async () => {
    const path = join(dir, "nope.txt");
    await assert.rejects(contribute(as(relayer), { datasetId, contents: [path] }), (e: unknown) => {
      assert.ok(e instanceof FileReadError);
      assert.equal(e.code, "ENOENT");
      assert.match(e.shortMessage, /nope\.txt/);
      return true;
    });
  });

  it("a directory given as a file is a FileReadError", async () => {
    await assert.rejects(prepareContribution(base, { datasetId, content: dir }), FileReadError);
  });

  it("an unknown dataset is DatasetNotFound, before anything is sent", async () => {
    const before = await nonce();
    await assert.rejects(
      contribute(as(relayer), { datasetId: 999n, contents: [new Uint8Array([1])] }),
      (e: unknown) => {
        assert.ok(e instanceof ContractCallError);
        assert.equal(e.errorName, "DatasetNotFound");
        assert.match(e.shortMessage, /Dataset 999 does not exist/);
        return true;
      },
    );
    assert.equal(await nonce(), before);
  });

  it("a signature for another chain is WrongChainError", async () => {
    const item = await prepareContribution(base, { datasetId, content: new TextEncoder().encode("chain") });
    const signed = await signContribution(privateKeyToAccount(generatePrivateKey()), {
      item,
      chainId: 1,
      registry: base.registry,
      termsHash: "0x01".padEnd(66, "0") as `0x${string}`,
    });
    await assert.rejects(submitSignedContributions(as(relayer), { items: [signed] }), WrongChainError);
  });

  it("an expired deadline is SignatureExpired, before anything is sent", async () => {
    const item = await prepareContribution(base, { datasetId, content: new TextEncoder().encode("late") });
    const now = BigInt(Math.floor(Date.now() / 1000));
    const signed = await signContribution(privateKeyToAccount(generatePrivateKey()), {
      item,
      chainId: base.chainId,
      registry: base.registry,
      termsHash: "0x01".padEnd(66, "0") as `0x${string}`,
      deadline: now + 60n,
    });
    await networkHelpers.time.increase(3600);
    const before = await nonce();
    await assert.rejects(submitSignedContributions(as(relayer), { items: [signed] }), (e: unknown) => {
      assert.ok(e instanceof ContractCallError);
      assert.equal(e.errorName, "SignatureExpired");
      return true;
    });
    assert.equal(await nonce(), before);
  });

  it("a deadline in the past is refused when signing", async () => {
    const item = await prepareContribution(base, { datasetId, content: new TextEncoder().encode("past") });
    await assert.rejects(
      signContribution(privateKeyToAccount(generatePrivateKey()), {
        item,
        chainId: base.chainId,
        registry: base.registry,
        termsHash: "0x01".padEnd(66, "0") as `0x${string}`,
        deadline: 1n,
      }),
      InvalidParameterError,
    );
  });

  it("a review score out of range is refused before sending", async () => {
    await assert.rejects(
      review(as(curator), { reviews: [{ datasetId, contentHash: `0x${"11".repeat(32)}`, accept: true, score: 101 }] }),
      InvalidParameterError,
    );
  });

  it("funding more than the balance is InsufficientBalanceError", async () => {
    await assert.rejects(fund(as(sponsor), { datasetId, amount: 10n }), (e: unknown) => {
      assert.ok(e instanceof InsufficientBalanceError, String(e));
      // In token units with the symbol, not in the smallest unit next to an address.
      assert.match(e.shortMessage, /you hold [\d.]+ \S+ and are funding 0\.00000000000000001 \S+\.$/);
      assert.equal(e.amount, 10n);
      return true;
    });
  });

  it("funding with `permit: false` approves the vault first, then funds", async () => {
    const tokenContract = await viem.getContractAt("TestToken", token);
    await tokenContract.write.mint([sponsor.account.address, 100n]);
    const { credited } = await fund(as(sponsor), { datasetId, amount: 40n, permit: false });
    assert.equal(credited, 40n);
  });

  it("an action that sends a transaction without a wallet is MissingWalletError", async () => {
    await assert.rejects(contribute(base, { datasetId, contents: [new Uint8Array([7])] }), MissingWalletError);
  });

  it("a closed dataset is DatasetNotOpen", async () => {
    await updateDataset(as(steward), { datasetId, status: "closed" });
    await assert.rejects(contribute(as(relayer), { datasetId, contents: [new Uint8Array([2])] }), (e: unknown) => {
      assert.ok(e instanceof ContractCallError);
      assert.equal(e.errorName, "DatasetNotOpen");
      assert.match(e.shortMessage, /closed/);
      return true;
    });
  });

  it("a steward-only change by someone else is NotSteward, decoded from the contract", async () => {
    await assert.rejects(updateDataset(as(relayer), { datasetId, terms: "mine now" }), (e: unknown) => {
      assert.ok(e instanceof ContractCallError, String(e));
      assert.equal(e.errorName, "NotSteward");
      return true;
    });
  });

  it("an invalid manifest names every bad field", () => {
    assert.throws(
      () =>
        validateManifest({
          schema: "cairn.manifest/1",
          name: "",
          language: "swahili language",
          items: { kind: "poem" },
        }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidDocumentError);
        const all = e.problems.join("\n");
        assert.match(all, /manifest\.name must not be empty/);
        assert.match(all, /manifest\.description is required/);
        assert.match(all, /manifest\.language/);
        assert.match(all, /manifest\.items\.kind must be one of/);
        return true;
      },
    );
  });
});
