import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress } from "viem";
import ReviewerPoolModule from "../../ignition/modules/ReviewerPool.js";

describe("Ignition: ReviewerPool", () => {
  it("deploys a reviewer pool bound to the Cairn registry and its vault", async () => {
    const { ignition } = await network.create();
    const { registry, reviewerPool } = await ignition.deploy(ReviewerPoolModule);
    assert.equal(getAddress(await reviewerPool.read.registry()), getAddress(registry.address));
    assert.equal(await reviewerPool.read.version(), "1.0.0");
  });
});
