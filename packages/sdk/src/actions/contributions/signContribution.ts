import type { Address, Hex, LocalAccount, WalletClient } from "viem";
import { contributionDomain, contributionTypes } from "../../eip712.js";
import { InvalidParameterError } from "../../errors/client.js";
import { cidToHex } from "../../internal/cid.js";
import { getAddress } from "../../internal/evm.js";
import type { PreparedContribution, SignedContribution } from "../../types/contribution.js";

/** The subset of an ethers v6 `Signer` used to sign (so ethers is not a dependency of this path). */
export type EthersSigner = {
  getAddress(): Promise<string>;
  signTypedData(
    domain: object,
    types: Record<string, Array<{ name: string; type: string }>>,
    value: Record<string, unknown>,
  ): Promise<string>;
};

/** Who signs: a viem account (e.g. `privateKeyToAccount`), a viem wallet client with an account, or an ethers v6 Signer. */
export type ContributionSigner = LocalAccount | WalletClient | EthersSigner;

export type SignContributionParameters = {
  item: PreparedContribution;
  /** The EIP-712 domain: the chain and the registry (e.g. `client.chainId`, `client.registry`). */
  chainId: number;
  registry: Address;
  /** The dataset's current terms hash: the signature is the contributor's consent to these terms. */
  termsHash: Hex;
  /** Unix seconds after which the signature is void. Default: one day from now. */
  deadline?: bigint | undefined;
  /** For an ERC-1271 smart wallet: its address (the signer key is one of its owners). */
  contributor?: Address | undefined;
};
export type SignContributionReturnType = SignedContribution;

/**
 * Signs a contribution with the contributor's wallet (EIP-712). The result can be submitted by anyone,
 * e.g. a relayer, so the contributor needs no gas.
 *
 * @example
 * ```ts
 * const dataset = await getDataset(client, { datasetId });
 * const signed = await signContribution(privateKeyToAccount(key), {
 *   item: prepared, chainId: client.chainId, registry: client.registry, termsHash: dataset.termsHash,
 * });
 * // or with ethers: await signContribution(new ethers.Wallet(key), { ... })
 * ```
 */
export async function signContribution(
  signer: ContributionSigner,
  parameters: SignContributionParameters,
): Promise<SignContributionReturnType> {
  const { item, chainId, registry, termsHash } = parameters;
  const deadline = parameters.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 86_400);
  if (deadline <= BigInt(Math.floor(Date.now() / 1000))) {
    throw new InvalidParameterError(
      "deadline",
      `${deadline} is in the past`,
      "Give a deadline in Unix seconds, in the future.",
    );
  }
  const message = {
    datasetId: item.datasetId,
    contentHash: item.contentHash,
    cid: cidToHex(item.cid),
    size: item.size,
    metadataCid: item.metadataCid ? cidToHex(item.metadataCid) : ("0x" as Hex),
    termsHash,
    deadline,
  };
  const domain = contributionDomain(chainId, registry);
  let signerAddress: Address;
  let signature: Hex;
  if (isEthersSigner(signer)) {
    signerAddress = getAddress(await signer.getAddress());
    signature = (await signer.signTypedData(
      domain,
      { Contribution: [...contributionTypes.Contribution] },
      message,
    )) as Hex;
  } else if (isLocalAccount(signer)) {
    signerAddress = signer.address;
    signature = await signer.signTypedData({ domain, types: contributionTypes, primaryType: "Contribution", message });
  } else {
    const wallet = signer as WalletClient;
    if (!wallet.account) throw new InvalidParameterError("signer", "the wallet client has no account");
    signerAddress = wallet.account.address;
    signature = await wallet.signTypedData({
      account: wallet.account,
      domain,
      types: contributionTypes,
      primaryType: "Contribution",
      message,
    });
  }
  return {
    ...item,
    deadline,
    contributor: parameters.contributor ?? signerAddress,
    signature,
    chainId,
    registry,
    termsHash,
  };
}

function isLocalAccount(signer: ContributionSigner): signer is LocalAccount {
  return (signer as LocalAccount).type === "local";
}

function isEthersSigner(signer: ContributionSigner): signer is EthersSigner {
  return (
    typeof (signer as EthersSigner).getAddress === "function" &&
    !("type" in signer && (signer as LocalAccount).type === "local")
  );
}
