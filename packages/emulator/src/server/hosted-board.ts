import { capText, CLOSE_CODES, DEFAULT_LIMITS, encodeSampleFrame, encodeSampleFrameInto, sampleFrameByteLength } from '@tinyspark/protocol';
import type { BoardMessage, SampleFrame, SensorName } from '@tinyspark/protocol';
import { Board } from '../board/board.js';
import type { Clock, TimerHandle } from '../clock.js';
import { EmulatorError } from '../errors.js';
import { hashString, mixSeeds } from '../rng.js';
import { VirtualClock } from '../virtual-clock.js';
import { toWireError } from '../wire-error.js';
import { countSkippedFrame, dropsFrameOf, flushBatch, sendFrame, sendJson } from './connection.js';
import type { Conn } from './connection.js';
import type { ServerContext } from './context.js';

/** A board as the server hosts it: its clock, its clients, its request queue and its tick. */
export interface HostedBoard {
  readonly board: Board;
  readonly clock: Clock;
  readonly virtual: VirtualClock | null;
  readonly conns: Set<Conn>;
  /** Requests of one board run in arrival order (sim.clock is asynchronous). */
  queue: Promise<void>;
  tick: TimerHandle | null;
}

/** Board id -> board seed: independent of the order boards are created in. */
export function boardSeed(serverSeed: number, id: string): number {
  return mixSeeds(serverSeed >>> 0, hashString(id));
}

export interface HostBoardOptions {
  readonly id: string;
  readonly serverSeed: number;
  readonly clockKind: 'virtual' | 'real';
  /** Real clock only: how often the board produces samples, ms. */
  readonly tickMs: number;
}

/**
 * Creates a board and wires it to its clients: frames (with jitter delays) and messages to every
 * client, a simulated disconnect closes them; on the real clock a tick loop produces samples.
 */
export function hostBoard(ctx: ServerContext, o: HostBoardOptions): HostedBoard {
  const virtual = o.clockKind === 'virtual' ? new VirtualClock() : null;
  const clock: Clock = virtual ?? ctx.realClock;
  const board = new Board({ id: o.id, seed: boardSeed(o.serverSeed, o.id), clock, limits: ctx.limits });
  const h: HostedBoard = { board, clock, virtual, conns: new Set(), queue: Promise.resolve(), tick: null };
  board.addListener({
    frame: (f) => onFrame(ctx, h, f),
    message: (m) => {
      const out = sendable(m);
      for (const c of h.conns) sendJson(ctx, c, out.type === 'mode' ? { ...out, streaming: [...c.streaming] } : out);
    },
    disconnect: () => {
      // what the batch holds was sent before the disconnect
      for (const c of [...h.conns]) flushBatch(c);
      for (const c of [...h.conns]) c.ws.close(CLOSE_CODES.simulatedDisconnect, 'simulated disconnect');
    },
    // a stalled client: samples every client would drop are not synthesised (the board skips them)
    dropsFrame: (sensor, count) => everyClientDrops(ctx, h, sensor, count),
    skipped: (sensor, count) => {
      for (const c of h.conns) if (c.streaming.has(sensor)) countSkippedFrame(ctx, c, count, h.clock.now());
    },
  });
  if (virtual === null) {
    // each board has its own timer (their phases spread over the tick as they run)
    h.tick = ctx.realClock.every(() => {
      // the tick's frames are collected per client and leave in one socket write each
      ctx.batch.active = true;
      try {
        board.sync(clock.now());
      } catch (e) {
        // one board's failure must not stop the process: tell its clients
        for (const c of h.conns) sendJson(ctx, c, toWireError(e, null));
      } finally {
        ctx.batch.active = false;
        ctx.batch.flush();
      }
    }, o.tickMs);
  }
  return h;
}

/**
 * A board event as the protocol can carry it: a serial line past the protocol's string limit
 * (`Model deployed: ` and a thousand labels) is cut, as a real board's serial buffer would, instead
 * of failing to encode.
 */
function sendable(m: BoardMessage): BoardMessage {
  if (m.type === 'serial' && m.line.length > DEFAULT_LIMITS.maxStringLength) return { ...m, line: capText(m.line, DEFAULT_LIMITS.maxStringLength) };
  return m;
}

const AXES: Readonly<Record<SensorName, number>> = { accelerometer: 3, gyroscope: 3, proximity: 1 };

/**
 * Would every client streaming `sensor` drop a frame of `count` samples sent now? Only when each
 * one's send buffer is past its limit and the frame would be sent at once (no jitter fault, no
 * delayed frame queued before it): then the frame's fate is known without producing it.
 */
