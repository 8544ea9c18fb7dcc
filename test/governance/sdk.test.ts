/**
 * Governance through the SDK only: deploy (deployCairn + deployGovernance, from the bytecode the SDK ships),
 * createGovernedDataset, contributions accepted (own and gasless through a relayer), a proposal that adds a
 * curator and pays a grant from the treasury, voted directly and by signature (relayed), queued, executed after
 * the timelock delay; a defeated proposal; delegation by signature; refusals decoded into clear errors.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  type ContentStore,
  cairnGovernorAbi,
  cairnRegistryAbi,
  castVote,
  castVoteBySig,
  contribute,
  createCairnClient,
  createGovernedDataset,
  createHeliaStore,
  delegate,
  delegateBySig,
  deployCairn,
  deployGovernance,
  deployTestToken,
  execute,
  GovernanceError,
  getDataset,
  getGovernance,
  getManifest,
  getProposal,
  getVotes,
  governanceCalls,
  listProposals,
  ProposalNotReadyError,
  prepareContribution,
  propose,
  queue,
  review,
  signContribution,
  signDelegation,
  signVote,
  submitSignedContributions,
  testTokenAbi,
  toGovernanceError,
  withClient,
} from "@cairn/sdk";
import { network } from "hardhat";
import { type Address, getAddress, type Hex, keccak256, parseUnits, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Brezhoneg komzet",
  description: "Breton speech, one recording per file, transcribed.",
  language: "br",
  license: "CC-BY-4.0",
  items: { kind: "audio" as const },
  guidelines: "One speaker per recording; say where the dialect is from.",
  terms: "I recorded this or may share it, under CC-BY-4.0.",
};

const same = (a: string, b: string) => assert.equal(getAddress(a), getAddress(b));

describe("governance through the SDK: the people who built the data decide", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, curatorA, curatorB, alice, bob, relayer, dave, stranger] = await viem.getWalletClients();
  /** A contributor who never holds gas: contributes, votes and delegates through the relayer. */
  const ewen = privateKeyToAccount(keccak256(stringToHex("cairn sdk governance test: ewen")));
  let dir: string;
  let store: ContentStore;
  let base: CairnClient;
  let factory: Address;
  let token: Address;
  let datasetId: bigint;
  let gov: { votes: Address; timelock: Address; governor: Address };
  const as = (wallet: typeof deployer) => withClient(base, { walletClient: wallet as never });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-gov-"));
    store = await createHeliaStore({ directory: join(dir, "ipfs") });
    const { registry } = await deployCairn({ publicClient: publicClient as never, walletClient: deployer as never });
    ({ factory } = await deployGovernance({
      publicClient: publicClient as never,
      walletClient: deployer as never,
      registry,
    }));
    token = await deployTestToken({ publicClient: publicClient as never, walletClient: deployer as never });
    base = await createCairnClient({ publicClient: publicClient as never, registry, store });
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Contributes `text` as `wallet` and has both curators accept it with `score`. */
  async function accepted(wallet: typeof deployer, text: string, score: number) {
    const { outcomes } = await contribute(as(wallet), { datasetId, contents: [new TextEncoder().encode(text)] });
    assert.equal(outcomes[0].status, "registered");
    await acceptAll([outcomes[0].contentHash as Hex], score);
  }
  async function acceptAll(hashes: Hex[], score: number) {
    for (const curator of [curatorA, curatorB])
      await review(as(curator), {
        reviews: hashes.map((contentHash) => ({ datasetId, contentHash, accept: true, score })),
      });
  }
  async function isCurator(account: Address) {
    return publicClient.readContract({
      address: base.registry,
      abi: cairnRegistryAbi,
      functionName: "isCurator",
      args: [datasetId, account],
    });
  }
  /** Mines until the proposal's voting has ended. */
  async function endVoting(proposalId: bigint) {
    const { deadline } = await getProposal(base, { governor: gov.governor, proposalId, withCalls: false });
    await networkHelpers.mineUpTo(deadline + 1n);
  }

  it("creates the dataset, its votes, its timelock (the steward) and its governor in one call", async () => {
    const created = await createGovernedDataset(as(deployer), {
      factory,
      manifest,
      curators: [curatorA.account.address, curatorB.account.address],
      quorum: 2,
      rewardToken: token,
      votingDelay: 1,
      votingPeriod: 20,
      proposalThreshold: 10n,
      quorumFraction: 40,
      timelockDelay: 86_400n,
    });
    ({ datasetId } = created);
    gov = created;
    const dataset = await getDataset(base, { datasetId });
    same(dataset.steward, created.timelock);
    same(dataset.weightObserver as Address, created.votes);
    assert.deepEqual(await getManifest(base, { datasetId }), manifest);

    const g = await getGovernance(base, { factory, datasetId });
    same(g.governor, created.governor);
    same(g.timelock, created.timelock);
    same(g.votes, created.votes);
    assert.equal(g.name, "Brezhoneg komzet governor");
    assert.deepEqual(
      [g.votingDelay, g.votingPeriod, g.proposalThreshold, g.quorumFraction, g.timelockDelay],
      [1n, 20n, 10n, 40n, 86_400n],
    );
    assert.equal(g.clockMode, "mode=blocknumber&from=default");
    // The same, found from the governor alone.
    same((await getGovernance(base, { governor: created.governor })).timelock, created.timelock);
  });

  it("gives accepted contributors votes, delegated to themselves on their first credit (gasless ones too)", async () => {
    await accepted(alice, "Demat d'an holl!", 60);
    await accepted(bob, "Kenavo ar wech all.", 30);
    const { termsHash } = await getDataset(base, { datasetId });
    const item = await prepareContribution(base, { datasetId, content: new TextEncoder().encode("Trugarez vras.") });
    const signed = await signContribution(ewen, { item, chainId: base.chainId, registry: base.registry, termsHash });
    const { outcomes } = await submitSignedContributions(as(relayer), { items: [signed] });
    assert.equal(outcomes[0].status, "registered");
    await acceptAll([signed.contentHash], 25);
    await networkHelpers.mine();

    const power = await getVotes(base, { votes: gov.votes, account: alice.account.address });
    assert.equal(power.votes, 60n);
    same(power.delegate, alice.account.address);
    assert.equal(power.totalSupply, 115n);
    assert.equal((await getVotes(base, { votes: gov.votes, account: ewen.address })).votes, 25n);
  });

  it("adds a curator and pays a grant from the treasury: proposed, voted (once by a relayed signature), queued, executed after the delay", async () => {
    await as(deployer).walletClient?.writeContract({
      address: token,
      abi: testTokenAbi,
      functionName: "mint",
      args: [gov.timelock, parseUnits("1000", 18)],
      account: deployer.account,
      chain: undefined,
    });
    const calls = [
      governanceCalls.addCurator(base, datasetId, dave.account.address),
      governanceCalls.transferToken({ token, to: dave.account.address, amount: parseUnits("400", 18) }),
    ];
    const description = "Dave curates, and gets 400 for the transcription tool";
    const { proposalId, voteStart } = await propose(as(alice), { governor: gov.governor, calls, description });
    assert.equal((await getProposal(base, { governor: gov.governor, proposalId })).state, "pending");
    await networkHelpers.mineUpTo(voteStart + 1n);
    assert.equal((await getProposal(base, { governor: gov.governor, proposalId })).state, "active");

    const direct = await castVote(as(alice), { governor: gov.governor, proposalId, support: "for", reason: "yes" });
    assert.equal(direct.weight, 60n);
    // Ewen signs; the relayer pays.
    const ballot = await signVote(base, ewen, { governor: gov.governor, proposalId, support: "for" });
    const relayed = await castVoteBySig(as(relayer), ballot);
    assert.equal(relayed.weight, 25n);
    assert.equal(await publicClient.getBalance({ address: ewen.address }), 0n, "ewen never needed gas");
    await assert.rejects(castVoteBySig(as(relayer), ballot), (error: unknown) => {
      assert.ok(error instanceof GovernanceError, String(error));
      assert.equal(error.errorName, "GovernorInvalidSignature");
      return true;
    });
    await castVote(as(bob), { governor: gov.governor, proposalId, support: "abstain" });

    await endVoting(proposalId);
    let p = await getProposal(base, { governor: gov.governor, proposalId });
    assert.equal(p.state, "succeeded");
    assert.deepEqual(p.votes, { for: 85n, against: 0n, abstain: 30n });
    assert.equal(p.quorum, 46n); // 40 % of 115
    assert.equal(p.description, description);
    same(p.proposer, alice.account.address);

    // Queued by id alone: the calls and description come from the proposal's event.
    const { eta } = await queue(as(stranger), { governor: gov.governor, proposalId });
    p = await getProposal(base, { governor: gov.governor, proposalId });
    assert.equal(p.state, "queued");
    assert.equal(p.eta, eta);

    // Too early: a clear error that says when.
    await assert.rejects(execute(as(stranger), { governor: gov.governor, calls, description }), (error: unknown) => {
      assert.ok(error instanceof ProposalNotReadyError, String(error));
      assert.match(error.shortMessage, /queued but not ready: it can be executed from .*Z \(in \d+ s\)/);
      return true;
    });
    // The contract's own refusal (the timelock's, relayed by the governor) is decoded too.
    const early = await publicClient
      .simulateContract({
        address: gov.governor,
        abi: cairnGovernorAbi,
        functionName: "execute",
        args: [
          calls.map((c) => c.target),
          calls.map((c) => c.value ?? 0n),
          calls.map((c) => c.data),
          keccak256(stringToHex(description)),
        ],
        account: stranger.account,
      })
      .then(
        () => undefined,
        (error: unknown) => toGovernanceError(error),
      );
    assert.ok(early instanceof GovernanceError, String(early));
    assert.equal(early.errorName, "TimelockUnexpectedOperationState");
    assert.match(early.shortMessage, /not ready yet/);
    assert.equal(await isCurator(dave.account.address), false);

    await networkHelpers.time.increaseTo(eta);
    await execute(as(stranger), { governor: gov.governor, calls, description });
    assert.equal((await getProposal(base, { governor: gov.governor, proposalId })).state, "executed");
    assert.equal(await isCurator(dave.account.address), true, "the curator is added");
    const grant = await publicClient.readContract({
      address: token,
      abi: testTokenAbi,
      functionName: "balanceOf",
      args: [dave.account.address],
    });
    assert.equal(grant, parseUnits("400", 18));
    assert.deepEqual(
      (await listProposals(base, { governor: gov.governor })).map((x) => x.proposalId),
      [proposalId],
    );
  });

  it("defeats a proposal when more vote against, and explains why it cannot be queued", async () => {
    const { proposalId, voteStart } = await propose(as(bob), {
      governor: gov.governor,
      calls: [governanceCalls.setStatus(base, datasetId, "paused")],
      description: "Pause the dataset for a month",
    });
    await networkHelpers.mineUpTo(voteStart + 1n);
    await castVote(as(bob), { governor: gov.governor, proposalId, support: "for" });
    await castVote(as(alice), { governor: gov.governor, proposalId, support: "against" });
    await assert.rejects(
      castVote(as(alice), { governor: gov.governor, proposalId, support: "for" }),
      (error: unknown) => error instanceof GovernanceError && error.errorName === "GovernorAlreadyCastVote",
    );
    await endVoting(proposalId);
    const p = await getProposal(base, { governor: gov.governor, proposalId });
    assert.equal(p.state, "defeated");
    assert.deepEqual(p.votes, { for: 30n, against: 60n, abstain: 0n });
    await assert.rejects(queue(as(bob), { governor: gov.governor, proposalId }), (error: unknown) => {
      assert.ok(error instanceof GovernanceError, String(error));
      assert.equal(error.errorName, "GovernorUnexpectedProposalState");
      assert.match(error.shortMessage, /is defeated; this needs it succeeded/);
      return true;
    });
    assert.equal((await getDataset(base, { datasetId })).status, "open");
  });

  it("refuses a proposer below the threshold, with the numbers", async () => {
    await assert.rejects(
      propose(as(stranger), {
        governor: gov.governor,
        calls: [governanceCalls.setStatus(base, datasetId, "closed")],
        description: "Close it",
      }),
      (error: unknown) => {
        assert.ok(error instanceof GovernanceError, String(error));
        assert.equal(error.errorName, "GovernorInsufficientProposerVotes");
        assert.match(error.shortMessage, /has 0 votes; proposing needs 10/);
        return true;
      },
    );
  });

  it("delegates: directly, and by a signature a relayer submits", async () => {
    const signed = await signDelegation(base, ewen, { votes: gov.votes, delegatee: alice.account.address });
    await delegateBySig(as(relayer), signed);
    await networkHelpers.mine();
    assert.equal((await getVotes(base, { votes: gov.votes, account: alice.account.address })).votes, 85n);
    assert.equal((await getVotes(base, { votes: gov.votes, account: ewen.address })).votes, 0n);

    await delegate(as(bob), { votes: gov.votes, delegatee: alice.account.address });
    await delegate(as(bob), { votes: gov.votes });
    await networkHelpers.mine();
    const bobs = await getVotes(base, { votes: gov.votes, account: bob.account.address });
    assert.equal(bobs.votes, 30n);
    same(bobs.delegate, bob.account.address);
  });
});
