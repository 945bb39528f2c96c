#!/usr/bin/env node
// The `tinyspark` executable: real process io, Ctrl-C as an AbortSignal, exit code from main().
import { setMaxListeners } from 'node:events';
import { warmDemoEmulator } from './demo/demo-emulator.js';

// A closed pipe (`tinyspark ... | head`) ends the output quietly instead of crashing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const controller = new AbortController();
// Every in-flight board request listens to Ctrl-C (the demo keeps ~10 in flight over 3 boards).
setMaxListeners(200, controller.signal);
let interrupts = 0;
const onSignal = (): void => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\n[studio] interrupted: finishing cleanly (press Ctrl-C again to quit at once)\n');
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// `pnpm <script> -- --flag` passes the `--` through: drop it after the command name
const argv = process.argv.slice(2);
if (argv[1] === '--') argv.splice(1, 1);
// `tinyspark demo`: its emulator thread loads while this one loads the commands (main.js)
if (argv[0] === 'demo' && !argv.includes('--help') && !argv.includes('-h')) warmDemoEmulator();
const { main } = await import('./main.js');
const code = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
