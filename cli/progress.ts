import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';

/**
 * A progress display: a bar on a TTY, a few plain lines otherwise (CI logs
 * stay short). A finished bar is cleared, so the summary after a run starts
 * on a clean screen instead of below one bar per detector.
 */
export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

export function createProgress(io: CliIO, quiet = false): Progress {
  if (quiet) return { update() {}, stop() {} };
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{label} |{bar}| {value}/{total} {unit}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let current = '';
    let active = false;
    return {
      update(label, done, total) {
        if (label !== current) {
          if (active) bar.stop();
          bar.start(total, done, { label: label.padEnd(28), unit: '' });
          current = label;
          active = true;
        } else bar.update(done);
      },
      stop() {
        if (active) bar.stop();
        active = false;
      },
    };
  }
  let current = '';
  let lastShown = 0;
  return {
    update(label, done, total) {
      const tenth = Math.floor((done / Math.max(total, 1)) * 4);
      if (label !== current || (tenth > lastShown && done === total)) {
        io.stderr.write(`${label}: ${done}/${total}\n`);
        current = label;
        lastShown = tenth;
      }
    },
    stop() {},
  };
}
