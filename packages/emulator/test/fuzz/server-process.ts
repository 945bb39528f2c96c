// The emulator's CLI as a child process for the long fuzz run and the memory run: the suite's
// startCli (test/support/cli-process.ts) with a preload (written by scripts/fuzz.mjs) that sends
// process.memoryUsage() over IPC, and the process's own figures from /proc.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startCli } from '../support/cli-process.js';

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
  /** SIGTERM (SIGKILL after 60 s); the exit code, 128 + n for a signal. */
  stop(): Promise<number | null>;
}

/** Starts `node --import <preload> <cli> --port 0 --clock virtual ...args`. */
export async function startServer(cli: string, preload: string, args: readonly string[]): Promise<ServerProcess> {
  const memory: ServerMemory = { rss: 0, heapUsed: 0, peakRss: 0, peakHeapUsed: 0 };
  const memWaiters: (() => void)[] = [];
  const p = await startCli(cli, ['--clock', 'virtual', ...args], { nodeArgs: ['--import', preload], ipc: true });
  const child = p.child;
  child.on('message', (m: Partial<ServerMemory> & { type?: string }) => {
    if (m.type !== 'mem') return;
    Object.assign(memory, { rss: m.rss, heapUsed: m.heapUsed, peakRss: m.peakRss, peakHeapUsed: m.peakHeapUsed });
    for (const w of memWaiters.splice(0)) w();
  });
  child.on('exit', () => {
    for (const w of memWaiters.splice(0)) w();
  });
  const proc = (file: string): string | null => {
    try {
      return readFileSync(`/proc/${child.pid}/${file}`, 'utf8');
    } catch {
      return null;
    }
  };
  return {
    child,
    url: p.url,
    memory,
    output: () => p.output(),
    exited: () => p.exited() !== null,
    vmHwm: () => {
      const kb = /VmHWM:\s+(\d+) kB/.exec(proc('status') ?? '');
      return kb ? Number(kb[1]) * 1024 : null;
    },
    cpuSeconds: () => {
      // fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime in clock ticks
      const stat = proc('stat');
      if (stat === null) return null;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    sampleMemory: () =>
      new Promise<ServerMemory>((r) => {
        if (p.exited() !== null) return r(memory);
        memWaiters.push(() => r(memory));
        child.send('mem?');
      }),
    stop: async () => {
      await p.stop();
      const e = p.exited();
      return e === null ? null : (e.code ?? (e.signal === null ? null : 128));
    },
  };
}
