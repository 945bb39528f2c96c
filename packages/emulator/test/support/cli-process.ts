import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..', '..');

/** The workspace packages the emulator's CLI loads at run time. */
const RUNTIME_PACKAGES = ['emulator', 'protocol', 'quantizer', 'core'] as const;

function transpileTree(from: string, to: string): void {
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

/** The folder of package `name` that holds the resolved file `entry` (`.../node_modules/<name>`). */
function packageDirOf(entry: string, name: string): string {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot find the package folder of ${name} in ${entry}`);
  return entry.slice(0, at + marker.length - 1);
}

/**
 * Test-only: the emulator's CLI as a real process, built from the current sources (TypeScript's
 * transpiler, no type check) into a temporary folder, so a test never runs a stale `dist/`. Returns
 * the entry file to run with `node` and a cleanup function.
 */
export function buildCliFromSource(): { entry: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'tinyspark-emu-cli-'));
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
  const entry = join(modules, '@tinyspark', 'emulator', 'src', 'cli.js');
  return { entry, cleanup: () => rmSync(root, { recursive: true, force: true }) };
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

/** Starts `node <entry> --port 0 ...args` and resolves once it prints its listening line. */
export function startCli(entry: string, args: readonly string[]): Promise<CliProcess> {
  const child = spawn(process.execPath, [entry, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitWaiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.on('exit', (code, signal) => {
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
            await done;
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
