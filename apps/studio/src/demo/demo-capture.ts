// The demo's capture without a round trip per take. The one-take-at-a-time stream capture
// (board/stream-capture.ts) sends a take's sim.perform + sim.clock, waits for the answer, cuts the
// take out of the sample stream, and only then sends the next take: every take costs the board a
// wait for the studio and the studio a wait for the board. Here a whole job (person, gesture: its
// takes back to back) is two requests: one sim.scenario whose steps are the takes, each window
// opening just after its start instant (`windowStart: 'after'`, so the sample at a take's exact end
// shows the board at rest, as after a sim.perform), and one sim.clock over all of them. The next
// job's requests go out before this job's takes are cut, so the board never waits for the studio.
// The board makes exactly the samples the one-take-at-a-time capture gets (a test compares the
// recordings of the two paths). The stream stays on for all the jobs of a board.
// The window rules (SensorBuffer, nearest, windowValues) are stream-capture.ts's, repeated here
// because that file does not export them; lost samples are found by sequence gaps as there, but
// as time ranges, since frames of later takes may already be in when a take is cut. A take with
// lost samples is played again on its own (sim.perform + sim.clock) after the other jobs.
import type { BoardClient, RecordingMessage, SampleFrame, SensorName } from '@tinyspark/protocol';
import { RECORDING_AXES } from '@tinyspark/protocol';
import { boardError } from '../board/board-error.js';
import { recordingFromMessage } from '../board/capture-types.js';
import type { CaptureSpec, RecordingSink } from '../board/capture-types.js';
import { collectSamples, GROUP, TIME_EPS_MS, windowValues } from '../board/stream-capture.js';
import type { Window } from '../board/stream-capture.js';
import { StudioError } from '../errors.js';

/** The frames of one sensor received and not yet used (stream-capture.ts's rules). */
class SensorBuffer {
  private frames: SampleFrame[] = [];
  private nextSeq: number | undefined;
  private lastMs = NaN;
  /** Samples lost on the way (a sequence gap): the first and last missing sample times, ms. */
  private gaps: { fromMs: number; toMs: number }[] = [];

  add(frame: SampleFrame): void {
    if (this.nextSeq !== undefined && frame.seq !== this.nextSeq) {
      const iv = frame.intervalUs / 1000;
      this.gaps.push({ fromMs: Number.isNaN(this.lastMs) ? -Infinity : this.lastMs + iv, toMs: frame.t0Us / 1000 - iv });
    }
    this.nextSeq = (frame.seq + frame.count) >>> 0;
    if (frame.count > 0) this.lastMs = (frame.t0Us + (frame.count - 1) * frame.intervalUs) / 1000;
    this.frames.push(frame);
  }

  /** Whether samples of board time (startMs, endMs] were lost; forgets the gaps before endMs. */
  lostIn(startMs: number, endMs: number): boolean {
    const lost = this.gaps.some((g) => g.fromMs <= endMs + TIME_EPS_MS && g.toMs > startMs + TIME_EPS_MS);
    this.gaps = this.gaps.filter((g) => g.toMs > endMs + TIME_EPS_MS);
    return lost;
  }

  /** Samples with time in (startMs, endMs], at most `want`; frames wholly before endMs are dropped. */
  take(startMs: number, endMs: number, want: number): Window {
    const w: Window = { times: [], raw: [], scale: NaN };
    let drop = 0;
    for (let fi = 0; fi < this.frames.length; fi++) {
      const f = this.frames[fi] as SampleFrame;
      const firstMs = f.t0Us / 1000;
      if (firstMs > endMs + TIME_EPS_MS) break; // frames arrive in time order
      collectSamples(w, f, startMs, endMs, want);
      const lastMs = (f.t0Us + (f.count - 1) * f.intervalUs) / 1000;
      if (!(lastMs > endMs + TIME_EPS_MS) && drop === fi) drop = fi + 1;
    }
    if (drop > 0) this.frames.splice(0, drop);
    return w;
  }

  clear(): void {
    this.frames = [];
    this.nextSeq = undefined;
    this.lastMs = NaN;
    this.gaps = [];
  }
}


/** One (person, gesture) job of the demo: `count` takes with seeds `seed`, `seed + 1`, ... */
export interface DemoJob {
  person: number;
  gesture: string;
  seed: number;
}

export interface DemoCaptureOptions {
  count: number;
  durationMs: number;
  sensor: 'imu' | 'proximity';
  now: () => string;
  signal?: AbortSignal;
  note?: (text: string) => void;
  /** After each job, with the number of recordings it added. */
  onJob?: (job: DemoJob, recordings: number) => void;
}

/**
 * Captures the jobs on one board (virtual clock), in order; take i of a job has seed `job.seed + i`
 * and is board time (end of the previous take, its end], durationMs long, the first rate x duration
 * samples, as the board's recorder cuts it. Each is saved to `sink` (background writes) as
 * `p<person>-s<seed>`. A take whose samples were lost on the way is played again, on its own,
 * after the other jobs. `interrupted`: the signal stopped it.
 */