function everyClientDrops(ctx: ServerContext, h: HostedBoard, sensor: SensorName, count: number): boolean {
  const bytes = sampleFrameByteLength(count, AXES[sensor]);
  // the usual answer (a client that keeps up) comes first, without reading the clock
  let now = NaN;
  let any = false;
  for (const c of h.conns) {
    if (!c.streaming.has(sensor)) continue;
    if (c.ws.readyState !== c.ws.OPEN || !dropsFrameOf(ctx, c, bytes)) return false;
    if (Number.isNaN(now)) now = h.clock.now();
    if (c.lastDeliverMs > now) return false;
    any = true;
  }
  return any && h.board.faults.find('jitter', sensor) === undefined;
}

/** Encoder scratch of the real-clock ticks (their frames are copied into the tick's batch). */
let scratch = new Uint8Array(4096);
const UNLIMITED = { limits: { maxFrameBytes: Number.MAX_SAFE_INTEGER } } as const;

/** The frame's bytes: in the scratch buffer during a tick (copied by whoever keeps them), else a buffer of their own. */
function encodeFrame(ctx: ServerContext, frame: SampleFrame): Uint8Array {
  if (!ctx.batch.active) return encodeSampleFrame(frame, UNLIMITED);
  const n = sampleFrameByteLength(frame.count, AXES[frame.sensor]);
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, 2 * scratch.length));
  return scratch.subarray(0, encodeSampleFrameInto(frame, scratch, 0, UNLIMITED));
}

function onFrame(ctx: ServerContext, h: HostedBoard, frame: SampleFrame): void {
  let bytes: Uint8Array | null = null;
  // one reading of the clock per frame (the virtual clock does not move during a sync; the real one by microseconds)
  let now = NaN;
  for (const c of h.conns) {
    if (!c.streaming.has(frame.sensor)) continue;
    bytes ??= encodeFrame(ctx, frame);
    if (Number.isNaN(now)) now = h.clock.now();
    const jitter = h.board.jitterMs(frame.sensor);
    if (jitter <= 0 && c.lastDeliverMs <= now) {
      sendFrame(ctx, c, bytes, frame.count, now);
    } else {
      const at = Math.max(c.lastDeliverMs, now + jitter);
      c.lastDeliverMs = at;
      const copy = bytes.slice();
      const count = frame.count;
      h.clock.setTimeout(() => sendFrame(ctx, c, copy, count, h.clock.now()), at - now);
    }
  }
}

/** Lets every other pending event (other boards' requests, socket writes) run before going on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Advances a board's virtual clock in bounded slices (at most 1 s of board time, and at most a
 * quarter of the send buffer of samples): after each slice slow sockets may drain and the event
 * loop runs, so other boards stay served however large the advance. Stops early (answering the
 * time reached) when the server closes or `wanted()` turns false (the requester went away).
 */
export async function advanceBoard(ctx: ServerContext, h: HostedBoard, ms: number, wanted: () => boolean = () => true): Promise<number> {
  const v = h.virtual;
  if (v === null) throw new EmulatorError('EMU_ERR_NOT_VIRTUAL_CLOCK', 'sim.clock: the server runs on the real clock (start it with clock "virtual")', { field: 'type' });
  const target = v.now() + ms;
  const slice = sliceMs(ctx, h);
  while (v.now() < target && !ctx.closing && wanted()) {
    const next = Math.min(target, v.now() + slice);
    // the slice's frames and messages are collected per client and leave in one socket write each
    ctx.batch.active = true;
    ctx.batch.counted = false;
    try {
      v.advanceTo(next);
      h.board.sync(next);
    } finally {
      ctx.batch.active = false;
      ctx.batch.counted = true;
      ctx.batch.flush();
    }
    await drain(ctx, h);
    await yieldToEventLoop();
  }
  return v.now();
}

/** Waits (real time, at most `drainWaitMs` per client) until each client's buffer is low. */
async function drain(ctx: ServerContext, h: HostedBoard): Promise<void> {
  for (const c of h.conns) {
    const low = (): boolean => c.ws.readyState !== c.ws.OPEN || c.ws.bufferedAmount <= ctx.drainLowBytes;
    if (low()) {
      c.stalled = false;
      continue;
    }
    if (c.stalled) continue;
    let timer: unknown;
    await new Promise<void>((resolve) => {
      c.drainWaiters.push(resolve);
      timer = ctx.realClock.setTimeout(resolve, ctx.drainWaitMs);
    });
    if (timer !== undefined) ctx.realClock.clearTimeout(timer);
    c.stalled = !low();
  }
}

/** Virtual time per slice of a `sim.clock` advance: at most 1 s, and small enough that one slice fits a quarter of the send buffer. */
function sliceMs(ctx: ServerContext, h: HostedBoard): number {
  let bytesPerMs = 0;
  for (const d of h.board.sensorDescriptors()) bytesPerMs += (d.rateHz * d.axes.length * 2 * 1.05) / 1000;
  return Math.max(10, Math.min(1000, ctx.drainLowBytes / Math.max(bytesPerMs, 1e-9)));
}
