import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { runSimulation, SIM } from "./simulation.js";

const connection = await network.create();

describe("review at community scale (simulation on the EVM)", () => {
  it("keeps the accepted set >= 95 % correct at k = 3 by majority, and pays careful reviewers clearly more", async () => {
    const r = await runSimulation(connection);
    console.log(
      `${SIM.reviewers} reviewers (${SIM.careless * 100} % careless, ${SIM.colluding * 100} % colluding), ` +
        `${SIM.items} items, k = ${SIM.k}, majority: ${r.votes} votes in ${r.transactions} transactions, ${r.seconds} s`,
    );
    console.table({
      accepted: { value: r.accepted },
      rejected: { value: r.rejected },
      undecided: { value: r.undecided },
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
          },
        ]),
      ),
    );
    assert.equal(r.undecided, 0, "every contribution was decided");
    assert.ok(r.acceptedCorrect >= 0.95, `accepted set ${r.acceptedCorrect} correct, below 0.95`);
    // Careless reviewers agree about half the time and are slashed out: careful ones earn >= 25 % more per
    // review, before and after slashing. Colluders rubber-stamp, which agrees with most outcomes when most
    // items are good: agreement alone pays careful reviewers >= 5 % more per review, >= 10 % net of slashing
    // (gold-standard items, `revealGold`, are the tool that tells rubber-stamping apart; see docs/reviewer-pools.md).
    assert.ok(
      r.payPerReview.careful >= 1.25 * r.payPerReview.careless,
      `careful vs careless: ${JSON.stringify(r.payPerReview)}`,
    );
    assert.ok(
      r.netPayPerReview.careful >= 1.25 * r.netPayPerReview.careless,
      `net: ${JSON.stringify(r.netPayPerReview)}`,
    );
    assert.ok(
      r.payPerReview.careful >= 1.05 * r.payPerReview.colluding,
      `careful vs colluding: ${JSON.stringify(r.payPerReview)}`,
    );
    assert.ok(
      r.netPayPerReview.careful >= 1.1 * r.netPayPerReview.colluding,
      `net: ${JSON.stringify(r.netPayPerReview)}`,
    );
  });
});
