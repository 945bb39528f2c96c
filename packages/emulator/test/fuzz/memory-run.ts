// `pnpm fuzz --memory`: the three memory attacks of issue 9 against the real CLI process (default
// limits), each on a fresh process, measured by the process itself (peak RSS = Linux VmHWM, heap
// used sampled by the preload). Measurement only; the bounds are asserted in the suite by the
// server's own accounting (test/memory.test.ts).
import WebSocket from 'ws';
import { Board } from '../../src/board/board.js';
import { VirtualClock } from '../../src/virtual-clock.js';
import { stopReading } from '../support/never-reading.js';
import { startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';

const MiB = 1024 * 1024;
const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`;

/**
 * Real-time watchdogs of the memory run (a measurement run, not a test): no step waits longer than
 * {@link STEP_MS} for the server, no attack runs longer than {@link ATTACK_MS}, the whole run ends
 * within {@link RUN_MS}. A server that stops answering fails the run with a message naming the
 * attack and the step; it never hangs it.
 */
export const STEP_MS = 180_000;
export const ATTACK_MS = 600_000;
export const RUN_MS = 1_500_000;

/** The server stopped answering within a watchdog: names the attack and what it waited for. */
export class NoAnswer extends Error {}

/** `p`, or a NoAnswer naming `what` once `ms` of real time pass. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer(`no answer from the server within ${Math.round(ms / 1000)} s while waiting for ${what}`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** A raw client: replies by id, the close code, and a way to stop reading (the TCP socket paused). Every wait ends on a close. */
class Client {
  readonly replies = new Map<unknown, string>();
  closeCode: number | null = null;
  samples = 0;
  private waiters: { id: unknown; resolve: (code: string) => void; reject: (e: Error) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];
  private helloWaiter: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private hello = false;

  constructor(
    readonly ws: WebSocket,
    readonly name: string,
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.samples += (data as Buffer).readUInt16LE(32) || 0;
        return;
      }
      const m = JSON.parse((data as Buffer).toString('utf8')) as { type: string; id?: unknown; code?: string };
      if (m.type === 'hello') {
        this.hello = true;
        this.helloWaiter?.resolve();
      }
      if (m.type !== 'ack' && m.type !== 'error') return;
      const code = m.type === 'ack' ? 'ack' : (m.code ?? '?');
      this.replies.set(m.id, code);
      this.waiters = this.waiters.filter((w) => (w.id === m.id ? (w.resolve(code), false) : true));
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.closeWaiters.splice(0)) w(code);
      const gone = new Error(`${this.name}: the connection closed (${code}) before the answer`);
      for (const w of this.waiters.splice(0)) w.reject(gone);
      this.helloWaiter?.reject(gone);
    });
    ws.on('error', () => {});
  }

  static async open(url: string, name: string): Promise<Client> {
    const c = new Client(new WebSocket(url), name);
    await within(
      new Promise<void>((resolve, reject) => {
        if (c.hello) resolve();
        else if (c.closeCode !== null) reject(new Error(`${name}: closed (${c.closeCode}) before its hello`));
        else c.helloWaiter = { resolve, reject };
      }),
      STEP_MS,
      `${name}'s hello`,
    );
    return c;
  }

  send(m: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(m));
  }

  answer(id: unknown, ms = STEP_MS): Promise<string> {
    const got = this.replies.get(id);
    if (got !== undefined) return Promise.resolve(got);
    if (this.closeCode !== null) return Promise.reject(new Error(`${this.name}: closed (${this.closeCode}) before the answer to ${String(id)}`));
    return within(
      new Promise((resolve, reject) => this.waiters.push({ id, resolve, reject })),
      ms,
      `the answer to ${this.name}'s request ${JSON.stringify(id)}`,
    );
  }

  async request(m: Record<string, unknown>, ms = STEP_MS): Promise<string> {
    this.send(m);
    return this.answer(m['id'], ms);
  }

  closed(ms = STEP_MS): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return within(
      new Promise((resolve) => this.closeWaiters.push(resolve)),
      ms,
      `${this.name}'s connection to close`,
    );
  }

  private paused: { resume(): void } | null = null;

  stopReading(): void {
    this.paused ??= stopReading(this.ws);
  }

  resumeReading(): void {
    this.paused?.resume();
    this.paused = null;
  }
}

interface Figure {
  readonly name: string;
  readonly what: string;
  readonly baselineRssBytes: number;
  readonly peakRssBytes: number;
  readonly peakHeapUsedBytes: number;
  /** CPU time of the server process during the attack (user + system), s; null where /proc is missing. */
  readonly serverCpuSeconds: number | null;
  readonly seconds: number;
  readonly details: Record<string, unknown>;
  readonly ok: boolean;
  /** Why it failed, when it did (a watchdog names the step the server did not answer). */
  readonly failure?: string;
}

type Attack = (s: ServerProcess, log: (s: string) => void) => Promise<{ details: Record<string, unknown>; ok: boolean }>;

