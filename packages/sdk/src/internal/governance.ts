import type {
  Abi,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  Hex,
  LocalAccount,
  TypedDataDefinition,
  WalletClient,
} from "viem";
import { cairnGovernorAbi } from "../abis/cairnGovernor.js";
import type { EthersSigner } from "../actions/contributions/signContribution.js";
import type { CairnClient } from "../client.js";
import { InvalidParameterError } from "../errors/client.js";
import { toGovernanceError } from "../errors/governance.js";
import { getAddress, keccak256, stringToHex } from "./evm.js";
import { inBlockRanges } from "./logs.js";
import { type WriteResult, writeContract } from "./write.js";

/** Who signs a vote or a delegation: a viem account, a viem wallet client with an account, or an ethers v6 Signer. */
export type GovernanceSigner = LocalAccount | WalletClient | EthersSigner;

/** One call a proposal makes: the timelock calls `target` with `data`, sending `value` wei. */
export type ProposalCall = { target: Address; value?: bigint | undefined; data: Hex };

/** How to vote (GovernorCountingSimple). */
export type VoteSupport = "for" | "against" | "abstain";
/** `GovernorCountingSimple.VoteType`. */
export const voteTypes = { against: 0, for: 1, abstain: 2 } as const;

export function supportOf(support: VoteSupport | number): number {
  if (typeof support === "number") {
    if (support === 0 || support === 1 || support === 2) return support;
  } else if (support in voteTypes) return voteTypes[support];
  throw new InvalidParameterError("vote", `"${support}" is not a vote`, "Vote for, against or abstain.");
}

/** The description's hash, which the governor uses with the calls to identify a proposal. */
export function descriptionHashOf(description: string): Hex {
  return keccak256(stringToHex(description));
}

/** `writeContract` whose governance custom errors (governor, timelock, votes, factory) are decoded and explained. */
export async function governanceWrite<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
>(
  client: CairnClient,
  action: string,
  call: {
    address: Address;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
  },
): Promise<WriteResult> {
  try {
    return await writeContract(client, action, call);
  } catch (error) {
    throw toGovernanceError(error);
  }
}

/** A read whose governance custom errors are decoded. */
export async function governanceRead<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toGovernanceError(error);
  }
}

/** The EIP-712 domain a contract reports (ERC-5267), as viem takes it. */
export async function eip712DomainOf(client: CairnClient, address: Address) {
  const [, name, version, chainId, verifyingContract] = await governanceRead(
    client.publicClient.readContract({ address, abi: cairnGovernorAbi, functionName: "eip712Domain" }),
  );
  return { name, version, chainId: Number(chainId), verifyingContract };
}

/** The signer's address. */
export async function signerAddress(signer: GovernanceSigner): Promise<Address> {
  if ((signer as LocalAccount).type === "local") return (signer as LocalAccount).address;
  if (typeof (signer as EthersSigner).getAddress === "function")
    return getAddress(await (signer as EthersSigner).getAddress());
  const account = (signer as WalletClient).account;
  if (!account) throw new InvalidParameterError("signer", "the wallet client has no account");
  return account.address;
}

/** Signs EIP-712 typed data with any {@link GovernanceSigner}. */
export async function signTyped(
  signer: GovernanceSigner,
  typedData: TypedDataDefinition & { types: Record<string, readonly { name: string; type: string }[]> },
): Promise<Hex> {
  if ((signer as LocalAccount).type === "local") return (signer as LocalAccount).signTypedData(typedData as never);
  if (typeof (signer as EthersSigner).getAddress === "function") {
    const { domain, types, message, primaryType } = typedData as unknown as {
      domain: object;
      types: Record<string, Array<{ name: string; type: string }>>;
      message: Record<string, unknown>;
      primaryType: string;
    };
    return (await (signer as EthersSigner).signTypedData(
      domain,
      { [primaryType]: [...(types[primaryType] ?? [])] },
      message,
    )) as Hex;
  }
  const wallet = signer as WalletClient;
  if (!wallet.account) throw new InvalidParameterError("signer", "the wallet client has no account");
  return wallet.signTypedData({ ...(typedData as object), account: wallet.account } as never);
}

/** A proposal as the governor recorded it (its `ProposalCreated` event). */
export type RecordedProposal = {
  proposalId: bigint;
  proposer: Address;
  calls: { target: Address; value: bigint; data: Hex }[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: bigint;
};

/**
 * The governor's `ProposalCreated` events (all, or the one of `proposalId`): the calls and the description that
 * queueing and executing need, for callers that kept only the id.
 */
export async function recordedProposals(
  client: CairnClient,
  governor: Address,
  proposalId?: bigint,
): Promise<RecordedProposal[]> {
  const logs = await governanceRead(
    inBlockRanges(client, {}, (fromBlock, toBlock) =>
      client.publicClient.getContractEvents({
        address: governor,
        abi: cairnGovernorAbi,
        eventName: "ProposalCreated",
        fromBlock,
        toBlock,
        strict: true,
      }),
    ),
  );
  return logs
    .filter((log) => proposalId === undefined || log.args.proposalId === proposalId)
    .map(({ args, blockNumber }) => ({
      proposalId: args.proposalId,
      proposer: args.proposer,
      calls: args.targets.map((target, i) => ({
        target,
        value: args.values[i] ?? 0n,
        data: args.calldatas[i] ?? "0x",
      })),
      description: args.description,
      voteStart: args.voteStart,
      voteEnd: args.voteEnd,
      blockNumber: blockNumber as bigint,
    }));
}

/** Which proposal: its calls and exact description, or its id (the calls are then read from its event). */
export type ProposalReference =
  | { calls: readonly ProposalCall[]; description: string; proposalId?: undefined }
  | { proposalId: bigint; calls?: undefined; description?: undefined };

/** The arrays the governor takes for a proposal, with its description hash and id. */
export async function resolveProposal(client: CairnClient, governor: Address, reference: ProposalReference) {
  let calls: readonly ProposalCall[];
  let description: string;
  if (reference.calls) {
    calls = reference.calls;
    description = reference.description;
  } else {
    const [found] = await recordedProposals(client, governor, reference.proposalId);
    if (!found)
      throw new InvalidParameterError(
        "proposal",
        `no proposal ${reference.proposalId} on governor ${governor}`,
        "Check the proposal id (`cairn gov status <dataset>` lists them).",
      );
    ({ calls, description } = found);
  }
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value ?? 0n);
  const calldatas = calls.map((c) => c.data);
  const descriptionHash = descriptionHashOf(description);
  const proposalId = await governanceRead(
    client.publicClient.readContract({
      address: governor,
      abi: cairnGovernorAbi,
      functionName: "hashProposal",
      args: [targets, values, calldatas, descriptionHash],
    }),
  );
  return { targets, values, calldatas, description, descriptionHash, proposalId, calls };
}
