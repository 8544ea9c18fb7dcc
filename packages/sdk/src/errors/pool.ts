import { BaseError } from "./base.js";

/** The account holds no stake in the dataset's reviewer pool (never staked, or already withdrawn). */
export class NothingToWithdrawError extends BaseError {
  readonly datasetId: bigint;
  readonly account: string;
  constructor(datasetId: bigint, account: string) {
    super(`${account} has no stake to withdraw from the reviewer pool of dataset ${datasetId}.`, {
      name: "NothingToWithdrawError",
      metaMessages: ["A stake is taken when a pool that asks for one is joined, and comes back once, after leaving."],
    });
    this.datasetId = datasetId;
    this.account = account;
  }
}
