import { BaseError } from "./base.js";

/** A transaction was needed but the client has no wallet. */
export class MissingWalletError extends BaseError {
  constructor(action: string) {
    super(`${action} needs a wallet, and this client has none.`, {
      name: "MissingWalletError",
      metaMessages: ["Pass `walletClient` to createCairnClient (the CLI reads CAIRN_PRIVATE_KEY or --keystore)."],
    });
  }
}

/** Content was needed but the client has no content store. */
export class MissingStoreError extends BaseError {
  constructor(action: string) {
    super(`${action} needs a content store, and this client has none.`, {
      name: "MissingStoreError",
      metaMessages: ["Pass `store` to createCairnClient, e.g. `await createHeliaStore({ directory })`."],
    });
  }
}

/** A parameter is malformed. */
export class InvalidParameterError extends BaseError {
  constructor(parameter: string, problem: string, hint?: string) {
    super(`Invalid ${parameter}: ${problem}`, {
      name: "InvalidParameterError",
      metaMessages: hint ? [hint] : undefined,
    });
  }
}

/** A transaction was mined but reverted. */
export class TransactionRevertedError extends BaseError {
  constructor(hash: string, action: string) {
    super(`${action}: transaction ${hash} reverted.`, { name: "TransactionRevertedError" });
  }
}

/** The signature was made for a different chain than the client's. */
export class WrongChainError extends BaseError {
  constructor(expected: number, actual: number) {
    super(`The signature is for chain ${actual}, but this network is chain ${expected}.`, {
      name: "WrongChainError",
      metaMessages: ["Sign again against this network (the EIP-712 domain binds the chain id)."],
    });
  }
}
