import { ObjectReader, type ReadContext } from './field-reader.js';
import type { TruthSegment } from './messages.js';

/** Largest seed value (seeds are uint32). */
export const MAX_SEED = 0xffff_ffff;

/** Validates one ground-truth segment found at `path`. */
export function readTruthSegment(ctx: ReadContext, path: string, value: unknown): TruthSegment {
  const r = ObjectReader.of(ctx, path, value);
  const label = r.raw('label') === null ? null : r.ident('label');
  const startMs = r.num('startMs', { min: 0 });
  return {
    label,
    gesture: r.ident('gesture'),
    startMs,
    endMs: r.num('endMs', { min: startMs }),
    person: r.num('person', { integer: true, min: 0 }),
    seed: r.num('seed', { integer: true, min: 0, max: MAX_SEED }),
  };
}
