// The Train page's training (web/src/train-run.ts, what its Web Worker runs) in node: augmentation
// off by default changes nothing, on it adds seeded copies of the training recordings only (the
// validation split and its recordings stay real), it is reproducible, and a bad option is the core's
// typed error naming augment.<option>.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/dataset-store.js';
import type { Recording } from '../src/dataset/recording.js';
import { DEFAULT_TRAIN_SETTINGS } from '../src/training/train-model.js';
import type { TrainRequest } from '../web/src/train-run.js';
import { runTraining } from '../web/src/train-run.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let recordings: Recording[];
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ts-train-run-'));
  await writeSyntheticDataset(dir, 4);
  recordings = (await loadDataset(dir)).recordings;
});

const request = (augment?: TrainRequest['augment']): TrainRequest => ({ recordings, settings: { ...DEFAULT_TRAIN_SETTINGS, epochs: 8, seed: 3 }, axes: ['ax', 'ay'], ...(augment !== undefined ? { augment } : {}) });

describe('the Train page training run', () => {
  it('off by default; on, it trains on copies of the training recordings only and is reproducible', () => {
    const epochs: number[] = [];
    const plain = runTraining(request(), (m) => epochs.push(m.epoch));
    const zero = runTraining(request({ copies: 0, timeWarp: 0.2, seed: 3 }), () => undefined);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // 36 recordings of 3 persons: the last person (12) validates, 24 train.
    expect(plain.training.trainedOn).toBe(24);
    expect(plain.training.validation?.count).toBe(12);
    expect(zero.model).toEqual(plain.model);

    const augment = { copies: 2, seed: 3, timeWarp: 0.2, amplitude: 0.1, rotationDeg: 10, noise: 0.02, offset: 0.02 };
    const a = runTraining(request(augment), () => undefined);
    const b = runTraining(request(augment), () => undefined);
    expect(a.training.trainedOn).toBe(72);
    expect(a.training.validation?.count).toBe(12);
    expect(a.training.split).toBe(plain.training.split);
    // the input pipeline (scaling) is derived from the real training recordings
    expect(a.training.pipeline).toEqual(plain.training.pipeline);
    expect(a.model).not.toEqual(plain.model);
    expect(b.model).toEqual(a.model);
    expect(a.training.augment).toEqual(augment);
  });

  it('a bad augmentation option is the typed error naming it', () => {
    expect(() => runTraining(request({ copies: 1, timeWarp: 0.5 }), () => undefined)).toThrow(expect.objectContaining({ field: 'augment.timeWarp' }));
    expect(() => runTraining(request({ copies: 1.5 }), () => undefined)).toThrow(/augment\.copies/);
  });
});
