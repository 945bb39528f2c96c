// Issue 9, memory: the three attacks at once, with the default limits, checked by the server's own
// accounting (each client's send buffer and unanswered request bytes, read on every turn of the
// event loop) against the documented bounds. RSS is measured by `pnpm fuzz --memory`, not here.
import type { AckMessage } from '@tinyspark/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_LIMITS } from '../src/server/index.js';
import { closedAfterEach } from './support/servers.js';
import { stopReading } from './support/never-reading.js';
import { bufferPast, watchDiagnostics } from './support/watch-diagnostics.js';

const { emulator, client, clients } = closedAfterEach();

describe('memory bounds at the default limits, all attacks at once', () => {
  it('a client that stops reading, a request flood and a day of sim.clock at 6664 Hz: per client buffer <= max(2 x 1 MiB, 1 MiB + largest reply), requests in flight <= 2 x 64 and <= 2 x 8 MiB', { timeout: 240_000 }, async () => {
    const L = DEFAULT_EMULATOR_LIMITS;
    const emu = await emulator({ boards: 2 });
    const [b0, b1] = [emu.boards[0]!.url, emu.boards[1]!.url];
    const streamer = await client(b0);
    const requester = await client(b0);
    const greedy = await client(b0);
    const flood = await client(b1);
    const neighbour = await client(b1);
    await streamer.request({ type: 'configure', accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
    await streamer.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] });
    const w = watchDiagnostics(emu);
    // 1. the streamer stops reading while the day runs
    const streamerSocket = stopReading(streamer.ws);
    const day = requester.request({ type: 'sim.clock', advanceMs: 86_400_000 });
    // 2. a client that stops reading asks for ~100 kB answers (40 MB of them)
    const greedySocket = stopReading(greedy.ws);
    for (let i = 1; i <= 400; i++) greedy.sendRaw(JSON.stringify({ type: 'sim.scenario', id: i, generate: { count: 1000, gestures: ['circle', 'shake'], seed: i } }));
    // 3. a flood of requests written without waiting, on the other board
    const n = 20_000;
    const floodDone = flood.upcoming((m) => (m.type === 'ack' || m.type === 'error') && m.id === `f${n}`);
    for (let i = 1; i <= n; i++) flood.sendRaw(JSON.stringify({ type: 'ping', id: `f${i}` }));
    // meanwhile the other board answers
    for (let i = 0; i < 10; i++) expect(await neighbour.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    await floodDone;
    // the streamer goes away (nobody needs the samples: the rest of the day is cheap); the greedy client reads again
    streamerSocket.resume();
    await streamer.close();
    await bufferPast(w, L.maxSendBufferBytes);
    greedySocket.resume();
    expect(await greedy.closed()).toBe(4008);
    const answer = (await day) as AckMessage;
    const peak = w.stop();
    expect(answer).toMatchObject({ type: 'ack', result: { t: 86_400_000 } });
    // the documented bounds, from the server's own accounting
    const largestReply = Math.max(...clients.flatMap((c) => c.texts.map((t) => t.length)));
    const perClientBuffer = Math.max(2 * L.maxSendBufferBytes, L.maxSendBufferBytes + largestReply);
    expect(largestReply).toBeLessThanOrEqual(L.maxFrameBytes);
    expect(peak.bufferedBytes).toBeLessThanOrEqual(perClientBuffer);
    expect(peak.pending).toBeLessThanOrEqual(2 * L.maxPendingRequests);
    expect(peak.pendingBytes).toBeLessThanOrEqual(2 * L.maxPendingBytes);
    // five clients: the server holds at most five times the per-client bound for them
    expect(peak.totalBytes).toBeLessThanOrEqual(5 * (perClientBuffer + 2 * L.maxPendingBytes));
    // the attacks did reach the limits they are meant to reach (the checks above are not vacuous)
    expect(peak.bufferedBytes).toBeGreaterThan(L.maxSendBufferBytes / 2);
    expect(peak.pending).toBeGreaterThan(1);
    expect(await requester.request({ type: 'ping' })).toMatchObject({ type: 'ack', result: { t: 86_400_000 } });
    expect(await neighbour.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
  });
});
