import type { Recording } from '../dataset/recording.js';
import { splitByPerson, splitRandom } from '../dataset/split.js';
import type { SplitResult } from '../dataset/split.js';
import { personKey } from '../dataset/stats.js';

/**
 * Chooses the data the model does not train on: the given person(s); else, with 3 or more known
 * persons, the last one (a held-out person is the honest test); else a seeded stratified 20%.
 * `fraction` 0 means no validation at all.
 */
export function chooseValidation(recs: Recording[], opts: { holdout?: string; fraction?: number; seed: number }): SplitResult {
  if (opts.holdout !== undefined) return splitByPerson(recs, opts.holdout.split(',').map((s) => s.trim()));
  if (opts.fraction === 0) return { train: recs, test: [], description: 'no validation data' };
  const persons = [...new Set(recs.map(personKey))].filter((p) => p !== 'unknown').sort((a, b) => Number(a) - Number(b));
  if (opts.fraction === undefined && persons.length >= 3) {
    const last = persons[persons.length - 1] as string;
    return splitByPerson(recs, [last]);
  }
  return splitRandom(recs, opts.fraction ?? 0.2, opts.seed);
}
