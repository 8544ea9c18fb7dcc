import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runSimulation, SIM, simulationNetwork } from "./simulation.js";

const connection = await simulationNetwork();

describe("review at community scale (simulation on the EVM)", () => {
  it("keeps the accepted set >= 95 % correct at k = 3 by majority, and pays careful reviewers >= 1.5x careless and colluding ones", async () => {
    const r = await runSimulation(connection);
    console.log(
      `${SIM.reviewers} reviewers (${SIM.careless * 100} % careless, ${SIM.colluding * 100} % colluding), ` +
        `${SIM.items} items + ${SIM.goldItems} gold, k = ${SIM.k}, majority: ${r.votes} votes in ${r.transactions} transactions, ${r.seconds} s; last block ${r.chainFingerprint}${r.timesPinned ? "" : " (some block times slipped: seats differ from other runs)"}`,
    );
    console.table({
      accepted: { value: r.accepted },
      rejected: { value: r.rejected },
      undecided: { value: r.undecided },
      escalatedToCurator: { value: r.escalated },
      acceptedCorrect: { value: r.acceptedCorrect },
      rejectedGoodShare: { value: r.rejectedGoodShare },
      badAcceptedShare: { value: r.badAcceptedShare },
    });
    console.table(
      Object.fromEntries(
        (["careful", "careless", "colluding"] as const).map((c) => [
          c,
          {
            reviews: r.reviewsByClass[c],
            agreementRate: r.agreementRate[c],
            payPerReview: r.payPerReview[c],
            netPayPerReview: r.netPayPerReview[c],
            slashedShare: r.slashedShare[c],
            goldWrongRate: r.goldWrongRate[c],
            forfeitedShares: r.forfeitedShares[c],
          },
        ]),
      ),
    );
    assert.equal(r.undecided, 0, "every contribution was decided");
    assert.ok(r.acceptedCorrect >= 0.95, `accepted set ${r.acceptedCorrect} correct, below 0.95`);
    // Careless reviewers agree about half the time; colluders rubber-stamp, which agrees with most outcomes when
    // most items are good, but every known-bad gold item they accept costs them `goldPenalty` reward shares.
    // Careful reviewers must earn at least 1.5 times as much per review as either, before and after slashing.
    for (const other of ["careless", "colluding"] as const) {
      assert.ok(
        r.payPerReview.careful >= 1.5 * r.payPerReview[other],
        `careful vs ${other}: ${JSON.stringify(r.payPerReview)}`,
      );
      assert.ok(
        r.netPayPerReview.careful >= 1.5 * r.netPayPerReview[other],
        `careful vs ${other}, net of slashing: ${JSON.stringify(r.netPayPerReview)}`,
      );
    }
    // Gold items tell the classes apart on their own: careful reviewers answer them right far more often.
    assert.ok(
      r.goldWrongRate.careful < r.goldWrongRate.colluding && r.goldWrongRate.careful < r.goldWrongRate.careless,
    );
  });
});
