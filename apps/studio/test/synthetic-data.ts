// A small seeded synthetic dataset for CLI tests that do not need the emulator.
import { DatasetWriter } from '../src/dataset/dataset-store.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Three labels of 2-axis signals (rising, falling, oscillating) at 100 Hz, 0.5 s, with noise; 3 persons. */
export async function writeSyntheticDataset(dir: string, perLabelPerPerson = 6, seed = 1): Promise<void> {
  const rnd = mulberry32(seed);
  const w = await DatasetWriter.open(dir, () => '2026-01-01T00:00:00.000Z');
  for (let person = 1; person <= 3; person++) {
    for (const label of ['rise', 'fall', 'wiggle']) {
      for (let k = 0; k < perLabelPerPerson; k++) {
        const amp = 1 + 0.3 * (rnd() - 0.5) + 0.1 * person;
        const values = Array.from({ length: 50 }, (_, i) => {
          const t = i / 49;
          const base = label === 'rise' ? t : label === 'fall' ? 1 - t : 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
          return [amp * base + 0.1 * (rnd() - 0.5), amp * (1 - base) + 0.1 * (rnd() - 0.5)];
        });
        await w.add({ label, person, seed: k, intervalMs: 10, axes: ['ax', 'ay'], units: ['m/s2', 'm/s2'], values });
      }
    }
  }
}
