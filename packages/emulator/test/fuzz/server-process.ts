// The emulator's CLI as a child process for the long fuzz run and the memory run, with its own
// memory figures: a preload (written by scripts/fuzz.mjs) sends process.memoryUsage() over IPC.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Server memory as the server process reports it (the preload sends `process.memoryUsage()` over IPC). */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  peakRss: number;
  peakHeapUsed: number;
}

/** A running server process: its URL, its memory reports, and its exit. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly memory: ServerMemory;
  output(): string;
  exited(): boolean;
  /** Peak resident set of the process so far (Linux VmHWM), bytes; null where /proc is missing. */
  vmHwm(): number | null;
  /** CPU time the process used so far (user + system, Linux /proc), seconds; null where /proc is missing. */
  cpuSeconds(): number | null;
  /** The latest memory figures (asks the process, answers within one round trip). */
  sampleMemory(): Promise<ServerMemory>;
  stop(): Promise<number | null>;
}

/** Starts `node --import <preload> <cli> --port 0 --clock virtual ...args`. */
export function startServer(cli: string, preload: string, args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', preload, cli, '--port', '0', '--clock', 'virtual', ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  let exit: number | null | undefined;
  const exitWaiters: (() => void)[] = [];
  const memory: ServerMemory = { rss: 0, heapUsed: 0, peakRss: 0, peakHeapUsed: 0 };
  const memWaiters: (() => void)[] = [];
  child.on('message', (m: Partial<ServerMemory> & { type?: string }) => {
    if (m.type !== 'mem') return;
    Object.assign(memory, { rss: m.rss, heapUsed: m.heapUsed, peakRss: m.peakRss, peakHeapUsed: m.peakHeapUsed });
    for (const w of memWaiters.splice(0)) w();
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  // never left running when the runner ends, whatever the reason
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.on('exit', (code, signal) => {
    process.off('exit', killOnExit);
    exit = code ?? (signal === null ? null : 128);
    for (const w of exitWaiters.splice(0)) w();
    for (const w of memWaiters.splice(0)) w();
  });
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      resolve({
        child,
        url: m[1]!,
        memory,
        output: () => out,
        exited: () => exit !== undefined,
        vmHwm: () => {
          try {
            const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            return kb ? Number(kb[1]) * 1024 : null;
          } catch {
            return null;
          }
        },
        cpuSeconds: () => {
          try {
            // fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime in clock ticks
            const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
            const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            return (Number(f[11]) + Number(f[12])) / 100;
          } catch {
            return null;
          }
        },
        sampleMemory: () =>
          new Promise<ServerMemory>((r) => {
            if (exit !== undefined) return r(memory);
            memWaiters.push(() => r(memory));
            child.send('mem?');
          }),
        stop: async () => {
          if (exit === undefined) {
            const done = new Promise<void>((r) => exitWaiters.push(r));
            child.kill('SIGTERM');
            // a server that does not shut down within 60 s is killed (and its exit code says so)
            const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
            await done;
            clearTimeout(killer);
          }
          return exit ?? null;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.on('exit', () => reject(new Error(`the server exited before listening:\n${out}`)));
  });
}
