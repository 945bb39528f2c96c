#!/usr/bin/env node
// `pnpm fuzz`: the long fuzz run of the emulator server (issue 9), or `--memory` for the memory
// attacks. The generator, driver and runner are the suite's TypeScript (packages/emulator/test/fuzz);
// they and the runtime packages are transpiled from source into a temporary folder (like the
// suite's CLI process test), so the run never uses a stale dist/. Options: --frames N (100000),
// --seed S (1), --lanes L (4), --memory, --json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const emulatorDir = join(root, 'packages', 'emulator');
const ts = createRequire(join(root, 'package.json'))('typescript');

// The suite's helper builds the CLI and the runner (test/support/cli-process.ts): transpiled first,
// into the emulator's node_modules (three levels below packages/, as in the suite, so it finds the
// packages folder and typescript the same way), then imported.
const helperDir = join(emulatorDir, 'node_modules', '.tinyspark-fuzz');
mkdirSync(helperDir, { recursive: true });
const helper = join(helperDir, 'cli-process.mjs');
const helperTs = join(emulatorDir, 'test', 'support', 'cli-process.ts');
writeFileSync(
  helper,
  ts.transpileModule(readFileSync(helperTs, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    fileName: helperTs,
  }).outputText,
);
const { buildCliFromSource } = await import(pathToFileURL(helper).href);

const PRELOAD = `// memory figures of the server process, for the fuzz runner (IPC)
const peak = { rss: 0, heapUsed: 0 };
const report = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  process.send?.({ type: 'mem', rss: m.rss, heapUsed: m.heapUsed, peakRss: peak.rss, peakHeapUsed: peak.heapUsed });
};
if (process.send) {
  setInterval(report, 100).unref();
  process.on('message', (m) => { if (m === 'mem?') report(); });
  process.channel?.unref();
}
`;

const built = buildCliFromSource({ extra: ['test/fuzz', 'test/support', 'test/qmodel-fixture.ts'], prefix: 'tinyspark-fuzz-' });
let code = 1;
try {
  const preload = join(built.root, 'memory-preload.mjs');
  writeFileSync(preload, PRELOAD);
  const { main } = await import(pathToFileURL(join(built.emulatorDir, 'test', 'fuzz', 'long-run.js')).href);
  code = await main([built.entry, pathToFileURL(preload).href, ...process.argv.slice(2)]);
} finally {
  built.cleanup();
  rmSync(helperDir, { recursive: true, force: true });
}
process.exit(code);
