import type { Address, Hash } from "viem";
import { rewardVaultAbi } from "../../abis/rewardVault.js";
import { testTokenAbi } from "../../abis/testToken.js";
import type { CairnClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import { InvalidParameterError } from "../../errors/client.js";
import { formatUnits, loadViem, parseSignature } from "../../internal/evm.js";
import { walletAddress, writeContract } from "../../internal/write.js";
import { getDataset } from "../datasets/getDataset.js";

export type FundParameters = {
  datasetId: bigint;
  /** In the token's smallest unit. */
  amount: bigint;
  /** Approve with an ERC-2612 permit signature instead of a separate approve transaction (default: true when the allowance is short). */
  permit?: boolean | undefined;
};
export type FundReturnType = { credited: bigint; hash: Hash };

/** The sponsor does not hold enough of the reward token. Amounts in the message are in token units, with the symbol. */
export class InsufficientBalanceError extends BaseError {
  readonly token: string;
  /** In the token's smallest unit. */
  readonly balance: bigint;
  /** In the token's smallest unit. */
  readonly amount: bigint;
  constructor(token: string, balance: bigint, amount: bigint, unit: { symbol: string; decimals: number }) {
    const show = (value: bigint) => `${formatUnits(value, unit.decimals)} ${unit.symbol}`;
    super(`Balance too low: you hold ${show(balance)} and are funding ${show(amount)}.`, {
      name: "InsufficientBalanceError",
      metaMessages: [`Token: ${token}`, "Fund a smaller amount, or get more of the token first."],
    });
    this.token = token;
    this.balance = balance;
    this.amount = amount;
  }
}

/** An {@link InsufficientBalanceError} with the token's symbol and decimals (read from the token; defaults if it has none). */
export async function insufficientBalance(
  client: CairnClient,
  token: Address,
  balance: bigint,
  amount: bigint,
): Promise<InsufficientBalanceError> {
  const { erc20Abi } = await loadViem();
  const read = (functionName: "symbol" | "decimals") =>
    client.publicClient.readContract({ address: token, abi: erc20Abi, functionName });
  const [symbol, decimals] = await Promise.all([
    read("symbol").catch(() => "tokens"),
    read("decimals").catch(() => 18),
  ]);
  return new InsufficientBalanceError(token, balance, amount, { symbol: String(symbol), decimals: Number(decimals) });
}

/**
 * Funds a dataset's reward pool in its token. Checks balance first; if the vault's allowance is short it
 * signs an ERC-2612 permit (or sends an approve when `permit: false` or the token has no permit).
 * Returns what the vault credited (less than `amount` for fee-on-transfer tokens).
 *
 * @example
 * ```ts
 * const { credited } = await fund(sponsorClient, { datasetId: 1n, amount: parseUnits("1000", 18) });
 * ```
 */
export async function fund(client: CairnClient, p: FundParameters): Promise<FundReturnType> {
  const action = `Funding dataset ${p.datasetId}`;
  if (p.amount <= 0n) throw new InvalidParameterError("amount", "must be positive");
  const owner = walletAddress(client, action);
  const { rewardToken } = await getDataset(client, { datasetId: p.datasetId });
  if (!rewardToken)
    throw new InvalidParameterError(
      "dataset",
      `dataset ${p.datasetId} has no reward token`,
      "Its steward sets one first.",
    );
  const [balance, allowance] = await Promise.all([
    client.publicClient.readContract({
      address: rewardToken,
      abi: (await loadViem()).erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    }),
    client.publicClient.readContract({
      address: rewardToken,
      abi: (await loadViem()).erc20Abi,
      functionName: "allowance",
      args: [owner, client.vault],
    }),
  ]);
  if (balance < p.amount) throw await insufficientBalance(client, rewardToken, balance, p.amount);

  let result: Awaited<ReturnType<typeof writeContract>>;
  if (allowance >= p.amount) {
    result = await writeContract(client, action, {
      address: client.vault,
      abi: rewardVaultAbi,
      functionName: "fund",
      args: [p.datasetId, p.amount],
    });
  } else if (p.permit !== false && (await supportsPermit(client, rewardToken))) {
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
    const signature = await signPermit(client, rewardToken, owner, p.amount, deadline);
    const { v, r, s } = parseSignature(signature);
    result = await writeContract(client, action, {
      address: client.vault,
      abi: rewardVaultAbi,
      functionName: "fundWithPermit",
      args: [p.datasetId, p.amount, deadline, Number(v), r, s],
    });
  } else {
    await writeContract(client, `Approving the vault for dataset ${p.datasetId}`, {
      address: rewardToken,
      abi: (await loadViem()).erc20Abi,
      functionName: "approve",
      args: [client.vault, p.amount],
    });
    result = await writeContract(client, action, {
      address: client.vault,
      abi: rewardVaultAbi,
      functionName: "fund",
      args: [p.datasetId, p.amount],
    });
  }
  const [funded] = (await loadViem()).parseEventLogs({
    abi: rewardVaultAbi,
    logs: result.receipt.logs,
    eventName: "PoolFunded",
  });
  return { credited: funded.args.amount, hash: result.hash };
}

async function supportsPermit(client: CairnClient, token: `0x${string}`): Promise<boolean> {
  try {
    await client.publicClient.readContract({ address: token, abi: testTokenAbi, functionName: "eip712Domain" });
    return true;
  } catch {
    return false;
  }
}

async function signPermit(
  client: CairnClient,
  token: `0x${string}`,
  owner: `0x${string}`,
  value: bigint,
  deadline: bigint,
) {
  const [domain, nonce] = await Promise.all([
    client.publicClient.readContract({ address: token, abi: testTokenAbi, functionName: "eip712Domain" }),
    client.publicClient.readContract({ address: token, abi: testTokenAbi, functionName: "nonces", args: [owner] }),
  ]);
  const [, name, version, chainId, verifyingContract] = domain;
  const wallet = client.walletClient;
  if (!wallet?.account) throw new InvalidParameterError("wallet", "no account");
  return wallet.signTypedData({
    account: wallet.account,
    domain: { name, version, chainId: Number(chainId), verifyingContract },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender: client.vault, value, nonce, deadline },
  });
}
