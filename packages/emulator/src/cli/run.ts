import { CLI_USAGE, parseCliArgs } from './args.js';
import { EmulatorError } from '../errors.js';
import { startEmulator } from '../server/start-emulator.js';

/** What the CLI touches of its process (injected so tests can run it in-process). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Calls `handler` once on SIGINT or SIGTERM with the signal's name. */
  onSignal(handler: (signal: string) => void): void;
}

/**
 * `tinyspark-emulator`: starts the server, prints one line per board (`<id> <url>`), and on
 * SIGINT/SIGTERM closes every connection and the port. Resolves with the exit code: 0 after a
 * clean shutdown, 1 when the server cannot start (e.g. EMU_ERR_PORT_IN_USE), 2 for bad flags.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseCliArgs([...argv]);
  } catch (e) {
    io.stderr(`tinyspark-emulator: ${(e as Error).message}\n\n${CLI_USAGE}\n`);
    return 2;
  }
  if (args.help === true) {
    io.stdout(`${CLI_USAGE}\n`);
    return 0;
  }
  const { help: _help, ...options } = args;
  let emu;
  try {
    emu = await startEmulator({
      ...options,
      onBoardCreated: (b) => io.stdout(`${b.id} ${b.url} (created: a client asked for an unknown board id)\n`),
    });
  } catch (e) {
    const code = e instanceof EmulatorError ? e.code : 'ERROR';
    io.stderr(`tinyspark-emulator: ${code}: ${(e as Error).message}\n`);
    return 1;
  }
  io.stdout(`tinyspark-emulator listening on ${emu.url} (clock ${options.clock ?? 'real'}, seed ${options.seed ?? 0})\n`);
  for (const b of emu.boards) io.stdout(`${b.id} ${b.url}\n`);
  const running = emu;
  return await new Promise<number>((resolve) => {
    let stopping = false;
    io.onSignal((signal) => {
      if (stopping) return;
      stopping = true;
      io.stdout(`tinyspark-emulator: ${signal}, shutting down\n`);
      running.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    });
  });
}
