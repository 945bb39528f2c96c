import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINES, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('defaults: all workloads, default engines, 2 rounds', () => {
    const o = parseCliArgs([]);
    expect(o.workloads).toEqual(['W1', 'W2', 'W3', 'W4']);
    expect(o.engines).toEqual(DEFAULT_ENGINES);
    expect(o.rounds).toBe(2);
    expect(o.json).toBe(false);
  });

  it('tolerates a literal -- and selects workloads', () => {
    const o = parseCliArgs(['--', '--json', '--quick', '--workloads', 'w1,W3']);
    expect(o).toMatchObject({ json: true, quick: true, workloads: ['W1', 'W3'], rounds: 1 });
    expect(parseCliArgs(['--workloads=W2', '--rounds=3', '--extras', 'none'])).toMatchObject({
      workloads: ['W2'],
      rounds: 3,
      extras: [],
    });
  });

  it('rejects unknown options and values with a code naming the flag', () => {
    expect(() => parseCliArgs(['--fast'])).toThrow(/BENCH_ERR_BAD_ARGUMENT.*--fast/);
    expect(() => parseCliArgs(['--workloads', 'W9'])).toThrow(/--workloads.*W9/);
    expect(() => parseCliArgs(['--rounds', '0'])).toThrow(/--rounds/);
  });
});
