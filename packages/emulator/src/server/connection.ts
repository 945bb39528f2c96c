import type { Duplex } from 'node:stream';
import { CLOSE_CODES, encodeTextFrame, MAX_REQUEST_ID_LENGTH } from '@tinyspark/protocol';
import type { BoardMessage, RequestId, SensorName } from '@tinyspark/protocol';
import type { WebSocket } from 'ws';
import type { ServerContext } from './context.js';

/** Per-client counters sent in `stats`. */
export interface ConnStats {
  sentFrames: number;
  droppedFrames: number;
  droppedSamples: number;
}

/** One client connection to one board. */
export interface Conn {
  readonly ws: WebSocket;
  /** The TCP socket under `ws`: a real-clock tick's frames are written to it in one write. */
  readonly socket: Duplex;
  /** In the tick's batch (see TickBatch). */
  batched: boolean;
  /** The batch holds replies sent outside a tick, written when this turn of the event loop ends (sendJson). */
  deferred: boolean;
  /** Bytes of those replies (in `batchBytes`). */
  deferredBytes: number;
  /** The batch's bytes count as buffered (a real-clock tick's; see TickBatch.counted). */
  batchCounted: boolean;
  /** Messages of this tick (or `sim.clock` slice) not yet written, as WebSocket frames: `batchBytes` bytes of `batchBuf`. */
  batchBuf: Buffer;
  batchBytes: number;
  /** Send callback of every frame write: wakes drain waiters once the buffer is low. */
  readonly afterWrite: () => void;
  readonly streaming: Set<SensorName>;
  readonly stats: ConnStats;
  lastStatsMs: number;
  lastDeliverMs: number;
  lastDrops: number;
  /** Did not drain within the wait on the virtual clock: no longer waited for until it drains. */
  stalled: boolean;
  /** Resolved when the send buffer has drained (send callbacks). */
  drainWaiters: (() => void)[];
  /** Requests received and not yet answered (queued on the board or running). */
  pending: number;
  /** Their frames' bytes. */
  pendingBytes: number;
  /** Reading from the socket is paused (too many pending requests). */
  paused: boolean;
}

export function createConn(ws: WebSocket, socket: Duplex, nowMs: number, drainLowBytes: number): Conn {
  const c: Conn = {
    ws,
    socket,
    batched: false,
    deferred: false,
    deferredBytes: 0,
    batchCounted: true,
    batchBuf: EMPTY,
    batchBytes: 0,
    afterWrite: () => {
      if (c.drainWaiters.length > 0 && c.ws.bufferedAmount <= drainLowBytes) for (const w of c.drainWaiters.splice(0)) w();
    },
    streaming: new Set(),
    stats: { sentFrames: 0, droppedFrames: 0, droppedSamples: 0 },
    lastStatsMs: nowMs,
    lastDeliverMs: -Infinity,
    lastDrops: 0,
    stalled: false,
    drainWaiters: [],
    pending: 0,
    pendingBytes: 0,
    paused: false,
  };
  return c;
}

const EMPTY = Buffer.alloc(0);

/** Bytes queued for a client: its socket's send buffer and the frames waiting in this tick's batch (see TickBatch.counted). */
export function bufferedBytes(c: Conn): number {
  return c.batchCounted ? c.ws.bufferedAmount + c.batchBytes : c.ws.bufferedAmount;
}

/**
 * Writes the frames waiting in `c`'s batch in one socket write (the bytes `ws` would have written
 * for them, frame by frame); dropped when the connection is no longer open (every path that closes
 * a connection during a tick flushes first, so nothing sent is lost).
 */
export function flushBatch(c: Conn): void {
  c.batched = false;
  c.deferred = false;
  c.deferredBytes = 0;
  const n = c.batchBytes;
  if (n === 0) return;
  c.batchBytes = 0;
  if (c.ws.readyState !== c.ws.OPEN) return;
  const out = Buffer.allocUnsafe(n);
  out.set(c.batchBuf.subarray(0, n));
  c.socket.write(out, c.afterWrite);
}

/** Makes room for `need` bytes in `c`'s batch (keeping what waits) and returns the buffer. */
function batchRoom(c: Conn, need: number): Buffer {
  if (c.batchBuf.length < need) {
    const grown = Buffer.allocUnsafe(Math.max(need, 2 * c.batchBuf.length, 512));
    grown.set(c.batchBuf.subarray(0, c.batchBytes));
    c.batchBuf = grown;
  }
  return c.batchBuf;
}