export async function captureJobsOnBoard(board: BoardClient, jobs: readonly DemoJob[], sink: RecordingSink, o: DemoCaptureOptions): Promise<{ saved: number; interrupted: boolean }> {
  const sensors = GROUP[o.sensor];
  const rates = sensors.map((s) => board.hello.sensors.find((d) => d.name === s)?.rateHz);
  if (rates.some((r) => r === undefined)) throw new StudioError('STUDIO_ERR_BOARD', `capture: the board has no ${sensors.join('/')} sensor`, { field: 'sensor' });
  const want = (rates as number[]).map((r) => Math.floor((o.durationMs * r) / 1000 + 1e-9));
  const intervalMs = 1000 / (rates[0] as number);
  const buffers = sensors.map(() => new SensorBuffer());
  const index = new Map<SensorName, SensorBuffer>(sensors.map((s, j) => [s, buffers[j] as SensorBuffer]));
  const off = board.on('sample', (f) => index.get(f.sensor)?.add(f));
  const opts = o.signal !== undefined ? { signal: o.signal } : {};
  let saved = 0;
  let discarded = 0;
  const save = async (job: DemoJob, seed: number, windows: Window[], windowStart: number): Promise<void> => {
    const msg: RecordingMessage = {
      type: 'recording',
      id: null,
      label: job.gesture,
      sensor: o.sensor,
      axes: RECORDING_AXES[o.sensor],
      values: windowValues(o.sensor, windows),
      intervalMs,
      startedAt: windows[0]?.times[0] ?? windowStart,
      truth: [],
    };
    const spec: CaptureSpec = { label: job.gesture, gesture: job.gesture, person: job.person, seed: job.seed, count: o.count, durationMs: o.durationMs, delayMs: 0, sensor: o.sensor };
    const rec = recordingFromMessage(msg, spec, seed, board.hello.board.id, o.now());
    await sink.add({ ...rec, id: `p${job.person}-s${seed}` }, { manifest: false, background: true });
    saved++;
  };
  /** The windows of (start, start + durationMs], or undefined when samples of it were lost. */
  const cut = (start: number, end: number): Window[] | undefined => {
    const windows = buffers.map((b, j) => b.take(start, end, want[j] as number));
    const lost = buffers.map((b) => b.lostIn(start, end)).some((l) => l) || windows.some((w, j) => w.times.length !== want[j]);
    return lost ? undefined : windows;
  };
  const tooMany = (): void => {
    discarded++;
    if (discarded > jobs.length * o.count + 5) throw new StudioError('STUDIO_ERR_BOARD', `capture: the board ${board.url} keeps losing samples; ${saved} recording(s) were saved`, { field: 'board' });
    o.note?.('[studio] samples of a take were lost on the way; it is recorded again');
  };
  /** Takes sent together: their seeds, and the answers to wait for (the last one: board time at their end). */
  type Sent = { job: DemoJob; seeds: number[]; play: Promise<unknown>; end: Promise<number> };
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined);
    return p;
  };
  /**
   * A whole job in two requests: a scenario of its takes back to back (take j at j x durationMs, its
   * window opening just after its start instant) and one sim.clock over all of them. The board
   * makes the samples one sim.perform + sim.clock per take would (a test compares them).
   */
  const sendJob = (job: DemoJob): Sent => {
    const seeds = Array.from({ length: o.count }, (_, j) => job.seed + j);
    const steps = seeds.map((seed, j) => ({ atMs: j * o.durationMs, gesture: job.gesture, person: job.person, seed }));
    const play = quiet(board.sim.scenario({ steps, windowStart: 'after' }, opts));
    return { job, seeds, play, end: quiet(board.sim.clock(o.count * o.durationMs, opts)) };
  };
  /** One take on its own (a take played again): sim.perform + sim.clock. */
  const sendTake = (job: DemoJob, seed: number): Sent => {
    const play = quiet(board.sim.perform({ gesture: job.gesture, person: job.person, seed }, opts));
    return { job, seeds: [seed], play, end: quiet(board.sim.clock(o.durationMs, opts)) };
  };
  let startMs = 0;
  /** Waits for sent takes and cuts each out of the stream; returns the seeds whose samples were lost. */
  const finish = async (sent: Sent): Promise<number[]> => {
    await sent.play;
    const endMs = await sent.end;
    const lost: number[] = [];
    for (let j = 0; j < sent.seeds.length; j++) {
      const seed = sent.seeds[j] as number;
      // take boundaries as the board's clock adds them, take by take; the last ends where the clock stopped
      const start = startMs;
      const end = j === sent.seeds.length - 1 ? endMs : start + o.durationMs;
      startMs = end;
      const windows = cut(start, end);
      if (windows === undefined) {
        tooMany();
        lost.push(seed);
      } else await save(sent.job, seed, windows, start);
    }
    return lost;
  };
  try {
    await board.startStream(sensors, opts);
    startMs = (await board.ping(opts)).boardTime;
    const again: { job: DemoJob; seed: number }[] = [];
    // the next job's requests go out before this job's takes are cut, so the board never waits for them
    let next = jobs.length > 0 ? sendJob(jobs[0] as DemoJob) : undefined;
    for (let k = 0; k < jobs.length; k++) {
      if (o.signal?.aborted) return { saved, interrupted: true };
      const sent = next as Sent;
      const following = jobs[k + 1];
      next = following !== undefined ? sendJob(following) : undefined;
      const lost = await finish(sent);
      for (const seed of lost) again.push({ job: sent.job, seed });
      o.onJob?.(sent.job, sent.seeds.length - lost.length);
    }
    // takes with lost samples are played again, one at a time, after the rest
    while (again.length > 0) {
      if (o.signal?.aborted) return { saved, interrupted: true };
      const take = again[0] as { job: DemoJob; seed: number };
      if ((await finish(sendTake(take.job, take.seed))).length === 0) {
        again.shift();
        o.onJob?.(take.job, 1);
      }
    }
    await board.stopStream(sensors, opts);
    return { saved, interrupted: false };
  } catch (err) {
    if (o.signal?.aborted) return { saved, interrupted: true };
    if (err instanceof StudioError) throw err;
    throw boardError(board.url, err, 'capture');
  } finally {
    off();
    for (const b of buffers) b.clear();
  }
}
