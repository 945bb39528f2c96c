// The long fuzz run (`pnpm fuzz`, issue 9): the suite's generator and driver against the real CLI
// process (`tinyspark-emulator --clock virtual`, default limits), which is restarted (and counted)
// if it ever dies. Started by scripts/fuzz.mjs, which transpiles the sources and passes the paths.
import { createFrameGenerator, parseSeed } from './generator.js';
import { laneSeed, mergeTallies, runFuzz } from './driver.js';
import type { FuzzTally } from './driver.js';
import { generatorOptions } from './fixtures.js';
import { runMemoryChecks } from './memory-run.js';
import { startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';

export interface LongRunArgs {
  frames: number;
  seed: number;
  lanes: number;
  memory: boolean;
  json: boolean;
}

const USAGE = `usage: pnpm fuzz [--frames N] [--seed S] [--lanes L] [--memory] [--json]
  --frames N   frames to send (default 100000), split over the lanes
  --seed S     seed of the run, 0..4294967295 (default 1); a violation names its lane and frame index
  --lanes L    connections side by side, each on its own board (default 4)
  --memory     instead: the memory bounds (a client that stops reading, a request flood, a day of sim.clock at 6664 Hz)
  --json       the summary as JSON on stdout`;

export function parseLongRunArgs(argv: readonly string[]): LongRunArgs {
  const a: LongRunArgs = { frames: 100_000, seed: 1, lanes: 4, memory: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const count = (v: string, min: number): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new RangeError(`${flag} must be an integer >= ${min}, got ${v}`);
      return n;
    };
    if (flag === '--frames') a.frames = count(value(), 1);
    else if (flag === '--seed') a.seed = parseSeed(value());
    else if (flag === '--lanes') a.lanes = Math.min(count(value(), 1), 32);
    else if (flag === '--memory') a.memory = true;
    else if (flag === '--json') a.json = true;
    else if (flag === '--') continue;
    else if (flag === '--help' || flag === '-h') throw new RangeError(USAGE);
    else throw new RangeError(`unknown option ${flag}\n${USAGE}`);
  }
  return a;
}

const MiB = 1024 * 1024;
const mib = (n: number | null): string => (n === null ? 'n/a' : `${(n / MiB).toFixed(1)} MiB`);
const counts = (r: Record<string, number>): string =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

/** The fuzz run: `lanes` connections, each on its own board, the frames split over them. */
async function fuzz(a: LongRunArgs, cli: string, preload: string, log: (s: string) => void): Promise<Record<string, unknown>> {
  const serverArgs = ['--boards', String(a.lanes), '--seed', String(a.seed)];
  let server = await startServer(cli, preload, serverArgs);
  let crashes = 0;
  const crashOutputs: string[] = [];
  let restarting: Promise<ServerProcess> | null = null;
  const peak = { rss: 0, heapUsed: 0, vmHwm: 0 };
  const notePeak = (s: ServerProcess): void => {
    peak.rss = Math.max(peak.rss, s.memory.peakRss);
    peak.heapUsed = Math.max(peak.heapUsed, s.memory.peakHeapUsed);
    peak.vmHwm = Math.max(peak.vmHwm, s.vmHwm() ?? 0);
  };
  // a dead server is a crash: counted, its output kept, a new one started (the lanes reconnect to it)
  const restart = (): Promise<ServerProcess> => {
    restarting ??= (async () => {
      if (!server.exited()) return server;
      notePeak(server);
      crashes++;
      crashOutputs.push(server.output().slice(-2000));
      server = await startServer(cli, preload, serverArgs);
      return server;
    })().finally(() => {
      restarting = null;
    });
    return restarting;
  };
  const hello = await fetchHelloLimits(`${server.url}/boards/board-0`);
  const live: FuzzTally[] = [];
  const started = process.hrtime.bigint();
  let printed = 0;
  const every = Math.max(1000, Math.floor(a.frames / 20));
  const progress = (): void => {
    const t = mergeTallies(live.filter((x) => x !== undefined));
    if (t.frames - printed < every && t.frames < a.frames) return;
    printed = t.frames - (t.frames % every);
    notePeak(server);
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    log(`  ${String(t.frames).padStart(7)}/${a.frames} frames  ${(t.frames / s).toFixed(0)}/s  reconnects ${t.reconnects}  violations ${t.violations.length}  crashes ${crashes}  server rss ${mib(server.memory.rss)} heap ${mib(server.memory.heapUsed)}`);
  };
  log(`fuzz: ${a.frames} frames, seed ${a.seed}, ${a.lanes} lanes, against ${cli} (pid ${server.child.pid})`);
  const per = Math.floor(a.frames / a.lanes);
  const tallies = await Promise.all(
    Array.from({ length: a.lanes }, (_, lane) =>
      runFuzz({
        url: `${server.url}/boards/board-${lane}`,
        generator: createFrameGenerator(generatorOptions(laneSeed(a.seed, lane), hello)),
        frames: lane === a.lanes - 1 ? a.frames - per * (a.lanes - 1) : per,
        progressEvery: 250,
        onProgress: (t) => {
          live[lane] = t as FuzzTally;
          progress();
        },
        onConnectFailed: async (e) => {
          if (!server.exited()) {
            // give a dying process a moment to be seen as dead; else the failure is the driver's
            await new Promise((r) => setTimeout(r, 200));
            if (!server.exited()) throw e;
          }
          return `${(await restart()).url}/boards/board-${lane}`;
        },
      }).then((t) => {
        live[lane] = t;
        return t;
      }),
    ),
  );
  const total = mergeTallies(tallies);
  await server.sampleMemory();
  notePeak(server);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const code = await server.stop();
  const stray = /uncaught|Error:/i.test(server.output()) ? server.output().slice(-2000) : null;
  return {
    mode: 'fuzz',
    seed: a.seed,
    lanes: a.lanes,
    frames: total.frames,
    seconds: Math.round(seconds * 10) / 10,
    replies: total.replies,
    closes: total.closes,
    reconnects: total.reconnects,
    crashes,
    serverExitCode: code,
    serverStderrErrors: stray,
    crashOutputs,
    violations: total.violations,
    serverPeakRssBytes: peak.vmHwm || peak.rss,
    serverPeakHeapUsedBytes: peak.heapUsed,
    kinds: total.kinds,
  };
}

