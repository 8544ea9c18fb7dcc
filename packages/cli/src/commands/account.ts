import { constants } from "node:fs";
import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Wallet } from "ethers";
import { type Command, str } from "../lib/command.js";
import { CliError, UsageError } from "../lib/errors.js";
import { normalizeKey, promptHidden } from "../lib/keys.js";
import { print } from "../lib/output.js";

const keystoreOption = {
  keystore: { type: "string", value: "<file>", description: "Where to write the encrypted keystore (required)." },
} as const;

async function newPassword(): Promise<string> {
  const fromEnv = process.env.CAIRN_PASSWORD;
  if (fromEnv !== undefined) {
    if (fromEnv.length < 8) throw new CliError("CAIRN_PASSWORD is too short: use at least 8 characters.");
    return fromEnv;
  }
  if (!process.stdin.isTTY)
    throw new CliError("A password is needed: set CAIRN_PASSWORD, or run in a terminal to be asked.");
  const first = await promptHidden("New password (8+ characters): ");
  if (first.length < 8) throw new CliError("The password is too short: use at least 8 characters.");
  if ((await promptHidden("Repeat the password: ")) !== first) throw new CliError("The passwords differ.");
  return first;
}

async function writeKeystore(path: string | undefined, wallet: Wallet, command: string) {
  if (!path) throw new UsageError("Give the keystore file: --keystore <file>.", command);
  const target = resolve(path);
  if (
    await access(target, constants.F_OK).then(
      () => true,
      () => false,
    )
  )
    throw new CliError(`${target} already exists; refusing to overwrite a key.`);
  const password = await newPassword();
  const json = await wallet.encrypt(password);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, json, { mode: 0o600, flag: "wx" });
  print(
    [
      `Keystore written: ${target}`,
      `Address: ${wallet.address}`,
      "Keep the file and its password: they cannot be recovered. Use it with --keystore.",
    ],
    { keystore: target, address: wallet.address },
  );
}

const create: Command = {
  name: "new",
  summary: "create a new key in an encrypted keystore file",
  usage: "cairn account new --keystore <file>",
  description: "The password comes from CAIRN_PASSWORD, or is asked twice on the terminal. The key is never printed.",
  options: keystoreOption,
  examples: [
    "cairn account new --keystore ~/.cairn/me.json",
    "CAIRN_PASSWORD=… cairn account new --keystore key.json --json",
  ],
  async run(args) {
    const { Wallet } = await import("ethers");
    await writeKeystore(str(args, "keystore"), Wallet.createRandom() as unknown as Wallet, "account new");
  },
};

const importKey: Command = {
  name: "import",
  summary: "encrypt an existing private key into a keystore file",
  usage: "cairn account import --keystore <file>",
  description: "The key is read from CAIRN_PRIVATE_KEY, or asked (hidden) on the terminal.",
  options: keystoreOption,
  examples: [
    "cairn account import --keystore key.json",
    "CAIRN_PRIVATE_KEY=0x… CAIRN_PASSWORD=… cairn account import --keystore key.json",
  ],
  async run(args) {
    if (!str(args, "keystore")) throw new UsageError("Give the keystore file: --keystore <file>.", "account import");
    let key = process.env.CAIRN_PRIVATE_KEY;
    if (!key) {
      if (!process.stdin.isTTY)
        throw new CliError("Give the key in CAIRN_PRIVATE_KEY, or run in a terminal to be asked.");
      key = await promptHidden("Private key (hex): ");
    }
    const { Wallet } = await import("ethers");
    await writeKeystore(str(args, "keystore"), new Wallet(normalizeKey(key, "The private key")), "account import");
  },
};

export const account: Command = {
  name: "account",
  summary: "create or import a key in an encrypted keystore",
  usage: "cairn account <new|import> --keystore <file>",
  subcommands: [create, importKey],
  examples: ["cairn account new --keystore key.json", "cairn status --keystore key.json"],
};
