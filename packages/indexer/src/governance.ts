// Governance: the GovernedDatasetFactory's datasets, and each one's Governor (proposals, votes) and votes
// token (delegations, voting power), found through the factory's event (Ponder's factory pattern).
import { ponder } from "ponder:registry";
import { dataset, delegation, governor, governorChange, proposal, vote, votingPower } from "ponder:schema";

ponder.on("GovernedDatasetFactory:GovernedDatasetCreated", async ({ event, context }) => {
  const { datasetId, governor: address, timelock, votes, creator } = event.args;
  await context.db
    .insert(governor)
    .values({ address, datasetId, timelock, votes, creator, blockNumber: event.block.number });
  await context.db.update(dataset, { id: datasetId }).set({ governor: address, timelock, votes });
});

ponder.on("CairnGovernor:ProposalCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(proposal).values({
    governor: event.log.address,
    proposalId: a.proposalId,
    proposer: a.proposer,
    targets: a.targets,
    values: a.values.map(String),
    calldatas: a.calldatas,
    description: a.description,
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    state: "created",
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("CairnGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db
    .update(proposal, { governor: event.log.address, proposalId: event.args.proposalId })
    .set({ state: "queued", eta: event.args.etaSeconds });
});

ponder.on("CairnGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db
    .update(proposal, { governor: event.log.address, proposalId: event.args.proposalId })
    .set({ state: "executed" });
});

ponder.on("CairnGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db
    .update(proposal, { governor: event.log.address, proposalId: event.args.proposalId })
    .set({ state: "canceled" });
});

type VoteArgs = { voter: `0x${string}`; proposalId: bigint; support: number; weight: bigint; reason: string };
const tallyColumn = ["againstVotes", "forVotes", "abstainVotes"] as const;

async function recordVote(
  context: Parameters<Parameters<typeof ponder.on<"CairnGovernor:VoteCast">>[1]>[0]["context"],
  event: { log: { address: `0x${string}` }; block: { number: bigint }; transaction: { hash: `0x${string}` } },
  a: VoteArgs,
) {
  await context.db.insert(vote).values({
    governor: event.log.address,
    proposalId: a.proposalId,
    voter: a.voter,
    support: a.support,
    weight: a.weight,
    reason: a.reason,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
  const column = tallyColumn[a.support];
  if (column) {
    await context.db
      .update(proposal, { governor: event.log.address, proposalId: a.proposalId })
      .set((row) => ({ [column]: row[column] + a.weight }));
  }
}

ponder.on("CairnGovernor:VoteCast", async ({ event, context }) => {
  await recordVote(context, event, event.args);
});

ponder.on("CairnGovernor:VoteCastWithParams", async ({ event, context }) => {
  await recordVote(context, event, event.args);
});

ponder.on("ContributionVotes:DelegateChanged", async ({ event, context }) => {
  const { delegator, toDelegate } = event.args;
  await context.db
    .insert(delegation)
    .values({ token: event.log.address, delegator, delegate: toDelegate, blockNumber: event.block.number })
    .onConflictDoUpdate({ delegate: toDelegate, blockNumber: event.block.number });
});

ponder.on("ContributionVotes:DelegateVotesChanged", async ({ event, context }) => {
  const { delegate, newVotes } = event.args;
  await context.db
    .insert(votingPower)
    .values({ token: event.log.address, delegate, votes: newVotes, blockNumber: event.block.number })
    .onConflictDoUpdate({ votes: newVotes, blockNumber: event.block.number });
});

// A Governor's settings over time (its constructor emits them too, in the factory's transaction).
for (const name of [
  "ProposalThresholdSet",
  "QuorumNumeratorUpdated",
  "TimelockChange",
  "VotingDelaySet",
  "VotingPeriodSet",
] as const) {
  ponder.on(`CairnGovernor:${name}`, async ({ event, context }) => {
    await context.db.insert(governorChange).values({
      id: event.id,
      governor: event.log.address,
      kind: name,
      data: Object.fromEntries(
        Object.entries(event.args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v] as [string, unknown]),
      ),
      blockNumber: event.block.number,
      transactionHash: event.transaction.hash,
    });
  });
}
