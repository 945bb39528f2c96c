// The emulator's CLI as a real process, built from the current sources: the one helper of the suite
// (hardening.test.ts) and of `pnpm fuzz` (scripts/fuzz.mjs transpiles this file first, then builds
// the CLI and the fuzz runner with it; test/fuzz/server-process.ts adds memory figures on top).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..', '..');

/** The workspace packages the emulator's CLI loads at run time. */
const RUNTIME_PACKAGES = ['emulator', 'protocol', 'quantizer', 'core'] as const;

/**
 * TypeScript, loaded when something is transpiled: the process helpers below also run from a
 * transpiled copy (the fuzz runner's), where the compiler is neither present nor needed.
 */
let typescript: typeof TypeScript | undefined;

/** Transpiles one TypeScript file (no type check) to `to`. */
export function transpileFile(src: string, to: string): void {
  const ts = (typescript ??= createRequire(import.meta.url)('typescript') as typeof TypeScript);
  const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true };
  const out = ts.transpileModule(readFileSync(src, 'utf8'), { compilerOptions, fileName: src });
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, out.outputText);
}

/** Transpiles every `.ts` below `from` (not tests, not declarations) into `to`, as `.js`. */
export function transpileTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    if (entry.isDirectory()) {
      transpileTree(src, join(to, entry.name));
      continue;
    }
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name.endsWith('.d.ts')) continue;
    transpileFile(src, join(to, entry.name.replace(/\.ts$/, '.js')));
  }
}

/** The folder of package `name` that holds the resolved file `entry` (`.../node_modules/<name>`). */
function packageDirOf(entry: string, name: string): string {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot find the package folder of ${name} in ${entry}`);
  return entry.slice(0, at + marker.length - 1);
}

/** What {@link buildCliFromSource} built. */
export interface BuiltCli {
  /** The CLI's entry file, to run with `node`. */
  readonly entry: string;
  /** The temporary folder everything is in. */
  readonly root: string;
  /** The emulator package's folder in it (`<root>/node_modules/@tinyspark/emulator`). */
  readonly emulatorDir: string;
  cleanup(): void;
}

/**
 * Test-only: the emulator's CLI as a real process, built from the current sources (TypeScript's
 * transpiler, no type check) into a temporary folder, so a test never runs a stale `dist/`.
 * `extra`: more paths of the emulator package (folders or `.ts` files, e.g. `test/fuzz`), transpiled
 * to the same place in the copy.
 */
export function buildCliFromSource(options: { extra?: readonly string[]; prefix?: string } = {}): BuiltCli {
  const root = mkdtempSync(join(tmpdir(), options.prefix ?? 'tinyspark-emu-cli-'));
  const modules = join(root, 'node_modules');
  for (const name of RUNTIME_PACKAGES) {
    const pkgDir = join(packagesDir, name);
    const outDir = join(modules, '@tinyspark', name);
    transpileTree(join(pkgDir, 'src'), join(outDir, 'src'));
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    const exportsMap: Record<string, string> = {};
    for (const [sub, conditions] of Object.entries(pkg.exports)) exportsMap[sub] = conditions['@tinyspark/source']!.replace(/\.ts$/, '.js');
    writeFileSync(join(outDir, 'package.json'), JSON.stringify({ name: `@tinyspark/${name}`, type: 'module', exports: exportsMap }));
  }
  // the runtime packages' own dependencies (ws, commander, picocolors), linked from the workspace
  for (const name of RUNTIME_PACKAGES) {
    const manifest = join(packagesDir, name, 'package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    const require = createRequire(manifest);
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (dep.startsWith('@tinyspark/') || existsSync(join(modules, dep))) continue;
      symlinkSync(packageDirOf(realpathSync(require.resolve(dep)), dep), join(modules, dep), 'dir');
    }
  }
  const emulatorDir = join(modules, '@tinyspark', 'emulator');
  for (const path of options.extra ?? []) {
    const from = join(packagesDir, 'emulator', path);
    if (path.endsWith('.ts')) transpileFile(from, join(emulatorDir, path.replace(/\.ts$/, '.js')));
    else transpileTree(from, join(emulatorDir, path));
  }
  return { entry: join(emulatorDir, 'src', 'cli.js'), root, emulatorDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A running CLI process: its URL, its output so far, and whether (and how) it exited. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** How to start the process: options of node before the entry (`--import <preload>`), an IPC channel. */
export interface StartCliOptions {
  readonly nodeArgs?: readonly string[];
  readonly ipc?: boolean;
}

/**
 * Starts `node [nodeArgs] <entry> --port 0 ...args` and resolves once it prints its listening line.
 * It is killed when this process exits; `stop()` sends SIGTERM, and SIGKILL after 60 s.
 */
export function startCli(entry: string, args: readonly string[], options: StartCliOptions = {}): Promise<CliProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry, '--port', '0', ...args], { stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitWaiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  // never left running when this process ends, whatever the reason
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.on('exit', (code, signal) => {
    process.off('exit', killOnExit);
    exit = { code, signal };
    for (const w of exitWaiters.splice(0)) w();
  });
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      resolve({
        child,
        url: m[1]!,
        output: () => out,
        exited: () => exit,
        stop: async () => {
          if (exit === null) {
            const done = new Promise<void>((r) => exitWaiters.push(r));
            child.kill('SIGTERM');
            // a process that does not shut down within 60 s is killed (its exit code says so)
            const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
            await done;
            clearTimeout(killer);
          }
          return (exit as { code: number | null } | null)?.code ?? null;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.on('exit', () => reject(new Error(`the CLI exited before listening:\n${out}`)));
  });
}

/** Runs `node <entry> ...args` (no `--port` added) to its end: the exit code and everything it printed. */
export function runToExit(entry: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}
