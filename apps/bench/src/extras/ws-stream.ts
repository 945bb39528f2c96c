import type { ResultEntry } from '../report/bench-report.js';
import { connectClient, loadServer } from './emulator-server.js';
import type { ExtraContext } from './extra-context.js';

/**
 * WebSocket streaming throughput to one client: one board on the virtual clock streaming
 * accelerometer + gyroscope at their highest rate (6664 Hz); the client advances board time with
 * `sim.clock` and receives every binary frame over loopback. Samples and bytes per wall second.
 */
export async function measureWsStream(x: ExtraContext): Promise<ResultEntry[]> {
  const { startEmulator, decode } = await loadServer();
  const emu = await startEmulator({ host: '127.0.0.1', port: 0, boards: 1, seed: 1, clock: 'virtual' });
  let samples = 0;
  let bytes = 0;
  const client = connectClient(emu.boards[0]!.url, (b) => {
    bytes += b.byteLength;
    samples += decode(b).count;
  });
  try {
    await client.ready;
    await client.request({ type: 'configure', accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
    await client.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] });
    await client.request({ type: 'sim.clock', advanceMs: 5_000 }); // warm-up
    samples = 0;
    bytes = 0;
    const boardSeconds = x.quick ? 60 : 300;
    const t0 = x.now();
    await client.request({ type: 'sim.clock', advanceMs: boardSeconds * 1000 });
    const dt = x.now() - t0;
    return [
      {
        workload: 'ws-stream',
        engine: 'emulator-ws',
        samplesPerSecond: samples / dt,
        value: bytes / dt / 1e6,
        unit: 'MB/s',
        notes: `${samples} IMU readings (2 x 6664 Hz, ${boardSeconds} s board time) to one loopback client in ${dt.toFixed(2)} s`,
      },
    ];
  } finally {
    client.close();
    await emu.close();
  }
}
