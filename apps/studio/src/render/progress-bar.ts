import type { OutputStream } from '../io.js';

export interface ProgressBar {
  /** Sets the position (0..total) and an optional status text (e.g. "loss 0.31 acc 92%"). */
  update(done: number, status?: string): void;
  /** Ends the bar with a final line at the last position reached (so an interrupted run shows where it stopped). */
  finish(status?: string): void;
}

/**
 * A progress bar on a terminal (redrawn in place with \r), plain lines elsewhere
 * (at most one per `plainStep` fraction, so logs stay short). Silent when `quiet`.
 */
export function createProgressBar(stream: OutputStream, title: string, total: number, options: { quiet?: boolean; plainStep?: number } = {}): ProgressBar {
  const quiet = options.quiet === true;
  const tty = stream.isTTY === true;
  const step = options.plainStep ?? 0.25;
  let nextPlain = step;
  let last = '';
  let lastDone = 0;
  const width = 24;
  const fitTerminal = (line: string): string =>
    stream.columns !== undefined && stream.columns > 10 && line.length >= stream.columns ? line.slice(0, stream.columns - 1) : line;
  const render = (done: number, status: string | undefined): string => {
    const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    const filled = Math.round(f * width);
    return `${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${status ? `  ${status}` : ''}`;
  };
  return {
    update(done, status) {
      lastDone = done;
      if (quiet) return;
      const line = render(done, status);
      if (tty) {
        // A line longer than the terminal wraps, and \r would then redraw only its last part.
        const fit = fitTerminal(line);
        if (fit !== last) stream.write(`\r${fit}\x1b[K`);
        last = fit;
        return;
      }
      const f = total > 0 ? done / total : 1;
      if (f + 1e-9 >= nextPlain && f < 1) {
        stream.write(`${line}\n`);
        while (nextPlain <= f + 1e-9) nextPlain += step;
      }
    },
    finish(status) {
      if (quiet) return;
      const line = render(lastDone, status);
      stream.write(tty ? `\r${fitTerminal(line)}\x1b[K\n` : `${line}\n`);
    },
  };
}