/** The limits a board announces in its hello. */
export async function fetchHelloLimits(url: string): Promise<{ maxFrameBytes: number; maxModelBytes: number; maxRecordingMs: number }> {
  const { default: WebSocket } = await import('ws');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString('utf8')) as { type: string; limits: { maxFrameBytes: number; maxModelBytes: number; maxRecordingMs: number } };
      if (m.type !== 'hello') return;
      ws.close();
      resolve(m.limits);
    });
    ws.on('error', reject);
  });
}

function printSummary(s: Record<string, unknown>, log: (t: string) => void): void {
  if (s['mode'] === 'memory') {
    const failed = (s['figures'] as { failure?: string; ok: boolean; name: string }[]).filter((f) => !f.ok);
    log('');
    log(failed.length === 0 ? 'memory: every attack ok' : `memory: FAILED: ${failed.map((f) => f.failure ?? `${f.name} (see its line above)`).join('; ')}`);
    return;
  }
  log('');
  log(`frames      ${String(s['frames'])} in ${String(s['seconds'])} s (seed ${String(s['seed'])}, ${String(s['lanes'])} lanes)`);
  log(`replies     ${counts(s['replies'] as Record<string, number>)}`);
  log(`closes      ${counts(s['closes'] as Record<string, number>) || 'none'}`);
  log(`reconnects  ${String(s['reconnects'])}`);
  log(`crashes     ${String(s['crashes'])}${s['serverStderrErrors'] ? ' (the server printed errors, below)' : ''}`);
  log(`server      peak RSS ${mib(s['serverPeakRssBytes'] as number)}, peak heap used ${mib(s['serverPeakHeapUsedBytes'] as number)}, exit ${String(s['serverExitCode'])}`);
  const v = s['violations'] as { index: number; frameKind: string; rule: string; sample: string }[];
  log(`violations  ${v.length}`);
  for (const x of v.slice(0, 20)) log(`  #${x.index} ${x.frameKind}: ${x.rule}  ${x.sample.slice(0, 120)}`);
  if (s['serverStderrErrors']) log(String(s['serverStderrErrors']));
}

/** Entry: `node long-run.js <cli.js> <preload.mjs> [args]`; exit 0 when nothing broke, 1 otherwise, 2 on a usage error. */
export async function main(argv: readonly string[]): Promise<number> {
  const [cli, preload, ...rest] = argv;
  let a: LongRunArgs;
  try {
    a = parseLongRunArgs(rest);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const log = (s: string): void => {
    (a.json ? process.stderr : process.stdout).write(`${s}\n`);
  };
  const summary = a.memory ? await runMemoryChecks(cli!, preload!, log) : await fuzz(a, cli!, preload!, log);
  printSummary(summary, log);
  if (a.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const failed = a.memory ? summary['ok'] !== true : (summary['violations'] as unknown[]).length > 0 || summary['crashes'] !== 0 || summary['serverStderrErrors'] !== null || summary['serverExitCode'] !== 0;
  return failed ? 1 : 0;
}
