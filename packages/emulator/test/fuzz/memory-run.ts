// `pnpm fuzz --memory`: the three memory attacks of issue 9 against the real CLI process (default
// limits), each on a fresh process, measured by the process itself (peak RSS = Linux VmHWM, heap
// used sampled by the preload). Measurement only; the bounds are asserted in the suite by the
// server's own accounting (test/memory.test.ts).
import WebSocket from 'ws';
import { Board } from '../../src/board/board.js';
import { VirtualClock } from '../../src/virtual-clock.js';
import { startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';

const MiB = 1024 * 1024;
const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`;

/** A raw client: replies by id, the close code, and a way to stop reading (the TCP socket paused). */
class Client {
  readonly replies = new Map<unknown, string>();
  closeCode: number | null = null;
  samples = 0;
  private waiters: { id: unknown; resolve: (code: string) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];
  private helloWaiter: (() => void) | null = null;
  private hello = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.samples += ((data as Buffer).readUInt16LE(32) || 0);
        return;
      }
      const m = JSON.parse((data as Buffer).toString('utf8')) as { type: string; id?: unknown; code?: string };
      if (m.type === 'hello') {
        this.hello = true;
        this.helloWaiter?.();
      }
      if (m.type !== 'ack' && m.type !== 'error') return;
      const code = m.type === 'ack' ? 'ack' : (m.code ?? '?');
      this.replies.set(m.id, code);
      this.waiters = this.waiters.filter((w) => (w.id === m.id ? (w.resolve(code), false) : true));
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.closeWaiters.splice(0)) w(code);
    });
    ws.on('error', () => {});
  }

  static async open(url: string): Promise<Client> {
    const c = new Client(new WebSocket(url));
    await new Promise<void>((resolve) => {
      if (c.hello) resolve();
      c.helloWaiter = resolve;
    });
    return c;
  }

  send(m: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(m));
  }

  answer(id: unknown): Promise<string> {
    const got = this.replies.get(id);
    if (got !== undefined) return Promise.resolve(got);
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }

  async request(m: Record<string, unknown>): Promise<string> {
    this.send(m);
    return this.answer(m['id']);
  }

  closed(): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  private get socket(): { pause(): void; resume(): void } {
    return (this.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  }

  stopReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }
}

interface Figure {
  readonly name: string;
  readonly what: string;
  readonly baselineRssBytes: number;
  readonly peakRssBytes: number;
  readonly peakHeapUsedBytes: number;
  readonly seconds: number;
  readonly details: Record<string, unknown>;
  readonly ok: boolean;
}

async function measured(cli: string, preload: string, name: string, what: string, body: (s: ServerProcess) => Promise<{ details: Record<string, unknown>; ok: boolean }>): Promise<Figure> {
  const server = await startServer(cli, preload, ['--boards', '2']);
  const base = await server.sampleMemory();
  const t0 = process.hrtime.bigint();
  let result: { details: Record<string, unknown>; ok: boolean };
  try {
    result = await body(server);
  } finally {
    await server.sampleMemory();
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakRss = server.vmHwm() ?? server.memory.peakRss;
  const peakHeap = server.memory.peakHeapUsed;
  const crashed = server.exited();
  const code = await server.stop();
  return {
    name,
    what,
    baselineRssBytes: base.rss,
    peakRssBytes: peakRss,
    peakHeapUsedBytes: peakHeap,
    seconds: Math.round(seconds * 10) / 10,
    details: { ...result.details, serverExitCode: code },
    ok: result.ok && !crashed && code === 0,
  };
}

/** Runs the three attacks; each on its own server process. */
export async function runMemoryChecks(cli: string, preload: string, log: (s: string) => void): Promise<Record<string, unknown>> {
  const figures: Figure[] = [];
  log('memory: each attack on a fresh `tinyspark-emulator --clock virtual --boards 2` (default limits)');

  figures.push(
    await measured(cli, preload, 'slow-reader', 'a client stops reading and sends 2000 sim.scenario requests (each answer ~100 kB: 200 MB of replies)', async (s) => {
      const greedy = await Client.open(`${s.url}/boards/board-0`);
      const bystander = await Client.open(`${s.url}/boards/board-0`);
      greedy.stopReading();
      for (let i = 1; i <= 2000; i++) greedy.send({ type: 'sim.scenario', id: i, generate: { count: 1000, gestures: ['circle', 'shake'], seed: i } });
      const pong = await bystander.request({ type: 'ping', id: 'p' });
      greedy.resumeReading();
      const code = await greedy.closed();
      const after = await bystander.request({ type: 'ping', id: 'q' });
      bystander.ws.close();
      return { details: { closeCode: code, answeredBeforeClose: greedy.replies.size, bystanderPing: pong, bystanderAfter: after }, ok: code === 4008 && pong === 'ack' && after === 'ack' };
    }),
  );

  figures.push(
    await measured(cli, preload, 'request-flood', 'one client writes 200 000 pings without waiting (it reads the answers)', async (s) => {
      const flood = await Client.open(`${s.url}/boards/board-0`);
      const other = await Client.open(`${s.url}/boards/board-1`);
      const n = 200_000;
      for (let i = 1; i <= n; i++) flood.send({ type: 'ping', id: i });
      const otherPing = await other.request({ type: 'ping', id: 'o' });
      await flood.answer(n);
      while (flood.replies.size < n) await new Promise((r) => setImmediate(r));
      const codes: Record<string, number> = {};
      for (const c of flood.replies.values()) codes[c] = (codes[c] ?? 0) + 1;
      flood.ws.close();
      other.ws.close();
      return { details: { answered: flood.replies.size, codes, otherBoardPing: otherPing }, ok: flood.replies.size === n && otherPing === 'ack' };
    }),
  );

  figures.push(
    await measured(cli, preload, 'day-of-sim-clock', 'sim.clock advanceMs 86 400 000 with accelerometer + gyroscope streaming at 6664 Hz to a client that stopped reading (it leaves after 40 pings of another board, pinged every 50 ms meanwhile)', async (s) => {
      const streamer = await Client.open(`${s.url}/boards/board-0`);
      const requester = await Client.open(`${s.url}/boards/board-0`);
      const neighbour = await Client.open(`${s.url}/boards/board-1`);
      await streamer.request({ type: 'configure', id: 'c', accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
      await streamer.request({ type: 'stream.start', id: 's', sensors: ['accelerometer', 'gyroscope'] });
      streamer.stopReading();
      let done = false;
      const t0 = process.hrtime.bigint();
      const day = requester.request({ type: 'sim.clock', id: 'day', advanceMs: 86_400_000 }).then((code) => {
        done = true;
        return code;
      });
      let pings = 0;
      let worstMs = 0;
      let streamerLeftAfterS = -1;
      while (!done) {
        const p0 = process.hrtime.bigint();
        await neighbour.request({ type: 'ping', id: `n${pings++}` });
        worstMs = Math.max(worstMs, Number(process.hrtime.bigint() - p0) / 1e6);
        if (pings === 40) {
          // the stalled streamer goes away: nobody needs the samples now, the rest of the day is cheap
          streamerLeftAfterS = Number(process.hrtime.bigint() - t0) / 1e9;
          streamer.ws.terminate();
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const dayCode = await day;
      const daySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      requester.ws.close();
      neighbour.ws.close();
      return { details: { dayAnswer: dayCode, streamerLeftAfterS: Math.round(streamerLeftAfterS * 10) / 10, daySeconds: Math.round(daySeconds * 10) / 10, neighbourPings: pings, neighbourWorstPingMs: Math.round(worstMs) }, ok: dayCode === 'ack' };
    }),
  );

  // what a day costs while some client keeps the sensors demanded: the board synthesises every sample
  const synth = synthesisRate();
  log(`  synthesis: accelerometer + gyroscope at 6664 Hz, ${synth.samplesPerSecond.toFixed(2)} M samples/s on this machine: a day of board time with a streaming client costs ~${synth.daySeconds.toFixed(0)} s of one core`);
  for (const f of figures) {
    log(`  ${f.name}: ${f.ok ? 'ok' : 'FAILED'}  ${f.what}`);
    log(`    server RSS ${mib(f.baselineRssBytes)} at start, peak ${mib(f.peakRssBytes)}; peak heap used ${mib(f.peakHeapUsedBytes)}; ${f.seconds} s; ${JSON.stringify(f.details)}`);
  }
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
