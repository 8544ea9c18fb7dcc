import { BaseError } from "./base.js";

/** A release, model or dividend action needs a contract address the client was not given. */
export class MissingContractError extends BaseError {
  constructor(contract: "releases" | "models", action: string) {
    super(`${action} needs the ${contract === "releases" ? "ReleaseRegistry" : "ModelRegistry"} address.`, {
      name: "MissingContractError",
      metaMessages: [
        `Pass \`${contract}\` to createCairnClient (the CLI reads it from the network file or --${contract}).`,
      ],
    });
  }
}

/** No release has this id (no `ReleaseCut` event names it). */
export class ReleaseNotFoundError extends BaseError {
  constructor(releaseId: bigint) {
    super(`Release ${releaseId} does not exist.`, {
      name: "ReleaseNotFoundError",
      metaMessages: ["`cairn release list <dataset>` shows a dataset's releases."],
    });
  }
}

/** The tree rebuilt from the chain does not match the root recorded for the release. */
export class ReleaseMismatchError extends BaseError {
  constructor(releaseId: bigint, recorded: string, rebuilt: string) {
    super(
      `Release ${releaseId} does not match the chain: its root is not the one rebuilt from the registry's events.`,
      {
        name: "ReleaseMismatchError",
        metaMessages: [`Recorded root: ${recorded}`, `Rebuilt root:  ${rebuilt}`],
      },
    );
  }
}

/** The contribution is not a leaf of the release. */
export class NotInReleaseError extends BaseError {
  constructor(releaseId: bigint, contentHash: string) {
    super(`Contribution ${contentHash} is not in release ${releaseId}.`, {
      name: "NotInReleaseError",
      metaMessages: ["Only contributions accepted at the release's snapshot block are in it."],
    });
  }
}
