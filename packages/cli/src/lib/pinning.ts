import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { ContentStore, PinningServiceStore } from "@cairn/sdk";
import { CliError, UsageError } from "./errors.js";

/**
 * `psa:<endpoint>[,gateway=<url>]`: a service that speaks the IPFS Pinning Service API (Pinata, Filebase, a
 * community's own). The access token never comes from the command line (where `ps` shows it): it is read from
 * the user's pinning file (CAIRN_PINNING_FILE, default ~/.config/cairn/pinning.json, `{ "<endpoint>": { "token":
 * "…", "gateway": "…" } }`, readable by its owner only), else from CAIRN_PSA_TOKEN.
 */
export const psaHelp =
  "psa:<endpoint>[,gateway=<url>] (an IPFS Pinning Service API; token from ~/.config/cairn/pinning.json or CAIRN_PSA_TOKEN)";

/** The user's pinning file: CAIRN_PINNING_FILE, else ~/.config/cairn/pinning.json. */
export function pinningFile(): string {
  return resolve(process.env.CAIRN_PINNING_FILE ?? join(homedir(), ".config", "cairn", "pinning.json"));
}

type PinningEntry = { token?: string; gateway?: string };

/** The endpoint, the gateway and the token of a `psa:` spec (`where` is what follows `psa:`). */
export function resolvePsaSpec(where: string, command: string): { endpoint: string; gateway: string; token: string } {
  const [endpointPart, ...options] = where.split(",");
  const endpoint = (endpointPart ?? "").replace(/\/+$/, "");
  checkHttpUrl(endpoint, `--store psa:${where}`, command);
  let gateway: string | undefined;
  for (const option of options) {
    const [key, value] = [option.slice(0, option.indexOf("=")), option.slice(option.indexOf("=") + 1)];
    if (key !== "gateway" || !value)
      throw new UsageError(`psa:${where}: unknown option "${option}" (expected gateway=<url>)`, command);
    checkHttpUrl(value, `psa:${where} gateway`, command);
    gateway = value;
  }
  const entry = readPinningFile()[endpoint];
  const token = entry?.token ?? process.env.CAIRN_PSA_TOKEN;
  if (!token)
    throw new UsageError(
      `psa:${endpoint} needs the service's access token: set CAIRN_PSA_TOKEN, or add { "${endpoint}": { "token": "…" } } to ${pinningFile()}`,
      command,
    );
  return { endpoint, gateway: gateway ?? entry?.gateway ?? endpoint, token };
}

function readPinningFile(): Record<string, PinningEntry> {
  const path = pinningFile();
  if (!existsSync(path)) return {};
  // A token is a secret: refuse a file that others on the machine can read (as ssh does with a key).
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0)
    throw new CliError(`${path} holds access tokens but others can read it.`, { meta: [`Run: chmod 600 ${path}`] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError(`${path} is not valid JSON.`, { meta: [(error as Error).message] });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new CliError(`${path} must hold a JSON object: { "<endpoint>": { "token": "…", "gateway": "…" } }.`);
  const entries: Record<string, PinningEntry> = {};
  for (const [endpoint, value] of Object.entries(parsed as Record<string, PinningEntry>))
    entries[endpoint.replace(/\/+$/, "")] = value;
  return entries;
}

/**
 * Opens a pinning service store whose content is first put into `origin` (the command's own store, which the
 * service fetches it from), and checks that the service answers and accepts the token before anything is done.
 */
export async function openPsaStore(where: string, command: string, origin: ContentStore | undefined) {
  const { endpoint, gateway, token } = resolvePsaSpec(where, command);
  const sdk = await import("@cairn/sdk");
  const store: PinningServiceStore = sdk.createPinningServiceStore({
    endpoint,
    gateway,
    accessToken: token,
    name: `psa(${endpoint})`,
    origin: origin ?? readOnlyOrigin(endpoint),
  });
  try {
    await store.checkAccess({ signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403)
      throw new CliError(`The pinning service at ${endpoint} refused the token (${status}).`, {
        meta: [`Check CAIRN_PSA_TOKEN or the entry for ${endpoint} in ${pinningFile()}.`],
      });
    throw new CliError(`${endpoint} does not answer as an IPFS Pinning Service API endpoint.`, {
      meta: [
        (error as { shortMessage?: string }).shortMessage ?? (error as Error).message,
        ...(status !== undefined ? [`Status: ${status}`] : []),
        "The endpoint is the URL before /pins, e.g. https://api.pinata.cloud/psa.",
      ],
    });
  }
  return store;
}

/** Without a store of its own (a read-only command), nothing can be put through the service. */
function readOnlyOrigin(endpoint: string): ContentStore {
  const refuse = () => {
    throw new CliError(`Pinning to ${endpoint} needs a store of this command's own to serve the content from.`);
  };
  return {
    name: "none",
    put: async () => refuse(),
    // biome-ignore lint/correctness/useYield: refuses before yielding anything
    async *get() {
      refuse();
    },
    has: async () => false,
    close: async () => {},
  };
}

function checkHttpUrl(value: string, where: string, command: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url?.protocol !== "http:" && url?.protocol !== "https:")
    throw new UsageError(`${where}: "${value}" is not an http(s) URL (e.g. https://api.pinata.cloud/psa)`, command);
}

/** Libp2p addresses the command's own IPFS node listens on while a pinning service fetches from it. */
export function originListen(): string[] {
  return (process.env.CAIRN_IPFS_LISTEN ?? "/ip4/0.0.0.0/tcp/0")
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
}
