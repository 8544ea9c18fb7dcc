import { formatBytes } from "./output.js";

/**
 * Progress on stderr: a redrawn bar (items and bytes) on a terminal, plain lines otherwise. Silent for
 * `--json` unless stderr is a terminal.
 */
export class Progress {
  private readonly tty: boolean;
  private last = 0;
  private drawn = false;

  constructor(private readonly enabled = true) {
    this.tty = Boolean(process.stderr.isTTY);
  }

  update(s: {
    phase: string;
    itemsDone: number;
    itemsTotal: number;
    bytesDone: number;
    bytesTotal: number;
    label?: string | undefined;
  }) {
    if (!this.enabled || !this.tty) return;
    const now = Date.now();
    if (now - this.last < 80 && s.itemsDone < s.itemsTotal) return;
    this.last = now;
    const width = 24;
    const fraction =
      s.bytesTotal > 0 ? Math.min(1, s.bytesDone / s.bytesTotal) : s.itemsTotal > 0 ? s.itemsDone / s.itemsTotal : 1;
    const filled = Math.round(fraction * width);
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const label = s.label ? `  ${s.label.length > 40 ? `…${s.label.slice(-39)}` : s.label}` : "";
    const columns = process.stderr.columns ?? 100;
    const line = `${s.phase.padEnd(10)} ${bar} ${s.itemsDone}/${s.itemsTotal} files${s.bytesTotal > 0 ? `  ${formatBytes(s.bytesDone)}/${formatBytes(s.bytesTotal)}` : ""}${label}`;
    process.stderr.write(`\r\x1b[K${line.slice(0, columns - 1)}`);
    this.drawn = true;
  }

  /** A line that stays (plain mode: every event; TTY: printed above the bar). */
  log(message: string) {
    if (!this.enabled) return;
    if (this.tty) {
      if (this.drawn) process.stderr.write("\r\x1b[K");
      this.drawn = false;
      process.stderr.write(`${message}\n`);
    } else {
      process.stderr.write(`${message}\n`);
    }
  }

  /** A line only in plain mode (the bar shows it on a terminal). */
  step(message: string) {
    if (!this.tty) this.log(message);
  }

  done() {
    if (this.tty && this.drawn) process.stderr.write("\r\x1b[K");
    this.drawn = false;
  }
}
