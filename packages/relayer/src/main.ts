/** `cairn-relayer`: runs the relayer until SIGINT or SIGTERM. */
import { ConfigError, loadConfig, usage } from "./config.js";
import { createLogger } from "./log.js";
import { startRelayer } from "./relayer.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`cairn-relayer: ${(error as Error).message}\n\n${error instanceof ConfigError ? usage : ""}`);
  process.exit(2);
}
if (config === "help") {
  process.stdout.write(usage);
  process.exit(0);
}
const log = createLogger(config.logLevel);
const relayer = await startRelayer(config, log);
process.stdout.write(`${JSON.stringify({ listening: relayer.url })}\n`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    relayer.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
