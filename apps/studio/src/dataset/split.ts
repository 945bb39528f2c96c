import { createRng } from '@tinyspark/core';
import { StudioError } from '../errors.js';
import type { Recording } from './recording.js';
import { personKey } from './stats.js';

export interface SplitResult {
  train: Recording[];
  test: Recording[];
  /** How it was split, in words. */
  description: string;
}

/** Holds out every recording of the given persons. */
export function splitByPerson(recordings: Recording[], holdout: string[]): SplitResult {
  const known = new Set(recordings.map(personKey));
  for (const p of holdout) {
    if (!known.has(p)) {
      throw new StudioError('STUDIO_ERR_BAD_OPTION', `person ${p} has no recordings in this dataset (persons: ${[...known].join(', ')})`, { field: 'holdout' });
    }
  }
  const set = new Set(holdout);
  const test = recordings.filter((r) => set.has(personKey(r)));
  const train = recordings.filter((r) => !set.has(personKey(r)));
  return { train, test, description: `held out person(s) ${holdout.join(', ')}` };
}

/** Stratified seeded random split (core's seeded Rng, Fisher-Yates per label): the same fraction of each label goes to the test set. */
export function splitRandom(recordings: Recording[], testFraction: number, seed: number): SplitResult {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `--test-fraction must be between 0 and 1 (exclusive), got ${testFraction}`, { field: 'test-fraction' });
  }
  const rng = createRng(seed);
  const byLabel = new Map<string, Recording[]>();
  for (const r of [...recordings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  }
  const train: Recording[] = [];
  const test: Recording[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const list = byLabel.get(label) ?? [];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = list[i] as Recording;
      list[i] = list[j] as Recording;
      list[j] = t;
    }
    const nTest = Math.min(list.length - 1, Math.max(list.length > 1 ? 1 : 0, Math.round(list.length * testFraction)));
    test.push(...list.slice(0, nTest));
    train.push(...list.slice(nTest));
  }
  return { train, test, description: `random, stratified by label, ${Math.round(testFraction * 100)}% test, seed ${seed}` };
}
