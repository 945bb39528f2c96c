#!/usr/bin/env node
// `pnpm fuzz`: the long fuzz run of the emulator server (issue 9), or `--memory` for the memory
// attacks. The generator, driver and runner are the suite's TypeScript (packages/emulator/test/fuzz);
// they and the runtime packages are transpiled from source into a temporary folder (like the
// suite's CLI process test), so the run never uses a stale dist/. Options: --frames N (100000),
// --seed S (1), --lanes L (4), --memory, --json.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');
const ts = createRequire(join(root, 'package.json'))('typescript');

/** The workspace packages the emulator loads at run time. */
const RUNTIME_PACKAGES = ['emulator', 'protocol', 'quantizer', 'core'];

function transpileTree(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    if (entry.isDirectory()) {
      transpileTree(src, join(to, entry.name));
      continue;
    }
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name.endsWith('.d.ts')) continue;
    const out = ts.transpileModule(readFileSync(src, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: src,
    });
    mkdirSync(to, { recursive: true });
    writeFileSync(join(to, entry.name.replace(/\.ts$/, '.js')), out.outputText);
  }
}

function packageDirOf(entry, name) {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot find the package folder of ${name} in ${entry}`);
  return entry.slice(0, at + marker.length - 1);
}

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

const tmp = mkdtempSync(join(tmpdir(), 'tinyspark-fuzz-'));
let code = 1;
try {
  const modules = join(tmp, 'node_modules');
  for (const name of RUNTIME_PACKAGES) {
    const pkgDir = join(packagesDir, name);
    const outDir = join(modules, '@tinyspark', name);
    transpileTree(join(pkgDir, 'src'), join(outDir, 'src'));
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const exportsMap = {};
    for (const [sub, conditions] of Object.entries(pkg.exports)) exportsMap[sub] = conditions['@tinyspark/source'].replace(/\.ts$/, '.js');
    writeFileSync(join(outDir, 'package.json'), JSON.stringify({ name: `@tinyspark/${name}`, type: 'module', exports: exportsMap }));
  }
  // the fuzzer itself and the test fixture it uses
  const emuTest = join(packagesDir, 'emulator', 'test');
  transpileTree(join(emuTest, 'fuzz'), join(modules, '@tinyspark', 'emulator', 'test', 'fuzz'));
  transpileTree(join(emuTest, 'support'), join(modules, '@tinyspark', 'emulator', 'test', 'support'));
  const fixture = ts.transpileModule(readFileSync(join(emuTest, 'qmodel-fixture.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  writeFileSync(join(modules, '@tinyspark', 'emulator', 'test', 'qmodel-fixture.js'), fixture.outputText);
  // the runtime packages' own dependencies (ws, commander, picocolors), linked from the workspace
  for (const name of RUNTIME_PACKAGES) {
    const manifest = join(packagesDir, name, 'package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    const require = createRequire(manifest);
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (dep.startsWith('@tinyspark/') || existsSync(join(modules, dep))) continue;
      symlinkSync(packageDirOf(realpathSync(require.resolve(dep)), dep), join(modules, dep), 'dir');
    }
  }
  const preload = join(tmp, 'memory-preload.mjs');
  writeFileSync(preload, PRELOAD);
  const cli = join(modules, '@tinyspark', 'emulator', 'src', 'cli.js');
  const { main } = await import(pathToFileURL(join(modules, '@tinyspark', 'emulator', 'test', 'fuzz', 'long-run.js')).href);
  code = await main([cli, pathToFileURL(preload).href, ...process.argv.slice(2)]);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
