import { errorMessage, parseTextFrame, peekFrameId, utf8ByteLength } from '@tinyspark/protocol';
import type { BoardMessage, HostMessage, RequestId } from '@tinyspark/protocol';
import type { RawData } from 'ws';
import { EmulatorError } from '../errors.js';
import { toWireError } from '../wire-error.js';
import { maybeStats, sendJson } from './connection.js';
import type { Conn } from './connection.js';
import type { ServerContext } from './context.js';
import { advanceBoard } from './hosted-board.js';
import { checkModelLabels } from './model-labels.js';
import type { HostedBoard } from './hosted-board.js';

/** Runs one validated request against the board and answers it (ack, and follow-ups). */
export async function handleRequest(ctx: ServerContext, h: HostedBoard, c: Conn, req: HostMessage): Promise<void> {
  const b = h.board;
  const ack = (id: RequestId, result?: Record<string, unknown>): void =>
    sendJson(ctx, c, result === undefined ? { type: 'ack', id } : ({ type: 'ack', id, result } as BoardMessage));
  switch (req.type) {
    case 'configure':
      return ack(req.id, b.configure(req));
    case 'stream.start': {
      // add every sensor before raising demand, so the `mode` event this causes lists them all
      const added = [...new Set(req.sensors)].filter((s) => !c.streaming.has(s));
      for (const s of added) c.streaming.add(s);
      for (const s of added) b.setDemand(s, +1);
      return ack(req.id, { streaming: [...c.streaming] });
    }
    case 'stream.stop':
      for (const s of req.sensors ?? [...c.streaming]) {
        if (c.streaming.delete(s)) b.setDemand(s, -1);
      }
      ack(req.id, { streaming: [...c.streaming] });
      return maybeStats(ctx, c, h.clock.now(), true);
    case 'record':
      b.record(req.id, req.label, req.durationMs, req.delayMs ?? 0, req.sensor ?? 'imu');
      return ack(req.id);
    case 'model.deploy':
      checkModelLabels(req.model);
      return ack(req.id, b.deployModel(req.model, utf8ByteLength(JSON.stringify(req.model))));
    case 'model.clear':
      b.clearModel();
      return ack(req.id);
    case 'infer.start':
      b.startInference(req.mode, req.mode === 'sliding' ? req.hopMs : 0);
      return ack(req.id);
    case 'infer.stop':
      b.stopInference();
      return ack(req.id);
    case 'ping':
      return ack(req.id, { t: h.clock.now() });
    case 'sim.perform':
      return ack(req.id, { segment: b.perform(req.gesture, req.person, req.seed, req.variation === undefined ? req.params : { ...req.params, variation: req.variation }) });
    case 'sim.scenario': {
      const r = 'steps' in req ? b.scenario(req.steps, undefined, req.windowStart) : b.scenario(undefined, req.generate, req.windowStart);
      ack(req.id, { segments: r.truth.length, endMs: r.endMs });
      return sendJson(ctx, c, { type: 'sim.truth', id: req.id, segments: r.truth });
    }
    case 'sim.button':
      b.button(req.button, req.action, req.durationMs ?? 100);
      return ack(req.id);
    case 'sim.fault':
      if (req.kind === 'disconnect') {
        ack(req.id);
        b.fault('disconnect', undefined, {}, undefined);
        return;
      }
      b.fault(req.kind, req.sensor, req.params ?? {}, req.durationMs);
      return ack(req.id);
    case 'sim.clock':
      return ack(req.id, { t: await advanceBoard(ctx, h, req.advanceMs, () => c.ws.readyState === c.ws.OPEN) });
    case 'sim.replay': {
      const { type: _type, id, ...rest } = req;
      return ack(id, b.replay(rest));
    }
    case 'sim.gesture': {
      if (req.gesture === undefined) return ack(req.id, { gestures: b.gestures.known() });
      const doc = b.gestures.add(req.gesture, { replace: req.replace === true, field: 'gesture' });
      return ack(req.id, { name: doc.name, gestures: b.gestures.known() });
    }
  }
}

function payloadBytes(data: RawData): number {
  return Array.isArray(data) ? data.reduce((s, d) => s + d.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function payloadText(data: RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * Reading from a client's socket stops at `maxPendingRequests` unanswered requests or
 * `maxPendingBytes` of them, and resumes when both are down to half.
 */
function settle(ctx: ServerContext, c: Conn, bytes: number): void {
  c.pending--;
  c.pendingBytes -= bytes;
  if (c.paused && c.pending <= ctx.limits.maxPendingRequests / 2 && c.pendingBytes <= ctx.limits.maxPendingBytes / 2) {
    c.paused = false;
    c.ws.resume();
  }
}

function tooMany(ctx: ServerContext, c: Conn, id: RequestId | null, what: string): void {
  sendJson(ctx, c, errorMessage(id, 'LIMIT_EXCEEDED', `[emulator] EMU_ERR_TOO_MANY_REQUESTS: ${what} in flight; wait for the answers`));
}

/**
 * One WebSocket message from a client: checked (binary, size, JSON, fields), then queued on its
 * board. Every bad frame is answered with an error; nothing here throws for any input.
 */
export function onClientMessage(ctx: ServerContext, h: HostedBoard, c: Conn, data: RawData, isBinary: boolean): void {
  const { limits } = ctx;
  if (isBinary) {
    sendJson(ctx, c, toWireError(new EmulatorError('EMU_ERR_BINARY_NOT_ACCEPTED', 'binary frames are board -> host only; send JSON text requests', { field: '(frame)' }), null));
    return;
  }
  const bytes = payloadBytes(data);
  if (bytes > limits.maxFrameBytes) {
    // too large to parse, but the id is named when it can be read cheaply
    const error = new EmulatorError('EMU_ERR_FRAME_TOO_LARGE', `frame of ${bytes} bytes exceeds maxFrameBytes ${limits.maxFrameBytes}`, { field: '(frame)' });
    sendJson(ctx, c, toWireError(error, peekFrameId(payloadText(data))));
    return;
  }
  if (c.pendingBytes > 0 && c.pendingBytes + bytes > 2 * limits.maxPendingBytes) {
    // not parsed: the bytes of the requests already waiting are the bound
    tooMany(ctx, c, peekFrameId(payloadText(data)), `more than ${2 * limits.maxPendingBytes} bytes of requests`);
    return;
  }
  let req: HostMessage;
  try {
    req = parseTextFrame(payloadText(data), { from: 'host', limits });
  } catch (e) {
    sendJson(ctx, c, toWireError(e, null));
    return;
  }
  if (c.pending >= 2 * limits.maxPendingRequests) {
    tooMany(ctx, c, req.id, `more than ${2 * limits.maxPendingRequests} requests`);
    return;
  }
  c.pending++;
  c.pendingBytes += bytes;
  if (!c.paused && (c.pending >= limits.maxPendingRequests || c.pendingBytes >= limits.maxPendingBytes)) {
    c.paused = true;
    c.ws.pause();
  }
  h.queue = h.queue.then(async () => {
    try {
      if (ctx.closing || c.ws.readyState !== c.ws.OPEN) return;
      await handleRequest(ctx, h, c, req);
    } catch (e) {
      sendJson(ctx, c, toWireError(e, req.id));
    } finally {
      settle(ctx, c, bytes);
    }
  });
}
