import { CLI_USAGE, parseCliArgs } from './args.js';
import type { CliArgs } from './args.js';
import { colorsFor } from './colors.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { EmulatorError } from '../errors.js';
import { readGestureFile } from '../learn/read-file.js';
import type { LearnedGestureDoc } from '../learn/gesture-file.js';
import { startEmulator } from '../server/start-emulator.js';
import type { RunningEmulator } from '../server/options.js';

/** What the CLI touches of its process (injected so tests can run it in-process). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Calls `handler` on every SIGINT or SIGTERM with the signal's name. */
  onSignal(handler: (signal: string) => void): void;
  /** The environment (TINYSPARK_TOKEN, NO_COLOR, TERM, FORCE_COLOR). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether stdout / stderr are terminals (colours). Default false. */
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
}

/** The error as one line: `[emulator] CODE: field: text` for the emulator's own, else its message. */
function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * `tinyspark-emulator`: starts the server, prints one line per board (`<id> <url>`), and on
 * SIGINT/SIGTERM closes every connection and the port. Resolves with the exit code (the shared
 * ones): 0 after a clean shutdown, 2 for bad flags, 4 when the port is in use or the address cannot
 * be bound, 1 for anything else, 130 when a second signal arrives while shutting down.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env ?? {};
  let args: CliArgs;
  try {
    args = parseCliArgs([...argv], env);
  } catch (e) {
    const wantsJson = argv.includes('--json');
    const err = colorsFor(io.stderrIsTTY === true, env, wantsJson);
    if (wantsJson) io.stdout(`${JSON.stringify({ event: 'error', exitCode: EXIT.usage, error: errorJson(e) })}\n`);
    io.stderr(`${err.red('tinyspark-emulator:')} ${describe(e)}\n\nRun \`tinyspark-emulator --help\` for the flags.\n`);
    return EXIT.usage;
  }
  const { help, json, gestureFiles, ...options } = args;
  const out = colorsFor(io.stdoutIsTTY === true, env, json === true);
  const err = colorsFor(io.stderrIsTTY === true, env, json === true);
  if (help === true) {
    io.stdout(`${CLI_USAGE}\n`);
    return EXIT.ok;
  }
  const line = (human: string, machine: Record<string, unknown>): void => io.stdout(json === true ? `${JSON.stringify(machine)}\n` : `${human}\n`);
  let emu: RunningEmulator;
  let learned: LearnedGestureDoc[] = [];
  try {
    learned = (gestureFiles ?? []).map((f) => readGestureFile(f));
    emu = await startEmulator({
      ...options,
      ...(learned.length > 0 ? { gestures: learned } : {}),
      onBoardCreated: (b) => line(`${b.id} ${out.cyan(b.url)} ${out.yellow('(created: a client asked for an unknown board id)')}`, { event: 'board-created', ...b }),
    });
  } catch (e) {
    const code = exitCodeOf(e);
    if (json === true) io.stdout(`${JSON.stringify({ event: 'error', exitCode: code, error: errorJson(e) })}\n`);
    io.stderr(`${err.red('tinyspark-emulator:')} ${describe(e)}\n`);
    return code;
  }
  const access = options.token !== undefined ? ', token required' : '';
  line(`tinyspark-emulator listening on ${out.cyan(emu.url)} (clock ${options.clock ?? 'real'}, seed ${options.seed ?? 0}${access})`, {
    event: 'listening',
    url: emu.url,
    clock: options.clock ?? 'real',
    seed: options.seed ?? 0,
    token: options.token !== undefined,
    boards: emu.boards,
  });
  if (json !== true) for (const b of emu.boards) io.stdout(`${b.id} ${out.cyan(b.url)}\n`);
  for (const [i, g] of learned.entries()) {
    line(`learned gesture ${out.cyan(g.name)} from ${gestureFiles![i]} (${g.examples.length} example(s), ${g.template.durationS.toFixed(2)} s)`, {
      event: 'gesture',
      name: g.name,
      file: gestureFiles![i],
      examples: g.examples.length,
      durationS: g.template.durationS,
    });
  }
  const running = emu;
  return await new Promise<number>((resolve) => {
    let stopping = false;
    io.onSignal((signal) => {
      if (stopping) {
        // a second Ctrl-C: the user does not want to wait for the shutdown
        resolve(EXIT.interrupted);
        return;
      }
      stopping = true;
      line(`tinyspark-emulator: ${signal}, shutting down`, { event: 'stopping', signal });
      running.close().then(
        () => resolve(EXIT.ok),
        (e: unknown) => {
          io.stderr(`${err.red('tinyspark-emulator:')} shutdown failed: ${describe(e)}\n`);
          resolve(EXIT.failure);
        },
      );
    });
  });
}

function errorJson(e: unknown): { code: string; message: string; field: string | null } {
  if (e instanceof EmulatorError) return { code: e.code, message: e.message, field: e.field ?? null };
  return { code: 'INTERNAL', message: describe(e), field: null };
}
