#!/usr/bin/env node
// Do the published packages work outside this monorepo? For core, protocol, emulator and quantizer:
//   1. build them from empty dist/ folders and `pnpm pack` each (pnpm turns `workspace:*` into real
//      versions);
//   2. check each tarball: LICENSE, README.md, the metadata a registry shows (description, keywords,
//      repository, license, engines, files), no `workspace:` range left, every `exports` target (every
//      condition, the monorepo's `@tinyspark/source` too) and `bin` present in the tarball, and every
//      source map's sources shipped;
//   3. `npm install` the four tarballs together into an empty temporary folder (our packages come
//      from the tarballs only; third-party dependencies such as ws from the npm registry);
//   4. run each package README's example (the ```js block after a `<!-- pack-check -->` line) with
//      plain `node` in that folder; the protocol's example talks to the packed emulator's CLI;
//   5. install the protocol alone (no ws) and check that, on a platform without a global WebSocket,
//      connectBoard fails with the documented error naming `npm install ws`.
// Exit code 0 when all of it holds, 1 otherwise (each failure is printed).
//
//   node scripts/pack-check.mjs [--keep]     (--keep: leave the temporary folder and print its path)
// Environment: PNPM (default "npx -y pnpm@12.4.2"), NPM (default "npm").
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['core', 'protocol', 'emulator', 'quantizer'];
const PNPM = (process.env.PNPM ?? 'npx -y pnpm@12.4.2').split(' ');
const NPM = (process.env.NPM ?? 'npm').split(' ');
const EXAMPLE_TIMEOUT_MS = 120_000;
const keep = process.argv.includes('--keep');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.log(`  FAIL ${message}`);
};
const ok = (message) => console.log(`  ok   ${message}`);

/** Runs a command to completion; throws with its output when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} (in ${options.cwd ?? ROOT}) exited ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** The ```js block after the `<!-- pack-check -->` marker line of a README, or undefined. */
export function extractExample(markdown) {
  const lines = markdown.split('\n');
  const marker = lines.findIndex((line) => line.trim() === '<!-- pack-check -->');
  if (marker < 0) return undefined;
  const open = lines.findIndex((line, i) => i > marker && line.trim() !== '');
  if (open < 0 || !/^```(js|javascript|mjs)\s*$/.test(lines[open].trim())) return undefined;
  const close = lines.findIndex((line, i) => i > open && line.trim() === '```');
  return close < 0 ? undefined : lines.slice(open + 1, close).join('\n') + '\n';
}

/** Every file path an `exports` value points at (through nested conditions and arrays). */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** Checks one packed manifest and its file list against the source manifest. */
function checkTarball(name, source, packed, files) {
  const shipped = new Set(files.map((f) => f.replace(/^package\//, '')));
  for (const file of ['LICENSE', 'README.md', 'package.json']) {
    if (shipped.has(file)) ok(`${name}: ships ${file}`);
    else fail(`${name}: ${file} missing from the tarball`);
  }
  for (const field of ['description', 'keywords', 'repository', 'license', 'engines', 'files']) {
    const value = packed[field];
    const present = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '';
    if (!present) fail(`${name}: package.json has no "${field}"`);
  }
  if (packed.engines && !packed.engines.node) fail(`${name}: "engines" names no node version`);
  for (const kind of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(packed[kind] ?? {})) {
      if (String(range).startsWith('workspace:')) fail(`${name}: ${kind}.${dep} is still "${range}"`);
    }
  }
  const exportsMap = packed.exports ?? {};
  for (const subpath of Object.keys(source.exports ?? {})) {
    if (!(subpath in exportsMap)) fail(`${name}: subpath "${subpath}" of the source manifest is not in the published exports`);
  }
  let targets = 0;
  for (const [subpath, conditions] of Object.entries(exportsMap)) {
    for (const target of exportTargets(conditions)) {
      targets++;
      const path = posix.normalize(target);
      if (!shipped.has(path)) fail(`${name}: exports["${subpath}"] points at ${target}, which is not in the tarball`);
    }
  }
  const bins = typeof packed.bin === 'string' ? { [name]: packed.bin } : (packed.bin ?? {});
  for (const [bin, target] of Object.entries(bins)) {
    if (!shipped.has(posix.normalize(target))) fail(`${name}: bin ${bin} -> ${target} is not in the tarball`);
  }
  ok(`${name}: ${targets} export targets and ${Object.keys(bins).length} bins, all in the tarball; no workspace: ranges`);
}

/** Every `sources` entry of every shipped `*.map` file resolves to a shipped file. */
function checkSourceMaps(name, installed) {
  const maps = readdirSync(installed, { recursive: true }).map(String).filter((f) => f.endsWith('.map'));
  let missing = 0;
  for (const map of maps) {
    const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(join(installed, map), 'utf8'));
    for (const source of sources) {
      if (!existsSync(resolve(installed, dirname(map), sourceRoot, source))) {
        if (missing++ < 5) fail(`${name}: ${map} names ${source}, which is not shipped`);
      }
    }
  }
  if (missing === 0) ok(`${name}: the sources of its ${maps.length} source maps are shipped`);
}

/** Runs `node file` in `cwd`; resolves with its output; rejects on a non-zero exit or a timeout. */
function runNode(file, cwd, extraEnv = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [file], { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), EXAMPLE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`node ${file} exited ${code ?? signal}\n${output}`));
    });
  });
}