/** Writes a server frame header (RFC 6455 5.2: FIN, `opcode`, unmasked, 7-, 16- or 64-bit length of `n`) at `o`; returns the end. */
function writeHeader(b: Buffer, o: number, opcode: number, n: number): number {
  b[o++] = 0x80 | opcode;
  if (n < 126) b[o++] = n;
  else if (n < 65536) {
    b[o++] = 126;
    b[o++] = n >>> 8;
    b[o++] = n & 0xff;
  } else {
    b[o++] = 127;
    // 64-bit big-endian length: a frame is far below 2^32 bytes
    b[o++] = 0;
    b[o++] = 0;
    b[o++] = 0;
    b[o++] = 0;
    b[o++] = n >>> 24;
    b[o++] = (n >>> 16) & 0xff;
    b[o++] = (n >>> 8) & 0xff;
    b[o++] = n & 0xff;
  }
  return o;
}

const headerBytes = (n: number): number => (n < 126 ? 2 : n < 65536 ? 4 : 10);

/** Appends one binary WebSocket message (opcode 2) to `c`'s batch: the bytes `ws.send(bytes)` writes for it. */
export function appendToBatch(c: Conn, payload: Uint8Array): void {
  const n = payload.length;
  const b = batchRoom(c, c.batchBytes + headerBytes(n) + n);
  const o = writeHeader(b, c.batchBytes, 2, n);
  b.set(payload, o);
  c.batchBytes = o + n;
}

/** Appends one text WebSocket message (opcode 1, UTF-8) to `c`'s batch: the bytes `ws.send(text)` writes for it. */
export function appendTextToBatch(c: Conn, text: string): void {
  const n = Buffer.byteLength(text, 'utf8');
  const b = batchRoom(c, c.batchBytes + headerBytes(n) + n);
  const o = writeHeader(b, c.batchBytes, 1, n);
  c.batchBytes = o + b.write(text, o, n, 'utf8');
}

/** Is `id` an id a reply may carry (a string of 1..64 characters or a non-negative safe integer)? */
function replyId(id: unknown): RequestId | null {
  if (typeof id === 'string' && id.length >= 1 && id.length <= MAX_REQUEST_ID_LENGTH) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  return null;
}

/** The fixed, short reply sent instead of a message that failed to encode (a bug, never the client's fault). */
export function internalReply(msg: { readonly type: string; readonly id?: unknown }): string {
  const id = msg.type === 'ack' || msg.type === 'error' || msg.type === 'sim.truth' || msg.type === 'recording' ? replyId(msg.id) : null;
  return JSON.stringify({ type: 'error', id, code: 'INTERNAL', message: '[emulator] INTERNAL: the reply could not be encoded' });
}

/** Closes one connection after a server-side bug (1011); the process and every other connection go on. */
export function closeInternal(c: Conn): void {
  flushBatch(c);
  try {
    c.ws.close(CLOSE_CODES.internalError, 'internal error');
  } catch {
    c.ws.terminate();
  }
}

/**
 * JSON to one client; never throws. A message that fails to encode is replaced by a fixed, short
 * INTERNAL error. Every message counts toward the send buffer: periodic `stats` (droppable) are
 * skipped while the buffer is over `maxSendBufferBytes` (the next one carries the counts); a message
 * that finds the buffer already over the limit and would take it past twice the limit closes the
 * connection with 4008 (slow consumer), so a client that stops reading never grows server memory,
 * whatever it sends: the buffer stays under max(2 x limit, limit + the largest reply), and the
 * largest reply is bounded by the limits (a recording by `maxFrameBytes`).
 */
