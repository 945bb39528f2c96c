#!/usr/bin/env node
import { runCli } from './cli/run.js';

const handlers: ((signal: string) => void)[] = [];
const onSignal = (signal: NodeJS.Signals): void => {
  for (const h of handlers) h(signal);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // a closed pipe (`tinyspark-emulator | head -1`) is not a crash
  if (e.code !== 'EPIPE') throw e;
});

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  onSignal: (handler) => handlers.push(handler),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // 130 comes from an impatient second signal: leave now, whatever is still closing
    if (code === 130) process.exit(code);
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tinyspark-emulator: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
