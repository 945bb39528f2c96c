import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perform } from '@tinyspark/emulator/motion';
import { describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { G, parseAxisMap, parseRealFile, splitHalves, toBoardRecording } from '../src/sim2real/real-file.js';
import { runSim2Real, SIM2REAL_AUGMENT, SIM2REAL_HIDDEN } from '../src/sim2real/run-sim2real.js';

/** A stand-in for a real file: emulated recordings written in the remote's frame (x=-y,y=x,z=z inverted), in g. */
function fakeRealFile(labels: Record<string, string>, perLabel: number): unknown {
  const recordings: unknown[] = [];
  for (const [label, gesture] of Object.entries(labels)) {
    for (let i = 0; i < perLabel; i++) {
      const rec = perform(gesture, { person: 500 + (i % 4), seed: i, durationMs: 1400, onsetMs: 150 });
      const a = rec.accelerometer;
      const ax: number[] = [];
      const ay: number[] = [];
      const az: number[] = [];
      for (let k = 0; k < a.count; k++) {
        const [bx, by, bz] = [a.raw[3 * k]! * a.scale, a.raw[3 * k + 1]! * a.scale, a.raw[3 * k + 2]! * a.scale];
        ax.push(by / G);
        ay.push(-bx / G);
        az.push(bz / G);
      }
      recordings.push({ label, ax, ay, az });
    }
  }
  return { approx_rate_hz: 104, units: 'g', recordings };
}

describe('sim2real', () => {
  it('parses axis maps and rejects malformed ones', () => {
    expect(parseAxisMap('x=-y,y=x,z=z')).toEqual([
      { target: 0, source: 1, sign: -1 },
      { target: 1, source: 0, sign: 1 },
      { target: 2, source: 2, sign: 1 },
    ]);
    expect(() => parseAxisMap('x=y,y=y,z=z')).toThrow(/each of x, y, z once/);
    expect(() => parseAxisMap('x=-q')).toThrow(/not of the form/);
  });

  it('maps a real recording to the board: frame, m/s^2, 104 Hz, clipped at +-4 g', () => {
    const raw = { label: 'up', index: 0, ax: [0, 0.1, 0.2], ay: [1, 1, 6], az: [1, 1, 1] };
    const r = toBoardRecording(raw, { rateHz: 100, units: 'g', axisMap: parseAxisMap('x=-y,y=x,z=z') });
    expect(r.intervalMs).toBeCloseTo(1000 / 104, 9);
    expect(r.values.length).toBe(Math.floor(0.02 * 104) + 1);
    expect(r.values[0]).toEqual([-G, 0, G]);
    // 1/104 s is 0.9615 of a source sample: interpolated between samples 0 and 1
    expect(r.values[1]![1]).toBeCloseTo(0.1 * G * (100 / 104), 9);
    const clipped = toBoardRecording({ ...raw, ay: [6, 6, 6] }, { rateHz: 100, units: 'g', axisMap: parseAxisMap('x=-y,y=x,z=z') });
    expect(clipped.values[0]![0]).toBeCloseTo(-4 * G, 9);
  });

  it('splits each label into alternating halves', () => {
    const recs = ['a', 'a', 'b', 'a', 'b'].map((label, i) => ({ label, i }));
    const { fit, heldOut } = splitHalves(recs);
    expect(fit.map((r) => r.i)).toEqual([0, 2, 3]);
    expect(heldOut.map((r) => r.i)).toEqual([1, 4]);
  });

  it('rejects malformed real files with the field named', () => {
    expect(() => parseRealFile({ recordings: [] })).toThrow(/recordings must be a non-empty array/);
    expect(() => parseRealFile({ recordings: [{ label: 'x', ax: [1], ay: [1, 2], az: [1] }] })).toThrow(/differ in length/);
  });

  it(
    'trains on emulated recordings only and reports per seed, held-out half and the real->real reference',
    () => {
      const real = parseRealFile(fakeRealFile({ shake: 'shake', up: 'lift', left: 'swipe_left' }, 8));
      const r = runSim2Real({ real, seeds: [1, 2], persons: 3, perPerson: 3, epochs: 20, folds: 2 });
      expect(r.labels).toEqual(['shake', 'up', 'left']);
      expect(r.chance).toBeCloseTo(1 / 3, 12);
      expect(r.runs.map((x) => x.seed)).toEqual([1, 2]);
      expect(r.settings).toMatchObject({ realCount: 24, fitCount: 12, heldOutCount: 12 });
      for (const x of r.runs) {
        expect(x.all.confusion.flat().reduce((a, b) => a + b, 0)).toBe(24);
        expect(x.heldOut.confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);
        for (const v of [x.all.balancedAccuracy, x.heldOut.balancedAccuracy, x.realToReal]) expect(v).toBeGreaterThanOrEqual(0);
      }
      expect(r.calibration.map((c) => c.label)).toEqual(r.labels);
      expect(r.balancedAccuracy).toBeCloseTo((r.runs[0]!.all.balancedAccuracy + r.runs[1]!.all.balancedAccuracy) / 2, 12);
    },
    240_000,
  );

  it(
    'the command prints the report, and --json carries the issue\'s fields; a missing file exits 3',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ts-s2r-'));
      await writeFile(join(dir, 'real.json'), JSON.stringify(fakeRealFile({ shake: 'shake', circle_left: 'circle' }, 6)));
      const io = createBufferedIo(dir);
      const code = await main(['sim2real', '--real', 'real.json', '--labels', 'shake,circle=circle_left', '--persons', '2', '--per-person', '2', '--epochs', '5', '--folds', '2', '--json'], io);
      expect(code).toBe(0);
      // the contract: the document itself, no { ok, command, result } envelope
      const doc = JSON.parse(io.out().trim()) as Record<string, unknown>;
      for (const k of ['balancedAccuracy', 'accuracy', 'chance', 'realToReal', 'perClass', 'confusion', 'labels']) expect(doc).toHaveProperty(k);
      expect(doc).not.toHaveProperty('result');
      expect(doc['labels']).toEqual(['shake', 'circle']);
      const io2 = createBufferedIo(dir);
      expect(await main(['sim2real', '--real', 'nope.json'], io2)).toBe(3);
      expect(io2.err()).toMatch(/\[studio\] STUDIO_ERR_FILE_NOT_FOUND: cannot read the real recordings .*nope\.json/);
      const io3 = createBufferedIo(dir);
      expect(await main(['sim2real'], io3)).toBe(2);
    },
    240_000,
  );

  it(
    'the classifier (--arch) and the training augmentation (--augment-*) are reported in settings; --augment-copies 0 turns it off',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ts-s2r-aug-'));
      await writeFile(join(dir, 'real.json'), JSON.stringify(fakeRealFile({ shake: 'shake', up: 'up' }, 6)));
      const base = ['sim2real', '--real', 'real.json', '--persons', '2', '--per-person', '2', '--epochs', '3', '--folds', '2', '--json'];
      const run = async (extra: string[]) => {
        const io = createBufferedIo(dir);
        expect(await main([...base, ...extra], io)).toBe(0);
        return JSON.parse(io.out().trim()) as { settings: { hidden: number[]; augment: unknown }; runs: { all: { confusion: number[][] } }[] };
      };
      const d = await run([]);
      expect(d.settings.hidden).toEqual([...SIM2REAL_HIDDEN]);
      expect(d.settings.augment).toEqual({ ...SIM2REAL_AUGMENT });
      const off = await run(['--augment-copies', '0', '--arch', '8']);
      expect(off.settings).toMatchObject({ hidden: [8], augment: null });
      const named = await run(['--augment-copies', '2', '--augment-rotation-deg', '10']);
      expect(named.settings.augment).toEqual({ copies: 2, rotationDeg: 10 });
      const io = createBufferedIo(dir);
      expect(await main([...base, '--augment-noise', 'x'], io)).toBe(2);
      expect(io.err()).toMatch(/--augment-noise/);
    },
    240_000,
  );

  it('--learn adds the learned-gesture comparison to the --json document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-s2r-learn-'));
    await writeFile(join(dir, 'real.json'), JSON.stringify(fakeRealFile({ right: 'right', up: 'up' }, 8)));
    const io = createBufferedIo(dir);
    const code = await main(['sim2real', '--real', 'real.json', '--learn', '3', '--learn-generate', '20', '--persons', '2', '--per-person', '2', '--epochs', '5', '--json'], io);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out().trim().split('\n').pop()!) as { learned: { balancedAccuracy: number; fewShotReal: number; fewShotAugmented: number } };
    for (const k of ['balancedAccuracy', 'fewShotReal', 'fewShotAugmented'] as const) expect(doc.learned[k]).toBeGreaterThanOrEqual(0);
  });
});