export function sendJson(ctx: ServerContext, c: Conn, msg: BoardMessage, droppable = false): void {
  if (c.ws.readyState !== c.ws.OPEN) return;
  const limit = ctx.limits.maxSendBufferBytes;
  let text: string;
  try {
    text = encodeTextFrame(msg, { limits: { maxFrameBytes: Math.max(ctx.limits.maxFrameBytes, 64 * 1024 * 1024) } });
  } catch {
    text = internalReply(msg);
  }
  const buffered = bufferedBytes(c);
  const after = buffered + text.length;
  if (droppable && after > limit) return;
  if (after > 2 * limit && buffered > limit) {
    // what waits in the batch was sent before this message
    flushBatch(c);
    c.ws.close(CLOSE_CODES.slowConsumer, 'send buffer overflow');
    return;
  }
  if (ctx.batch.active) {
    // during a tick or a `sim.clock` slice the message joins the batch, after the frames before it
    appendTextToBatch(c, text);
    ctx.batch.add(c);
    return;
  }
  // Outside a tick or slice (a reply to a request, an event): the message waits in the client's
  // batch until this turn of the event loop ends, so the replies to the requests of one incoming
  // chunk (a client that sends many at once) leave in one socket write, in order. They count as
  // buffered (the send-buffer limit sees them as it saw them in the socket).
  // A batch past DEFER_MAX_BYTES is written at once: large replies reach the socket (and the
  // kernel) as soon as they are made, as before, and nothing grows while requests run back to back.
  const before = c.batchBytes;
  appendTextToBatch(c, text);
  c.deferredBytes += c.batchBytes - before;
  if (c.batchBytes >= DEFER_MAX_BYTES) flushBatch(c);
  else deferFlush(c);
}

/** Replies waiting for the end of the turn are written at once past this many bytes. */
const DEFER_MAX_BYTES = 16 * 1024;

/** Writes `c`'s batch once this turn of the event loop is over (setImmediate), unless a tick or a close writes it first. */
function deferFlush(c: Conn): void {
  if (c.deferred) return;
  c.deferred = true;
  if (!c.batched) c.batchCounted = true;
  setImmediate(flushBatch, c);
}

/** A `stats` message every `statsIntervalMs` of board time (always when `force`). */
export function maybeStats(ctx: ServerContext, c: Conn, nowMs: number, force = false): void {
  if (!force && nowMs - c.lastStatsMs < ctx.statsIntervalMs) return;
  c.lastStatsMs = nowMs;
  // replies waiting for the end of the turn are not reported: before they were batched they were
  // already in the kernel's hands (the same figure as then; the limits still count them)
  const reported = bufferedBytes(c) - (c.batchCounted ? c.deferredBytes : 0);
  sendJson(ctx, c, { type: 'stats', ...c.stats, bufferedBytes: reported, t: nowMs }, !force);
}

/**
 * A binary sample frame to one client: dropped (and counted) when the client's send buffer would
 * pass `maxSendBufferBytes`; during a real-clock tick it joins the tick's batch (`bytes` is copied:
 * it may be a scratch buffer), else it is sent at once (`bytes` is kept until written).
 */
export function sendFrame(ctx: ServerContext, c: Conn, bytes: Uint8Array, count: number, nowMs: number): void {
  if (c.ws.readyState !== c.ws.OPEN) return;
  if (dropsFrameOf(ctx, c, bytes.byteLength)) {
    c.stats.droppedFrames++;
    c.stats.droppedSamples += count;
  } else {
    if (ctx.batch.active) {
      appendToBatch(c, bytes);
      ctx.batch.add(c);
    } else {
      // a reply waiting for the end of the turn was sent before this frame
      flushBatch(c);
      c.ws.send(bytes, c.afterWrite);
    }
    c.stats.sentFrames++;
  }
  if (c.stats.droppedFrames !== c.lastDrops) c.lastDrops = c.stats.droppedFrames;
  maybeStats(ctx, c, nowMs);
}

/** Would a sample frame of `bytes` sent to `c` now be dropped (its send buffer would pass `maxSendBufferBytes`)? */
export function dropsFrameOf(ctx: ServerContext, c: Conn, bytes: number): boolean {
  return bufferedBytes(c) + bytes > ctx.limits.maxSendBufferBytes;
}

/**
 * A frame of `count` samples the board skipped because `c` would have dropped it: counted exactly
 * as {@link sendFrame} counts a dropped frame (and `stats` are due as they would have been).
 */
export function countSkippedFrame(ctx: ServerContext, c: Conn, count: number, nowMs: number): void {
  if (c.ws.readyState !== c.ws.OPEN) return;
  c.stats.droppedFrames++;
  c.stats.droppedSamples += count;
  c.lastDrops = c.stats.droppedFrames;
  maybeStats(ctx, c, nowMs);
}