/** Starts the installed emulator CLI on a free port; resolves with its first board URL and a stop(). */
function startEmulatorCli(cwd) {
  return new Promise((resolvePromise, reject) => {
    const cli = join(cwd, 'node_modules', '@tinyspark', 'emulator', 'dist', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--seed', '1'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator CLI printed no board URL in time\n${output}`));
    }, 30_000);
    const onData = (d) => {
      output += d;
      const match = /^board-0 (ws:\/\/\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        const exited = new Promise((r) => child.once('close', r));
        resolvePromise({ url: match[1], stop: () => (child.kill('SIGTERM'), exited) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator CLI exited ${code}\n${output}`));
    });
  });
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'tinyspark-pack-'));
  const tarballs = join(work, 'tarballs');
  const app = join(work, 'app');
  mkdirSync(tarballs);
  mkdirSync(app);
  try {
    // From an empty dist/ and without turbo's cache, so no file left over from an earlier layout is packed.
    console.log('pack-check: building the packages from clean dist/ folders');
    for (const pkg of PACKAGES) rmSync(join(ROOT, 'packages', pkg, 'dist'), { recursive: true, force: true });
    run(PNPM[0], [...PNPM.slice(1), 'exec', 'turbo', 'run', 'build', '--force', '--output-logs=errors-only', ...PACKAGES.map((p) => `--filter=@tinyspark/${p}`)]);

    console.log('pack-check: pnpm pack and the tarballs');
    const tgz = {};
    for (const pkg of PACKAGES) {
      const dir = join(ROOT, 'packages', pkg);
      const before = new Set(readdirSync(tarballs));
      run(PNPM[0], [...PNPM.slice(1), 'pack', '--pack-destination', tarballs], { cwd: dir });
      const made = readdirSync(tarballs).filter((f) => !before.has(f) && f.endsWith('.tgz'));
      if (made.length !== 1) throw new Error(`pnpm pack in packages/${pkg} made ${made.length} tarballs`);
      tgz[pkg] = join(tarballs, made[0]);
      const files = run('tar', ['-tzf', tgz[pkg]]).split('\n').filter(Boolean);
      const packed = JSON.parse(run('tar', ['-xzOf', tgz[pkg], 'package/package.json']));
      const source = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      checkTarball(`@tinyspark/${pkg}`, source, packed, files);
    }

    console.log(`pack-check: npm install of the ${PACKAGES.length} tarballs into an empty folder`);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check-app', private: true, type: 'module' }, null, 2));
    run(NPM[0], [...NPM.slice(1), 'install', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES.map((p) => tgz[p])], { cwd: app });
    ok('installed');
    for (const pkg of PACKAGES) checkSourceMaps(`@tinyspark/${pkg}`, join(app, 'node_modules', '@tinyspark', pkg));

    console.log('pack-check: README examples with plain node');
    const emulator = await startEmulatorCli(app);
    try {
      for (const pkg of PACKAGES) {
        const readme = readFileSync(join(ROOT, 'packages', pkg, 'README.md'), 'utf8');
        const example = extractExample(readme);
        if (example === undefined) {
          fail(`@tinyspark/${pkg}: README has no \`<!-- pack-check -->\` line followed by a \`\`\`js block`);
          continue;
        }
        const file = `readme-${pkg}.mjs`;
        writeFileSync(join(app, file), example);
        try {
          const output = await runNode(file, app, { TINYSPARK_BOARD_URL: emulator.url });
          ok(`@tinyspark/${pkg}: README example ran (${output.split('\n').filter(Boolean).length} lines of output)`);
        } catch (error) {
          fail(`@tinyspark/${pkg}: README example failed: ${error.message}`);
        }
      }
    } finally {
      await emulator.stop();
    }

    console.log('pack-check: @tinyspark/protocol alone, without ws');
    const alone = join(work, 'protocol-alone');
    mkdirSync(alone);
    writeFileSync(join(alone, 'package.json'), JSON.stringify({ name: 'pack-check-protocol-alone', private: true, type: 'module' }, null, 2));
    run(NPM[0], [...NPM.slice(1), 'install', '--no-audit', '--no-fund', '--loglevel=error', '--offline', tgz.protocol], { cwd: alone });
    if (existsSync(join(alone, 'node_modules', 'ws'))) fail('@tinyspark/protocol: installing it alone installed ws (it must be an optional peer)');
    else ok('@tinyspark/protocol installs without ws');
    writeFileSync(
      join(alone, 'no-ws.mjs'),
      [
        "import { connectBoard } from '@tinyspark/protocol';",
        'if (globalThis.WebSocket) { console.log("this Node has a global WebSocket: nothing to check"); process.exit(0); }',
        "const error = await connectBoard('ws://127.0.0.1:9/boards/board-0').catch((e) => e);",
        'console.log(error.message);',
        "process.exit(error.code === 'PROTO_ERR_CONNECT_FAILED' && /npm install ws/.test(error.message) ? 0 : 1);",
        '',
      ].join('\n'),
    );
    try {
      const output = await runNode('no-ws.mjs', alone);
      ok(`@tinyspark/protocol without ws: ${output.trim()}`);
    } catch (error) {
      fail(`@tinyspark/protocol without ws: ${error.message}`);
    }
  } finally {
    if (keep) console.log(`pack-check: left ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  console.log(failures.length === 0 ? 'pack-check: all packages work outside the monorepo' : `pack-check: ${failures.length} failure(s)`);
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`pack-check: ${error.stack ?? error}`);
      process.exit(1);
    },
  );
}
