import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, type LocalAccount, parseSignature } from "viem";
import {
  assertAddress,
  DatasetStatus,
  FAR_DEADLINE,
  type Factory,
  type Governed,
  gaslessAccount,
  governedWithWeight,
  mined,
  propose,
  registryCall,
  review,
  signedContribution,
  Vote,
} from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const load = () => networkHelpers.loadFixture(governedWithWeight);

const ballotTypes = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

const delegationTypes = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
} as const;

/** The EIP-712 domain a contract reports (ERC-5267), as viem takes it. */
async function domainOf(contract: { read: { eip712Domain: () => Promise<readonly unknown[]> } }) {
  const [, name, version, chainId, verifyingContract] = (await contract.read.eip712Domain()) as [
    Hex,
    string,
    string,
    bigint,
    Address,
  ];
  return { name, version, chainId: Number(chainId), verifyingContract };
}

/** `key` signs a vote on proposal `proposalId` (the Governor's `Ballot`), for anyone to submit. */
async function signBallot(g: Governed, key: LocalAccount, proposalId: bigint, support: number) {
  const nonce: bigint = await g.governor.read.nonces([key.address]);
  return key.signTypedData({
    domain: await domainOf(g.governor),
    types: ballotTypes,
    primaryType: "Ballot",
    message: { proposalId, support, voter: key.address, nonce },
  });
}

/** A gasless contributor whose signed contribution the relayer submits and the curators accept at `score`. */
async function gaslessContributor(f: Factory, g: Governed, label: string, score: number) {
  const key = gaslessAccount(label);
  const { item, content } = await signedContribution(f, key, g.datasetId);
  await mined(f, f.registry.write.contributeBatchBySig([[item]], { account: f.relayer.account }));
  await review(f, g.datasetId, content, score);
  return key;
}

describe("signed governance (gasless contributors)", () => {
  it("lets a contributor without gas contribute and vote through a relayer (castVoteBySig)", async () => {
    const { f, g } = await load();
    const key = await gaslessContributor(f, g, "ewen", 45);
    assert.equal(await g.votes.read.getVotes([key.address]), 45n, "delegated to itself on its first credit");

    const p = await propose(
      f,
      g,
      f.alice,
      [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Paused])],
      "Pause",
    );
    const signature = await signBallot(g, key, p.id, Vote.Against);
    await f.viem.assertions.emitWithArgs(
      g.governor.write.castVoteBySig([p.id, Vote.Against, key.address, signature], { account: f.relayer.account }),
      g.governor,
      "VoteCast",
      [key.address, p.id, Vote.Against, 45n, ""],
    );
    assert.equal(await g.governor.read.hasVoted([p.id, key.address]), true);
    assert.deepEqual(await g.governor.read.proposalVotes([p.id]), [45n, 0n, 0n]);
    assert.equal(await f.publicClient.getBalance({ address: key.address }), 0n, "never needed gas");

    // The signature is spent: replaying it fails (the nonce moved on).
    await f.viem.assertions.revertWithCustomError(
      g.governor.write.castVoteBySig([p.id, Vote.Against, key.address, signature], { account: f.relayer.account }),
      g.governor,
      "GovernorInvalidSignature",
    );
  });

  it("rejects a ballot signed by someone else than the voter it names", async () => {
    const { f, g } = await load();
    const key = await gaslessContributor(f, g, "ewen", 45);
    const p = await propose(
      f,
      g,
      f.alice,
      [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Paused])],
      "Pause",
    );
    const impostor = gaslessAccount("impostor");
    const nonce: bigint = await g.governor.read.nonces([key.address]);
    const forged = await impostor.signTypedData({
      domain: await domainOf(g.governor),
      types: ballotTypes,
      primaryType: "Ballot",
      message: { proposalId: p.id, support: Vote.For, voter: key.address, nonce },
    });
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      g.governor.write.castVoteBySig([p.id, Vote.For, key.address, forged], { account: f.relayer.account }),
      g.governor,
      "GovernorInvalidSignature",
      [key.address],
    );
  });

  it("lets a contributor without gas delegate through a relayer (delegateBySig)", async () => {
    const { f, g } = await load();
    const key = await gaslessContributor(f, g, "maiwenn", 35);
    const alice = f.alice.account.address as Address;
    const nonce: bigint = await g.votes.read.nonces([key.address]);
    const signature = await key.signTypedData({
      domain: await domainOf(g.votes),
      types: delegationTypes,
      primaryType: "Delegation",
      message: { delegatee: alice, nonce, expiry: FAR_DEADLINE },
    });
    const { v, r, s } = parseSignature(signature);
    await mined(
      f,
      g.votes.write.delegateBySig([alice, nonce, FAR_DEADLINE, Number(v), r, s], { account: f.relayer.account }),
    );
    assertAddress(await g.votes.read.delegates([key.address]), alice);
    assert.equal(await g.votes.read.hasChosenDelegate([key.address]), true);
    assert.equal(await g.votes.read.getVotes([alice]), 95n);
    assert.equal(await g.votes.read.getVotes([key.address]), 0n);
  });
});
