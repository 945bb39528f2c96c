// A reconnect scenario end to end: a simulated disconnect (sim.fault) closes the client with 4099,
// the protocol client reconnects with its backoff (client time injected: a VirtualClock, no
// sleeping), restores its stream, and its gap detection accounts for every sample the board
// produced while nobody was connected.
import { CLOSE_CODES, connectBoard } from '@tinyspark/protocol';
import type { BoardClient, BoardClientEvents } from '@tinyspark/protocol';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, VirtualClock } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';

let emu: RunningEmulator | undefined;
let board: BoardClient | undefined;
afterEach(async () => {
  await board?.close();
  await emu?.close();
});

function next<K extends keyof BoardClientEvents>(client: BoardClient, event: K): Promise<BoardClientEvents[K]> {
  return new Promise((resolve) => client.once(event, resolve));
}

describe('reconnect after a simulated disconnect', () => {
  it('the client comes back, restores its stream, and the gap equals the samples produced while away', async () => {
    emu = await startEmulator({ port: 0, seed: 5, clock: 'virtual' });
    const clientTime = new VirtualClock();
    board = await connectBoard(emu.boards[0]!.url, { WebSocket, timers: clientTime, rng: { next: () => 0.5 }, heartbeatIntervalMs: Number.POSITIVE_INFINITY });
    const b = board;
    const gaps: { sensor: string; missing: number }[] = [];
    const seqs: [number, number][] = [];
    b.on('gap', (g) => gaps.push({ sensor: g.sensor, missing: g.missing }));
    b.on('sample', (f) => seqs.push([f.seq, f.count]));
    await b.startStream(['accelerometer']);
    await b.sim.clock(1000);

    const closed = next(b, 'close');
    const reconnect = next(b, 'reconnect');
    await b.sim.fault({ kind: 'disconnect' }).catch(() => undefined);
    expect(await closed).toMatchObject({ code: CLOSE_CODES.simulatedDisconnect, willReconnect: true });
    // the board keeps sampling while nobody listens: 500 ms at 104 Hz = 52 samples
    await emu.advance('board-0', 500);
    const scheduled = await reconnect;
    const opened = next(b, 'open');
    clientTime.advance(scheduled.delayMs);
    expect(await opened).toMatchObject({ reconnected: true });
    await b.ping(); // answered after the restored stream.start (requests are handled in order)
    await b.sim.clock(1000);
    await b.stopStream();

    const received = seqs.reduce((s, [, n]) => s + n, 0);
    expect(received).toBe(208);
    expect(gaps).toEqual([{ sensor: 'accelerometer', missing: 52 }]);
    // frames are contiguous apart from that one gap
    const last = seqs[seqs.length - 1]!;
    expect(last[0] + last[1]).toBe(260);
  });
});