async function measured(cli: string, preload: string, name: string, what: string, deadlineMs: number, log: (s: string) => void, body: Attack): Promise<Figure> {
  const server = await startServer(cli, preload, ['--boards', '2']);
  const base = await within(server.sampleMemory(), STEP_MS, 'the memory figures of the new server');
  const cpu0 = server.cpuSeconds();
  const t0 = process.hrtime.bigint();
  let result: { details: Record<string, unknown>; ok: boolean } = { details: {}, ok: false };
  let failure: string | undefined;
  log(`  ${name}: ${what}`);
  try {
    result = await within(body(server, (t) => log(`    ${name}: ${t}`)), Math.min(ATTACK_MS, deadlineMs), `the ${name} attack to end`);
  } catch (e) {
    failure = `${name}: ${(e as Error).message}`;
  }
  const cpu1 = server.cpuSeconds();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakRss = server.vmHwm() ?? server.memory.peakRss;
  const crashed = server.exited();
  if (!crashed) await within(server.sampleMemory(), 10_000, 'the final memory figures').catch(() => undefined);
  const peakHeap = server.memory.peakHeapUsed;
  const code = await server.stop();
  return {
    name,
    what,
    baselineRssBytes: base.rss,
    peakRssBytes: peakRss,
    peakHeapUsedBytes: peakHeap,
    serverCpuSeconds: cpu0 === null || cpu1 === null ? null : Math.round((cpu1 - cpu0) * 10) / 10,
    seconds: Math.round(seconds * 10) / 10,
    details: { ...result.details, serverExitCode: code, ...(crashed ? { crashed: true, output: server.output().slice(-2000) } : {}) },
    ok: failure === undefined && result.ok && !crashed && code === 0,
    ...(failure === undefined ? {} : { failure }),
  };
}

