/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (CI logs stay clean). Redraws at most
 * every 100 ms so a 200k-record import spends its time importing, not printing.
 */
import type { CliIo } from "./io.js";

export interface ProgressBar {
  update(done: number, total: number | undefined, label?: string): void;
  finish(): void;
}

const WIDTH = 30;

export function progressBar(io: CliIo, title: string, now: () => number = Date.now): ProgressBar {
  if (!io.isTTY) return { update() {}, finish() {} };
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number | undefined, label: string) => {
    const ratio = total && total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * WIDTH);
    const bar = total ? `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}%` : "";
    const tail = label.length > 40 ? `…${label.slice(-39)}` : label;
    io.err(`\r\x1b[2K${title} ${bar} ${done}${total ? `/${total}` : ""} ${tail}`);
    drawn = true;
  };
  return {
    update(done, total, label = "") {
      const t = now();
      if (t - last < 100 && done !== total) return;
      last = t;
      draw(done, total, label);
    },
    finish() {
      if (drawn) io.err("\r\x1b[2K");
    },
  };
}
