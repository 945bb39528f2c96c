import { Duplex } from 'node:stream';
import * as wsModule from 'ws';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { appendToBatch, bufferedBytes, createConn, flushBatch, sendJson } from './connection.js';
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
  return { limits: resolveLimits(undefined), batch: new TickBatch((c) => flushBatch(c as ReturnType<typeof createConn>)) } as unknown as ServerContext;
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

  it('counts waiting frames as buffered, writes them in one write, and before any later text message', () => {
    const { c, log } = fakeConn();
    const a = Uint8Array.of(1, 2, 3);
    const b = new Uint8Array(200).fill(9);
    appendToBatch(c, a);
    appendToBatch(c, b);
    expect(bufferedBytes(c)).toBe(2 + 3 + 4 + 200);
    sendJson(ctx(), c, { type: 'serial', line: 'x', t: 0 });
    expect(c.batchBytes).toBe(0);
    const frames = (p: Uint8Array): Buffer => Buffer.concat(Sender.frame(Buffer.from(p), { fin: true, opcode: 2, mask: false, readOnly: false }));
    expect(log[0]!.equals(Buffer.concat([frames(a), frames(b)]))).toBe(true);
    expect(log.slice(1).map((x) => x.toString('latin1')).join('')).toContain('"serial"');
    flushBatch(c);
    expect(log.length).toBe(3);
  });
});
