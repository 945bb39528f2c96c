import { Duplex } from 'node:stream';
import * as wsModule from 'ws';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { appendTextToBatch, appendToBatch, bufferedBytes, createConn, flushBatch, sendFrame, sendJson } from './connection.js';
import type { ServerContext } from './context.js';
import { TickBatch } from './context.js';
import { resolveLimits } from './limits.js';

/** ws's own framing (`Sender.frame`, not in its type declarations). */
const Sender = (wsModule as unknown as { Sender: { frame(data: Buffer, o: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[] } }).Sender;

/** A socket and a ws stand-in writing into one log, in order. */
function fakeConn(): { c: ReturnType<typeof createConn>; log: Buffer[] } {
  const log: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      log.push(Buffer.from(chunk));
      cb();
    },
  });
  const ws = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    // as ws sends an unmasked text message: header, then the bytes
    send(text: string) {
      for (const b of Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false })) socket.write(b);
    },
    close() {},
  } as unknown as WebSocket;
  return { c: createConn(ws, socket, 0, 1024), log };
}

function ctx(): ServerContext {
  return { limits: resolveLimits(undefined), statsIntervalMs: 1e9, batch: new TickBatch((c) => flushBatch(c as ReturnType<typeof createConn>)) } as unknown as ServerContext;
}

describe('tick batch', () => {
  it('frames a binary message exactly as ws does, for every length class (7-, 16- and 64-bit)', () => {
    for (const n of [0, 1, 125, 126, 127, 1000, 65535, 65536, 70_000]) {
      const payload = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
      const { c } = fakeConn();
      appendToBatch(c, payload);
      const expected = Buffer.concat(Sender.frame(Buffer.from(payload), { fin: true, opcode: 2, mask: false, readOnly: false }));
      expect(Buffer.from(c.batchBuf.subarray(0, c.batchBytes)).equals(expected)).toBe(true);
    }
  });

  it('counts waiting frames as buffered; a later text message joins them and all leave in one write when the turn ends', async () => {
    const { c, log } = fakeConn();
    const a = Uint8Array.of(1, 2, 3);
    const b = new Uint8Array(200).fill(9);
    appendToBatch(c, a);
    appendToBatch(c, b);
    expect(bufferedBytes(c)).toBe(2 + 3 + 4 + 200);
    sendJson(ctx(), c, { type: 'serial', line: 'x', t: 0 });
    sendJson(ctx(), c, { type: 'serial', line: 'y', t: 1 });
    // nothing written yet, and what waits still counts toward the send buffer
    expect(log.length).toBe(0);
    expect(bufferedBytes(c)).toBe(c.batchBytes);
    expect(c.batchBytes).toBeGreaterThan(2 + 3 + 4 + 200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.batchBytes).toBe(0);
    expect(log.length).toBe(1);
    const frames = (p: Uint8Array, opcode: 1 | 2): Buffer => Buffer.concat(Sender.frame(Buffer.from(p), { fin: true, opcode, mask: false, readOnly: false }));
    const text = (msg: string): Uint8Array => Buffer.from(msg, 'utf8');
    const x = JSON.stringify({ type: 'serial', line: 'x', t: 0 });
    const y = JSON.stringify({ type: 'serial', line: 'y', t: 1 });
    expect(log[0]!.equals(Buffer.concat([frames(a, 2), frames(b, 2), frames(text(x), 1), frames(text(y), 1)]))).toBe(true);
    flushBatch(c);
    expect(log.length).toBe(1);
  });

  it('frames a text message exactly as ws does (UTF-8, every length class)', () => {
    for (const text of ['', 'x', '{"type":"serial","line":"Gr\u00fc\u00dfe \u2192 \ud83d\udc4b"}', 'a'.repeat(125), '\u00e9'.repeat(63), 'b'.repeat(126), 'c'.repeat(70_000)]) {
      const { c } = fakeConn();
      appendTextToBatch(c, text);
      const expected = Buffer.concat(Sender.frame(Buffer.from(text, 'utf8'), { fin: true, opcode: 1, mask: false, readOnly: false }));
      expect(Buffer.from(c.batchBuf.subarray(0, c.batchBytes)).equals(expected)).toBe(true);
    }
  });

  it('while a batch is collected, text messages join it in order and everything leaves in one write', () => {
    const { c, log } = fakeConn();
    const x = ctx();
    const frame = Uint8Array.of(5, 6, 7, 8);
    x.batch.active = true;
    sendFrame(x, c, frame, 1, 0);
    sendJson(x, c, { type: 'serial', line: 'one', t: 0 });
    sendFrame(x, c, frame, 1, 0);
    sendJson(x, c, { type: 'serial', line: 'two', t: 0 });
    expect(log.length).toBe(0);
    x.batch.active = false;
    x.batch.flush();
    expect(log.length).toBe(1);
    const bin = Buffer.concat(Sender.frame(Buffer.from(frame), { fin: true, opcode: 2, mask: false, readOnly: false }));
    const text = (m: object): Buffer => Buffer.concat(Sender.frame(Buffer.from(JSON.stringify(m)), { fin: true, opcode: 1, mask: false, readOnly: false }));
    const expected = Buffer.concat([bin, text({ type: 'serial', line: 'one', t: 0 }), bin, text({ type: 'serial', line: 'two', t: 0 })]);
    expect(log[0]!.equals(expected)).toBe(true);
  });

  it("a sim.clock slice's batch (not counted) leaves the send-buffer accounting as writing at once did", () => {
    const { c } = fakeConn();
    const x = ctx();
    x.batch.active = true;
    x.batch.counted = false;
    sendFrame(x, c, new Uint8Array(100), 1, 0);
    expect(c.batchBytes).toBe(102);
    expect(bufferedBytes(c)).toBe(0);
    x.batch.counted = true;
    sendFrame(x, c, new Uint8Array(100), 1, 0);
    expect(bufferedBytes(c)).toBe(204);
    x.batch.active = false;
    x.batch.flush();
    expect(bufferedBytes(c)).toBe(0);
  });
});
