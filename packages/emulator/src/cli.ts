#!/usr/bin/env node
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { EmulatorError } from './errors.js';
import { startEmulator } from './server.js';

async function main(): Promise<number> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`tinyspark-emulator: ${(e as Error).message}\n\n${CLI_USAGE}\n`);
    return 2;
  }
  if (args.help === true) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return 0;
  }
  const { help: _help, ...options } = args;
  let emu;
  try {
    emu = await startEmulator(options);
  } catch (e) {
    const code = e instanceof EmulatorError ? e.code : 'ERROR';
    process.stderr.write(`tinyspark-emulator: ${code}: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`tinyspark-emulator listening on ${emu.url} (clock ${options.clock ?? 'real'}, seed ${options.seed ?? 0})\n`);
  for (const b of emu.boards) process.stdout.write(`${b.id} ${b.url}\n`);
  const running = emu;
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`tinyspark-emulator: ${signal}, shutting down\n`);
      running.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tinyspark-emulator: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
