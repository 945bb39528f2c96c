import type { Duplex } from 'node:stream';
import { CLOSE_CODES, encodeTextFrame } from '@tinyspark/protocol';
import type { BoardMessage, SensorName } from '@tinyspark/protocol';
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
  /** The TCP socket under `ws`: corked during a real-clock tick so its frames leave in one write. */
  readonly socket: Duplex;
  corked: boolean;
  readonly streaming: Set<SensorName>;
  readonly stats: ConnStats;
  lastStatsMs: number;
  lastDeliverMs: number;
  lastDrops: number;
  /** Did not drain within the wait on the virtual clock: no longer waited for until it drains. */
  stalled: boolean;
  /** Resolved when the send buffer has drained (send callbacks). */
  drainWaiters: (() => void)[];
}

export function createConn(ws: WebSocket, socket: Duplex, nowMs: number): Conn {
  return {
    ws,
    socket,
    corked: false,
    streaming: new Set(),
    stats: { sentFrames: 0, droppedFrames: 0, droppedSamples: 0 },
    lastStatsMs: nowMs,
    lastDeliverMs: -Infinity,
    lastDrops: 0,
    stalled: false,
    drainWaiters: [],
  };
}

/**
 * JSON to one client. Periodic `stats` (droppable) are skipped while the client's buffer is over its
 * limit (the next one carries the counts); anything else that would take the buffer past twice the
 * limit closes the connection with 4008 (slow consumer), so a client that stops reading never grows memory.
 */
export function sendJson(ctx: ServerContext, c: Conn, msg: BoardMessage, droppable = false): void {
  if (c.ws.readyState !== c.ws.OPEN) return;
  const limit = ctx.limits.maxSendBufferBytes;
  const text = encodeTextFrame(msg, { limits: { maxFrameBytes: Math.max(ctx.limits.maxFrameBytes, 64 * 1024 * 1024) } });
  const after = c.ws.bufferedAmount + text.length;
  if (droppable && after > limit) return;
  if (after > 2 * limit && msg.type !== 'ack' && msg.type !== 'error') {
    c.ws.close(CLOSE_CODES.slowConsumer, 'send buffer overflow');
    return;
  }
  c.ws.send(text);
}

/** A `stats` message every `statsIntervalMs` of board time (always when `force`). */
export function maybeStats(ctx: ServerContext, c: Conn, nowMs: number, force = false): void {
  if (!force && nowMs - c.lastStatsMs < ctx.statsIntervalMs) return;
  c.lastStatsMs = nowMs;
  sendJson(ctx, c, { type: 'stats', ...c.stats, bufferedBytes: c.ws.bufferedAmount, t: nowMs }, !force);
}

/**
 * A binary sample frame to one client: dropped (and counted) when the client's send buffer would
 * pass `maxSendBufferBytes`; batched into the tick's socket write on the real clock.
 */
export function sendFrame(ctx: ServerContext, c: Conn, bytes: Uint8Array, count: number, nowMs: number): void {
  if (c.ws.readyState !== c.ws.OPEN) return;
  if (c.ws.bufferedAmount + bytes.byteLength > ctx.limits.maxSendBufferBytes) {
    c.stats.droppedFrames++;
    c.stats.droppedSamples += count;
  } else {
    ctx.cork.add(c);
    c.ws.send(bytes, () => {
      if (c.drainWaiters.length > 0 && c.ws.bufferedAmount <= ctx.drainLowBytes) for (const w of c.drainWaiters.splice(0)) w();
    });
    c.stats.sentFrames++;
  }
  if (c.stats.droppedFrames !== c.lastDrops) c.lastDrops = c.stats.droppedFrames;
  maybeStats(ctx, c, nowMs);
}
