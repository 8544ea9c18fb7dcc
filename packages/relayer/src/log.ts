/** One JSON line per event on stderr. Secrets are never passed to it. */
export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof levels;

export function createLogger(level: LogLevel = "info"): Logger {
  const min = levels[level] ?? levels.info;
  const at = (name: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
    if (levels[name] < min) return;
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level: name, msg: message, ...fields }, (_, v) => (typeof v === "bigint" ? v.toString() : v))}\n`,
    );
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
