/** A place a command writes text to (process.stdout/stderr, or a buffer in tests). */
export interface OutputStream {
  write(text: string): unknown;
  /** True when this is an interactive terminal: progress bars redraw in place. */
  isTTY?: boolean;
  columns?: number;
}

/** Everything a command touches outside itself, injected so tests run in-process. */
export interface StudioIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Aborted on Ctrl-C: long commands stop cleanly and keep what they finished. */
  signal?: AbortSignal;
  /** WebSocket constructor for board connections (tests inject msw's or ws's). */
  WebSocket?: unknown;
  /** Environment (NO_COLOR, FORCE_COLOR, TERM, TINYSPARK_TOKEN); none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** An io that collects output in strings (for tests and for embedding). */
export interface BufferedIo extends StudioIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function createBufferedIo(cwd: string, extra: Partial<StudioIo> = {}): BufferedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => { out += s; return true; }, isTTY: false },
    stderr: { write: (s: string) => { err += s; return true; }, isTTY: false },
    cwd,
    ...extra,
    out: () => out,
    err: () => err,
  };
}
