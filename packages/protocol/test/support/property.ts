// `prop(arbitraries, params)(name, predicate)`: a vitest test running a fast-check property
// (tests only; excluded from the build). Plain fast-check imports in ~60 ms, @fast-check/vitest in seconds.
import fc from 'fast-check';
import { it } from 'vitest';

/** Fixed seed: every run explores the same cases (pass `{ seed }` in params to explore others). */
export const PROPERTY_SEED = 20_261_127;

type Arbitraries<Ts extends unknown[]> = { [K in keyof Ts]: fc.Arbitrary<Ts[K]> };

export function prop<Ts extends [unknown, ...unknown[]]>(
  arbitraries: Arbitraries<Ts>,
  params: fc.Parameters<Ts> = {},
): (name: string, predicate: (...args: Ts) => void) => void {
  return (name, predicate) =>
    it(name, () => {
      const property = (fc.property as unknown as (...args: unknown[]) => fc.IProperty<Ts>)(...arbitraries, predicate);
      fc.assert(property, { seed: PROPERTY_SEED, ...params });
    });
}
