import { fileURLToPath } from "node:url";
import type { EIP1193Provider } from "viem";
import { bytesToHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** Hardhat's default development mnemonic: its keys are public. */
export const devMnemonic = "test test test test test test test test test test test junk";

/** The first `count` accounts of the development mnemonic, with their (public) private keys. */
export function devAccounts(count: number): Array<{ address: `0x${string}`; privateKey: `0x${string}` }> {
  return Array.from({ length: count }, (_, addressIndex) => {
    const account = mnemonicToAccount(devMnemonic, { addressIndex });
    return { address: account.address, privateKey: bytesToHex(account.getHdKey().privateKey as Uint8Array) };
  });
}

export type DevChain = {
  provider: EIP1193Provider & { request(args: { method: string; params?: unknown }): Promise<unknown> };
  chainId: number;
  close(): Promise<void>;
};

/**
 * Starts an in-process EVM (Hardhat's EDR) through a Hardhat runtime created with an inline config:
 * no hardhat.config file, no compiler. Every block is mined on demand (automine); the state lives in
 * memory; `startPersistentChain` (./persist.ts) keeps it across restarts.
 */
export async function startChain({
  chainId = 31337,
  initialDate,
}: {
  chainId?: number;
  /** The genesis block's date: the same date, the same genesis hash (see ./persist.ts). */
  initialDate?: string;
} = {}): Promise<DevChain> {
  const { createHardhatRuntimeEnvironment } = await import("hardhat/hre");
  const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
  const hre = await createHardhatRuntimeEnvironment(
    {
      networks: {
        cairnDev: {
          type: "edr-simulated",
          chainType: "l1",
          chainId,
          ...(initialDate ? { initialDate } : {}),
          accounts: { mnemonic: devMnemonic, count: 20, accountsBalance: 10_000n * 10n ** 18n },
        },
      },
    },
    {},
    projectRoot,
  );
  const connection = await hre.network.connect({ network: "cairnDev" });
  return {
    provider: connection.provider as unknown as DevChain["provider"],
    chainId,
    close: () => connection.close(),
  };
}
