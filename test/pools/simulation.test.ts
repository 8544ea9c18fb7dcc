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
    // "Clearly more": at least 15 % more per counted review before slashing, and 25 % more after it (what a
    // reviewer actually takes home: rewards minus the stake it lost).
    for (const other of ["careless", "colluding"] as const) {
      assert.ok(
        r.payPerReview.careful >= 1.15 * r.payPerReview[other],
        `careful ${r.payPerReview.careful} vs ${other} ${r.payPerReview[other]} per review`,
      );
      assert.ok(
        r.netPayPerReview.careful >= 1.25 * r.netPayPerReview[other],
        `careful ${r.netPayPerReview.careful} vs ${other} ${r.netPayPerReview[other]} per review, net of slashing`,
      );
    }
  });
});
