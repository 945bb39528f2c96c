#!/usr/bin/env node
// Runs a command with CPU-burning processes beside it, to prove that a test suite does not depend on
// how fast the machine is (docs/reliability.md, "Running the suite under load").
//
//   node scripts/cpu-burn.mjs [burners] -- <command> [args...]
//   TURBO_FORCE=true node scripts/cpu-burn.mjs 2 -- npx -y pnpm@12.4.2 test
//   (TURBO_FORCE bypasses turbo's cache; `test -- --force` would hand --force to every script and fail)
//
// `burners` (default 2) child processes each spin one core at 100% until the command ends; then they
// are stopped and this script exits with the command's exit code (130 when interrupted). Without a
// command it burns until Ctrl-C.
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const head = dashes < 0 ? args : args.slice(0, dashes);
const command = dashes < 0 ? [] : args.slice(dashes + 1);
const count = head.length > 0 ? Number(head[0]) : 2;
if (!Number.isInteger(count) || count < 1 || count > 64 || head.length > 1) {
  console.error('usage: node scripts/cpu-burn.mjs [burners 1..64] -- <command> [args...]');
  process.exit(2);
}

// Each burner: a tight loop on one core (plain arithmetic, no memory growth, no I/O).
const BURN = 'let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }';
const burners = Array.from({ length: count }, () => spawn(process.execPath, ['-e', BURN], { stdio: 'ignore' }));
const stopBurners = () => {
  for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
};
process.on('exit', stopBurners);
console.error(`cpu-burn: ${count} burning process(es): ${burners.map((b) => b.pid).join(', ')}`);

if (command.length === 0) {
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(130));
} else {
  const started = Date.now();
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      interrupted = true;
      child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`cpu-burn: could not start ${command[0]}: ${error.message}`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    stopBurners();
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.error(`cpu-burn: ${command.join(' ')} ended with ${code ?? signal} after ${seconds} s beside ${count} burner(s)`);
    process.exit(interrupted ? 130 : (code ?? 1));
  });
}
