import { account } from "./commands/account.js";
import { availabilityCommand } from "./commands/availability.js";
import { claimCommand } from "./commands/claim.js";
import { confirmCommand } from "./commands/confirm.js";
import { contributeCommand } from "./commands/contribute.js";
import { contributionsCommand } from "./commands/contributions.js";
import { dataset } from "./commands/dataset.js";
import { dev } from "./commands/dev.js";
import { exportCommand } from "./commands/export.js";
import { fundCommand } from "./commands/fund.js";
import { gov } from "./commands/gov.js";
import { importCarCommand } from "./commands/import-car.js";
import { network } from "./commands/network.js";
import { poolCommand } from "./commands/pool.js";
import { modelCommand, releaseCommand } from "./commands/release.js";
import { reviewCommand } from "./commands/review.js";
import { rewardsCommand } from "./commands/rewards.js";
import { status } from "./commands/status.js";
import { takedownCommand } from "./commands/takedown.js";
import { verifyCommand } from "./commands/verify.js";
import { type Command, helpText, parse } from "./lib/command.js";
import { closeAll } from "./lib/context.js";
import { describeError, ExitCode, exitCodeOf, UsageError } from "./lib/errors.js";
import { output, toJson } from "./lib/output.js";

const commands: Command[] = [
  dev,
  status,
  account,
  dataset,
  contributeCommand,
  contributionsCommand,
  reviewCommand,
  fundCommand,
  rewardsCommand,
  claimCommand,
  verifyCommand,
  exportCommand,
  gov,
  network,
  availabilityCommand,
  importCarCommand,
  releaseCommand,
  modelCommand,
  poolCommand,
  takedownCommand,
  confirmCommand,
];

const root: Command = {
  name: "cairn",
  summary: "build community AI datasets: content on IPFS, contributions signed, reviewed and rewarded on-chain",
  usage: "cairn <command> [options]",
  description: [
    "Network: `cairn dev` starts a local chain and IPFS node and writes .cairn/dev.json, which every",
    "other command reads. For another network: cairn --network <name> (`cairn network list`), or pass --rpc,",
    "--registry, --ipfs/--gateway, or --config cairn.json.",
    "Keys: --keystore <file> (password from CAIRN_PASSWORD or a prompt), or CAIRN_PRIVATE_KEY.",
    "",
    "Exit codes:",
    "  0    success",
    "  1    user error: bad input, refused by the contracts (unknown dataset, not a curator, duplicate...),",
    "       wrong password or no key, verification failed",
    "  2    network failure: the RPC or IPFS node is unreachable or failing",
    "  130  interrupted (Ctrl-C); `cairn contribute` resumes where it stopped when run again",
  ].join("\n"),
  subcommands: commands,
  examples: [
    "cairn dev",
    "cairn dataset create --name Methali --description 'Swahili proverbs' --language sw --license CC-BY-4.0",
    "cairn contribute ./proverbs --dataset 1",
    "cairn <command> --help",
  ],
};

async function main(argv: string[]): Promise<number> {
  // `cairn --network <name> <command> ...`: the network for whatever command follows
  if (argv[0] === "--network" && argv[1] !== undefined) {
    process.env.CAIRN_NETWORK = argv[1];
    argv = argv.slice(2);
  }
  output.json = argv.includes("--json");
  output.debug = argv.includes("--debug");
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${helpText(root, "").replace("cairn  — ", "cairn — ")}\n`);
    return name === undefined ? ExitCode.user : ExitCode.ok;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write("0.1.0\n");
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  return runCommand(command, name, rest);
}

async function runCommand(command: Command, path: string, argv: string[]): Promise<number> {
  if (command.subcommands) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h" || sub.startsWith("--")) {
      if (sub === undefined || (sub.startsWith("--") && sub !== "--help" && sub !== "-h")) {
        if (!argv.includes("--help") && !argv.includes("-h"))
          throw new UsageError(`Missing the ${path} command.`, path);
      }
      process.stdout.write(`${helpText(command, path)}\n`);
      return ExitCode.ok;
    }
    const child = command.subcommands.find((c) => c.name === sub);
    if (!child) throw new UsageError(`Unknown command "${path} ${sub}".`, path);
    return runCommand(child, `${path} ${sub}`, rest);
  }
  const args = parse(command, path, argv);
  if (args.values.help) {
    process.stdout.write(`${helpText(command, path)}\n`);
    return ExitCode.ok;
  }
  await command.run?.(args);
  return ExitCode.ok;
}

function report(error: unknown): number {
  const code = exitCodeOf(error);
  const lines = describeError(error, { debug: output.debug });
  if (output.json) {
    process.stdout.write(
      `${toJson({ error: { name: (error as Error)?.name, message: lines[0], details: lines.slice(1), exitCode: code } })}\n`,
    );
  }
  process.stderr.write(
    `error: ${lines[0]}\n${lines
      .slice(1)
      .map((l) => (l ? `  ${l}` : ""))
      .join("\n")}${lines.length > 1 ? "\n" : ""}`,
  );
  return code;
}

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  code = report(error);
}
await closeAll();
process.exitCode = code;
// Open sockets (HTTP keep-alive, an embedded node) must not hold a finished command.
setTimeout(() => process.exit(code), 50).unref();
