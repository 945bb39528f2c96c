// The recorded session fixture (fixtures/sessions/emulator-basic.jsonl): one short, deterministic
// conversation with the emulator on the virtual clock, replayed here against a fresh emulator. Its
// board->host traffic must match the fixture byte for byte, so any change of the emulator's output
// shows up here and is regenerated on purpose: `UPDATE_FIXTURES=1 npx vitest run test/recorded-session.test.ts`
// rewrites the file; without UPDATE_FIXTURES this test never writes.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeSampleFrame, GapDetector, validateBoardMessage } from '@tinyspark/protocol';
import type { RecordingMessage, SampleFrame, SampleGap } from '@tinyspark/protocol';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/sessions/emulator-basic.jsonl', import.meta.url));
const EMULATOR = { seed: 1, boards: ['board-0'], clock: 'virtual' } as const;

/** The host's requests, in order; each is sent after the previous one was answered. */
const REQUESTS: readonly Record<string, unknown>[] = [
  { type: 'configure', id: 1, accelerometer: { range: 4, rateHz: 104 }, gyroscope: { range: 250, rateHz: 104 } },
  { type: 'stream.start', id: 2, sensors: ['accelerometer', 'gyroscope'] },
  { type: 'record', id: 3, label: 'circle', durationMs: 1000 },
  { type: 'sim.perform', id: 4, gesture: 'circle', person: 2, seed: 7 },
  { type: 'sim.clock', id: 5, advanceMs: 1500 },
  { type: 'sim.fault', id: 6, kind: 'drop', sensor: 'accelerometer', params: { probability: 1 }, durationMs: 100 },
  { type: 'sim.perform', id: 7, gesture: 'shake', person: 2, seed: 7 },
  { type: 'sim.clock', id: 8, advanceMs: 1500 },
  { type: 'stream.stop', id: 9 },
  // Everything the board says about the requests above is sent before this answer.
  { type: 'ping', id: 10 },
];
/** The drop fault: accelerometer samples in [1500, 1600) ms are lost on the link. */
const DROP = { startMs: 1500, endMs: 1600 };

/** One line of the fixture. */
interface WireLine {
  dir: 'host->board' | 'board->host';
  kind: 'text' | 'binary';
  text?: string;
  hex?: string;
}

async function recordSession(): Promise<WireLine[]> {
  const emu = await startEmulator({ port: 0, ...EMULATOR, boards: [...EMULATOR.boards] });
  const lines: WireLine[] = [];
  const ws = new WebSocket(emu.boards[0]!.url);
  let waiting: { id: number | null; resolve: () => void } | null = { id: null, resolve: () => undefined };
  const hello = new Promise<void>((resolve) => (waiting = { id: null, resolve }));
  ws.on('message', (data, isBinary) => {
    const buf = data as Buffer;
    if (isBinary) {
      lines.push({ dir: 'board->host', kind: 'binary', hex: buf.toString('hex') });
      return;
    }
    const text = buf.toString('utf8');
    lines.push({ dir: 'board->host', kind: 'text', text });
    const m = JSON.parse(text) as { type: string; id?: unknown };
    const w = waiting;
    if (w === null) return;
    if ((w.id === null && m.type === 'hello') || ((m.type === 'ack' || m.type === 'error') && m.id === w.id)) {
      waiting = null;
      w.resolve();
    }
  });
  try {
    await hello;
    for (const req of REQUESTS) {
      const text = JSON.stringify(req);
      const answered = new Promise<void>((resolve) => (waiting = { id: req['id'] as number, resolve }));
      lines.push({ dir: 'host->board', kind: 'text', text });
      ws.send(text);
      await answered;
    }
  } finally {
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    await emu.close();
  }
  return lines;
}

function toJsonl(lines: readonly WireLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function parseJsonl(text: string): WireLine[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as WireLine);
}

function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

describe('recorded session fixture (fixtures/sessions/emulator-basic.jsonl)', () => {
  it('a fresh emulator sends byte-identical board->host traffic for the same requests', async () => {
    const live = await recordSession();
    if (process.env['UPDATE_FIXTURES'] === '1') await writeFile(FIXTURE, toJsonl(live));
    const fixture = parseJsonl(await readFile(FIXTURE, 'utf8'));
    // Compare line by line first (readable diff), then the whole file's bytes.
    expect(live.length).toBe(fixture.length);
    for (let i = 0; i < live.length; i++) expect(live[i], `line ${i + 1}`).toEqual(fixture[i]);
    expect(toJsonl(live)).toBe(await readFile(FIXTURE, 'utf8'));
  });

  it('every frame is valid protocol, the recording is complete and the only gap is where the drop was', async () => {
    const lines = parseJsonl(await readFile(FIXTURE, 'utf8'));
    expect(lines.filter((l) => l.dir === 'host->board').map((l) => JSON.parse(l.text!) as unknown)).toEqual(REQUESTS);
    const frames: SampleFrame[] = [];
    const gaps: SampleGap[] = [];
    const detector = new GapDetector();
    const types: string[] = [];
    let recording: RecordingMessage | undefined;
    for (const l of lines.filter((x) => x.dir === 'board->host')) {
      if (l.kind === 'binary') {
        const f = decodeSampleFrame(hexToBytes(l.hex!));
        frames.push(f);
        const g = detector.check(f);
        if (g !== undefined) gaps.push(g);
        continue;
      }
      const m = validateBoardMessage(JSON.parse(l.text!));
      types.push(m.type);
      if (m.type === 'error') throw new Error(`the session has an error reply: ${l.text}`);
      if (m.type === 'recording') recording = m;
    }
    expect(types[0]).toBe('hello');
    expect(types.filter((t) => t === 'ack')).toHaveLength(REQUESTS.length);
    expect(recording).toMatchObject({ id: 3, label: 'circle' });
    expect(recording!.values).toHaveLength(104); // 104 Hz x 1 s
    // 3 s of both sensors at 104 Hz: every sample is either in a frame or in the one gap.
    const samples = (sensor: string): number => frames.filter((f) => f.sensor === sensor).reduce((s, f) => s + f.count, 0);
    const total = Math.round(3 * 104);
    expect(samples('gyroscope')).toBe(total);
    expect(gaps).toHaveLength(1);
    const gap = gaps[0]!;
    expect(gap.sensor).toBe('accelerometer');
    expect(samples('accelerometer') + gap.missing).toBe(total);
    // The lost samples are exactly those with board time in the fault's window. The sample at exactly
    // 1500 ms left with the first sim.clock (time had reached 1500 before the fault was set), so the
    // window holds the samples after 1500 and before 1600 ms.
    const intervalMs = 1000 / 104;
    const first = frames.find((f) => f.sensor === 'accelerometer')!;
    const timeOf = (seq: number): number => first.t0Us / 1000 + (seq - first.seq) * intervalMs;
    const eps = 1e-6;
    expect(timeOf(gap.expectedSeq - 1)).toBeLessThanOrEqual(DROP.startMs + eps);
    expect(timeOf(gap.expectedSeq)).toBeGreaterThan(DROP.startMs + eps);
    expect(timeOf(gap.seq - 1)).toBeLessThan(DROP.endMs - eps);
    expect(timeOf(gap.seq)).toBeGreaterThanOrEqual(DROP.endMs - eps);
    let inWindow = 0;
    for (let k = 0; k < total; k++) {
      const t = first.t0Us / 1000 + k * intervalMs;
      if (t > DROP.startMs + eps && t < DROP.endMs - eps) inWindow++;
    }
    expect(gap.missing).toBe(inWindow);
  });
});