/** The three attacks of issue 9, each on a fresh server process (`tinyspark-emulator --clock virtual --boards 2`, default limits). */
const ATTACKS: readonly { name: string; what: string; run: Attack }[] = [
  {
    name: 'slow-reader',
    what: 'a client stops reading and sends 2000 sim.scenario requests (each answer ~100 kB: 200 MB of replies); it reads again after 10 pings of a bystander on its board',
    run: async (s, log) => {
      const greedy = await Client.open(`${s.url}/boards/board-0`, 'the slow reader');
      const bystander = await Client.open(`${s.url}/boards/board-0`, 'the bystander');
      greedy.stopReading();
      const n = 2000;
      for (let i = 1; i <= n; i++) greedy.send({ type: 'sim.scenario', id: i, generate: { count: 1000, gestures: ['circle', 'shake'], seed: i } });
      // each ping queues behind the slow reader's requests read before it: ten of them give the
      // server time to fill that client's buffer (the earlier run resumed after one, and hung when
      // the client had read everything in time: no close ever came)
      const pongs: string[] = [];
      for (let i = 0; i < 10; i++) pongs.push(await bystander.request({ type: 'ping', id: `p${i}` }));
      log(`bystander answered ${pongs.filter((p) => p === 'ack').length}/10 pings; the slow reader reads again`);
      greedy.resumeReading();
      // the server closed it (4008; 1006 when its close timeout ended the socket first), or, when it
      // had read in time, every request was answered: either way this ends
      const outcome = await within(
        Promise.race([
          greedy.closed(ATTACK_MS).then((code) => `closed ${code}`),
          (async () => {
            while (greedy.replies.size < n && greedy.closeCode === null) await new Promise((r) => setTimeout(r, 50));
            return greedy.closeCode === null ? 'all answered' : `closed ${greedy.closeCode}`;
          })(),
        ]),
        STEP_MS,
        'the slow reader to be closed or answered',
      );
      const after = await bystander.request({ type: 'ping', id: 'q' });
      bystander.ws.close();
      greedy.ws.terminate();
      const ok = pongs.every((p) => p === 'ack') && after === 'ack' && (outcome === 'closed 4008' || outcome === 'closed 1006' || outcome === 'all answered');
      return { details: { outcome, answeredBeforeClose: greedy.replies.size, bystanderPings: pongs.length, bystanderAfter: after }, ok };
    },
  },
  {
    name: 'request-flood',
    what: 'one client writes 200 000 pings without waiting for answers (1000 per turn of its event loop, so it reads the answers meanwhile)',
    run: async (s) => {
      const flood = await Client.open(`${s.url}/boards/board-0`, 'the flood');
      const other = await Client.open(`${s.url}/boards/board-1`, 'the other board\'s client');
      const n = 200_000;
      // written in one synchronous loop, the client read nothing for seconds while the server
      // answered (LIMIT_EXCEEDED past 2 x 64 in flight): its send buffer passed the limit and the
      // server closed it 4008, as documented; the old runner then waited for answer n forever
      for (let i = 1; i <= n; i++) {
        flood.send({ type: 'ping', id: i });
        if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
      }
      const otherPing = await other.request({ type: 'ping', id: 'o' });
      await flood.answer(n);
      await within(
        (async () => {
          while (flood.replies.size < n && flood.closeCode === null) await new Promise((r) => setImmediate(r));
        })(),
        STEP_MS,
        `all ${n} answers of the flood`,
      );
      const codes: Record<string, number> = {};
      for (const c of flood.replies.values()) codes[c] = (codes[c] ?? 0) + 1;
      flood.ws.close();
      other.ws.close();
      return { details: { answered: flood.replies.size, codes, otherBoardPing: otherPing }, ok: flood.replies.size === n && otherPing === 'ack' };
    },
  },
  {
    name: 'day-of-sim-clock',
    what: 'sim.clock advanceMs 86 400 000 with accelerometer + gyroscope streaming at 6664 Hz to a client that never reads again (it stays connected all day); another board is pinged every 50 ms meanwhile',
    run: async (s, log) => {
      const streamer = await Client.open(`${s.url}/boards/board-0`, 'the streamer');
      const requester = await Client.open(`${s.url}/boards/board-0`, 'the requester');
      const neighbour = await Client.open(`${s.url}/boards/board-1`, 'the neighbour');
      await streamer.request({ type: 'configure', id: 'c', accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
      await streamer.request({ type: 'stream.start', id: 's', sensors: ['accelerometer', 'gyroscope'] });
      streamer.stopReading();
      let done = false;
      const t0 = process.hrtime.bigint();
      const day = requester.request({ type: 'sim.clock', id: 'day', advanceMs: 86_400_000 }, ATTACK_MS).finally(() => {
        done = true;
      });
      day.catch(() => undefined);
      let pings = 0;
      let worstMs = 0;
      while (!done) {
        const p0 = process.hrtime.bigint();
        await neighbour.request({ type: 'ping', id: `n${pings++}` });
        worstMs = Math.max(worstMs, Number(process.hrtime.bigint() - p0) / 1e6);
        if (pings % 200 === 0) log(`${pings} neighbour pings answered, worst ${Math.round(worstMs)} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const dayCode = await day;
      const daySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const stillThere = streamer.closeCode === null;
      streamer.ws.terminate();
      requester.ws.close();
      neighbour.ws.close();
      return { details: { dayAnswer: dayCode, daySeconds: Math.round(daySeconds * 10) / 10, streamerConnectedAllDay: stillThere, neighbourPings: pings, neighbourWorstPingMs: Math.round(worstMs) }, ok: dayCode === 'ack' };
    },
  },
];

/** Runs the three attacks, each on its own server process, within {@link RUN_MS} overall. */
export async function runMemoryChecks(cli: string, preload: string, log: (s: string) => void): Promise<Record<string, unknown>> {
  const figures: Figure[] = [];
  const start = process.hrtime.bigint();
  log(`memory: each attack on a fresh \`tinyspark-emulator --clock virtual --boards 2\` (default limits); watchdogs: ${STEP_MS / 1000} s per step, ${ATTACK_MS / 1000} s per attack, ${RUN_MS / 1000} s in all`);
  for (const a of ATTACKS) {
    const left = RUN_MS - Number(process.hrtime.bigint() - start) / 1e6;
    if (left <= 0) {
      figures.push({ name: a.name, what: a.what, baselineRssBytes: 0, peakRssBytes: 0, peakHeapUsedBytes: 0, serverCpuSeconds: null, seconds: 0, details: {}, ok: false, failure: `${a.name}: not run, the memory run passed its ${RUN_MS / 1000} s deadline` });
      continue;
    }
    const f = await measured(cli, preload, a.name, a.what, left, log, a.run);
    figures.push(f);
    log(`  ${f.name}: ${f.ok ? 'ok' : 'FAILED'}${f.failure === undefined ? '' : ` (${f.failure})`}`);
    log(`    server RSS ${mib(f.baselineRssBytes)} at start, peak ${mib(f.peakRssBytes)}; peak heap used ${mib(f.peakHeapUsedBytes)}; server CPU ${f.serverCpuSeconds ?? 'n/a'} s; ${f.seconds} s; ${JSON.stringify(f.details)}`);
  }
  // what a day costs while some client keeps the sensors demanded and reads: the board synthesises every sample
  const synth = synthesisRate();
  log(`  synthesis: accelerometer + gyroscope at 6664 Hz, ${synth.samplesPerSecond.toFixed(2)} M samples/s on this machine: a day of board time for a client that reads every sample costs ~${synth.daySeconds.toFixed(0)} s of one core`);
  return { mode: 'memory', ok: figures.every((f) => f.ok), figures, synthesis: synth };
}

/** Samples a board synthesises per second of real time (accelerometer + gyroscope at 6664 Hz, 20 s of board time). */
function synthesisRate(): { samplesPerSecond: number; daySeconds: number } {
  const clock = new VirtualClock();
  const board = new Board({ id: 'synthesis', seed: 1, clock });
  board.configure({ accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
  let samples = 0;
  board.addListener({ frame: (f) => (samples += f.count) });
  board.setDemand('accelerometer', 1);
  board.setDemand('gyroscope', 1);
  const t0 = process.hrtime.bigint();
  for (let s = 1; s <= 20; s++) {
    clock.advanceTo(s * 1000);
    board.sync(s * 1000);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { samplesPerSecond: samples / seconds / 1e6, daySeconds: (seconds / 20) * 86_400 };
}
