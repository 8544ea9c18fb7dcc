import { readFile } from "node:fs/promises";
import type { Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { type ParsedArgs, str } from "./command.js";
import { CliError } from "./errors.js";

/** Where the key comes from, without the key itself. */
export type KeySource = { kind: "keystore"; path: string } | { kind: "env" } | undefined;

export function keySourceOf(args: ParsedArgs): KeySource {
  const keystore = str(args, "keystore") ?? process.env.CAIRN_KEYSTORE;
  if (keystore) return { kind: "keystore", path: keystore };
  if (process.env.CAIRN_PRIVATE_KEY) return { kind: "env" };
  return undefined;
}

/** The account of `--keystore` (decrypted with CAIRN_PASSWORD or a prompt) or CAIRN_PRIVATE_KEY. Never prints the key. */
export async function loadAccount(args: ParsedArgs): Promise<PrivateKeyAccount | undefined> {
  const source = keySourceOf(args);
  if (!source) return undefined;
  if (source.kind === "env")
    return (await import("./viem.js")).privateKeyToAccount(
      normalizeKey(process.env.CAIRN_PRIVATE_KEY as string, "CAIRN_PRIVATE_KEY"),
    );
  let json: string;
  try {
    json = await readFile(source.path, "utf8");
  } catch (error) {
    throw new CliError(
      `Cannot read the keystore ${source.path}: ${(error as { code?: string }).code === "ENOENT" ? "it does not exist" : (error as Error).message}.`,
      {
        meta: ["Create one with `cairn account new --keystore <file>`."],
      },
    );
  }
  const password = await passwordFor(`Password for ${source.path}: `);
  const { Wallet } = await import("ethers");
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return (await import("./viem.js")).privateKeyToAccount(wallet.privateKey as Hex);
  } catch (error) {
    const message = (error as Error).message ?? "";
    if (/(invalid|incorrect) password/i.test(message))
      throw new CliError(`Wrong password for the keystore ${source.path}.`, {
        meta: ["Check CAIRN_PASSWORD, or type it again."],
      });
    throw new CliError(
      `The keystore ${source.path} could not be decrypted: it is not a valid encrypted JSON keystore.`,
    );
  }
}

/** Account required: a clear error naming both ways to give a key. */
export async function requireAccount(args: ParsedArgs, action: string): Promise<PrivateKeyAccount> {
  const account = await loadAccount(args);
  if (!account) {
    throw new CliError(`${action} needs a key, and none was given.`, {
      meta: [
        "Pass --keystore <file> (create one with `cairn account new --keystore <file>`), or set CAIRN_PRIVATE_KEY.",
        "On `cairn dev`, the development keys it prints work (they are public: never use them elsewhere).",
      ],
    });
  }
  return account;
}

export function normalizeKey(value: string, label: string): Hex {
  const key = (value.trim().startsWith("0x") ? value.trim() : `0x${value.trim()}`) as Hex;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new CliError(`${label} is not a private key (32 bytes in hex).`);
  return key;
}

/** CAIRN_PASSWORD, or a prompt with echo off when stdin is a terminal. */
export async function passwordFor(prompt: string): Promise<string> {
  const fromEnv = process.env.CAIRN_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY)
    throw new CliError("A password is needed: set CAIRN_PASSWORD, or run in a terminal to be asked.");
  return promptHidden(prompt);
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let value = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolvePromise(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return done();
        if (char === "\u0003") return done(new CliError("Cancelled.", { exitCode: 130 }));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}
