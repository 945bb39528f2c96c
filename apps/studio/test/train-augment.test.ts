// `tinyspark train --augment-*`: off by default, changes the training data, reproducible by --seed.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let dir: string;
async function run(argv: string[]): Promise<{ code: number; err: string; result: Record<string, unknown> }> {
  const io = createBufferedIo(dir);
  const code = await main([...argv, '--json'], io);
  const doc = JSON.parse(io.out().trim().split('\n').pop() ?? '{}') as { result: Record<string, unknown> };
  return { code, err: io.err(), result: doc.result };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-augment-'));
  await writeSyntheticDataset(join(dir, 'data'), 3);
});

describe('train augmentation', () => {
  const base = ['train', 'data', '--epochs', '5', '--holdout', '3', '--arch', '8'];
  const aug = ['--augment-time-warp', '0.2', '--augment-amplitude', '0.2', '--augment-rotation-deg', '15', '--augment-noise', '0.05', '--augment-offset', '0.05', '--augment-copies', '3'];

  it('is off by default; with the flags the training set grows by the copies, validation untouched', async () => {
    const off = await run([...base, '--out', 'plain.json']);
    expect(off.code).toBe(0);
    expect(off.result).toMatchObject({ trainingRecordings: 18, augment: null });
    const on = await run([...base, ...aug, '--seed', '3', '--out', 'aug-a.json']);
    expect(on.code).toBe(0);
    expect(on.result).toMatchObject({ trainingRecordings: 18 * 4, augment: { copies: 3, timeWarp: 0.2, rotationDeg: 15, seed: 3 } });
    expect((on.result['validation'] as { count: number }).count).toBe((off.result['validation'] as { count: number }).count);
    expect(on.err).toMatch(/augmented: 18 training recordings \+ 54 copies/);
  });

  it('the same seed trains the same model; another seed or no augmentation another one', async () => {
    await run([...base, ...aug, '--seed', '3', '--out', 'aug-b.json']);
    await run([...base, ...aug, '--seed', '4', '--out', 'aug-c.json']);
    await run([...base, '--seed', '3', '--out', 'plain-3.json']);
    const read = (f: string): Promise<string> => readFile(join(dir, f), 'utf8');
    const [a, b, c, plain] = await Promise.all([read('aug-a.json'), read('aug-b.json'), read('aug-c.json'), read('plain-3.json')]);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(plain).not.toBe(a);
  });

  it('names the flag at fault (usage, exit 2)', async () => {
    const w = await run([...base, '--augment-time-warp', '0.5', '--out', 'x.json']);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--augment-time-warp must be between 0 and 0.3/);
    const c = await run([...base, '--augment-copies', '3', '--out', 'x.json']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--augment-copies needs at least one transform/);
  });
});
