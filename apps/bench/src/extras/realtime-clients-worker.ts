/**
 * Worker thread of the real-time boards measurement: one WebSocket client per board URL, each
 * configuring 104 Hz and streaming accelerometer + gyroscope; after `settleMs` it records, for
 * `measureMs`, every frame's delay = arrival - (server start + board time of the frame's last
 * sample), both as absolute high-resolution times, and the delay of its oldest (first) sample
 * (a frame of more samples waited longer for its first one). Runs apart from the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { absoluteMs } from '../timing/clock.js';
import { connectClient, loadServer } from './emulator-server.js';

export interface RealtimeWorkerInput {
  readonly urls: readonly string[];
  readonly serverStartAbsMs: number;
  readonly settleMs: number;
  readonly measureMs: number;
}

export interface RealtimeWorkerOutput {
  readonly delays: Float64Array;
  /** Per frame, arrival - board time of its first sample. */
  readonly oldestDelays: Float64Array;
  readonly frames: number;
  readonly samples: number;
  readonly gaps: number;
  readonly seconds: number;
  readonly error?: string;
}

async function main(input: RealtimeWorkerInput): Promise<RealtimeWorkerOutput> {
  const { decode } = await loadServer();
  const delays: number[] = [];
  const oldestDelays: number[] = [];
  let measuring = false;
  let frames = 0;
  let samples = 0;
  let gaps = 0;
  const clients = input.urls.map((url) => {
    const next = new Map<string, number>();
    return connectClient(url, (bytes) => {
      const f = decode(bytes);
      const expected = next.get(f.sensor);
      if (expected !== undefined && expected !== f.seq) gaps++;
      next.set(f.sensor, (f.seq + f.count) >>> 0);
      if (!measuring) return;
      const lastSampleMs = (f.t0Us + (f.count - 1) * f.intervalUs) / 1000;
      const arrival = absoluteMs() - input.serverStartAbsMs;
      delays.push(arrival - lastSampleMs);
      oldestDelays.push(arrival - f.t0Us / 1000);
      frames++;
      samples += f.count;
    });
  });
  await Promise.all(clients.map((c) => c.ready));
  await Promise.all(
    clients.map((c) =>
      c
        .request({ type: 'configure', accelerometer: { rateHz: 104 }, gyroscope: { rateHz: 104 } })
        .then(() => c.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] })),
    ),
  );
  await sleep(input.settleMs);
  gaps = 0;
  measuring = true;
  const t0 = absoluteMs();
  await sleep(input.measureMs);
  measuring = false;
  const seconds = (absoluteMs() - t0) / 1000;
  for (const c of clients) c.close();
  return { delays: Float64Array.from(delays), oldestDelays: Float64Array.from(oldestDelays), frames, samples, gaps, seconds };
}

if (parentPort !== null) {
  const port = parentPort;
  main(workerData as RealtimeWorkerInput).then(
    (out) => port.postMessage(out),
    (e: unknown) =>
      port.postMessage({ delays: new Float64Array(0), oldestDelays: new Float64Array(0), frames: 0, samples: 0, gaps: 0, seconds: 0, error: String(e) } satisfies RealtimeWorkerOutput),
  );
}
