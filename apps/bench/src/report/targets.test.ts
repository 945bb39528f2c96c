import { describe, expect, it } from 'vitest';
import type { ResultEntry } from './bench-report.js';
import { checkTargets } from './targets.js';
import { renderReport } from './render-table.js';

const entry = (workload: string, engine: string, samplesPerSecond: number | null, extra: Partial<ResultEntry> = {}): ResultEntry => ({
  workload,
  engine,
  samplesPerSecond,
  notes: '',
  ...extra,
});

describe('checkTargets', () => {
  it('computes each ratio from the same run and says met / missed / not measured', () => {
    const results = [
      entry('W1', 'tinyspark', 90_000),
      entry('W1', 'tfjs-wasm', 30_000),
      entry('W2', 'tinyspark', 5e6),
      entry('W2', 'tfjs-cpu', 20_000),
      entry('int8-W1', 'quantizer-runtime', 50_000),
      entry('int8-W1', 'generated-c-O2', 100_000),
      entry('emulator-realtime', 'emulator', null, { value: 500, unit: 'boards' }),
    ];
    const t = checkTargets(results);
    const byName = (s: string) => t.find((c) => c.target.startsWith(s))!;
    expect(byName('W1')).toMatchObject({ measured: 3, met: true });
    expect(byName('W2')).toMatchObject({ measured: 250, met: false });
    expect(byName('W3')).toMatchObject({ measured: null, met: null });
    expect(byName('int8')).toMatchObject({ measured: 0.5, met: true });
    expect(byName('emulator: >= 1000')).toMatchObject({ measured: 500, met: false });
  });

  it('issue 14: % of C, the scaling table (its worst cell), W4 with the allocator tuning, both emulator board counts', () => {
    const results = [
      entry('W1', 'tinyspark', 400_000),
      entry('W1', 'c-reference', 800_000),
      entry('scaling 600-256-128-10 b256', 'tinyspark', 15_000),
      entry('scaling 600-256-128-10 b256', 'tfjs-wasm', 4_000),
      entry('scaling 36-16-9 b1', 'tinyspark', 100_000),
      entry('scaling 36-16-9 b1', 'tfjs-wasm', 200_000),
      entry('W4-allocator-tuning', 'tinyspark', 900_000),
      entry('W4-allocator-tuning', 'tfjs-wasm', 300_000),
      entry('emulator-virtual', 'emulator-1-board', 4e6),
      entry('emulator-virtual', 'emulator-100-boards', 6e6),
      entry('demo', 'total', null, { value: 2.4, unit: 's' }),
    ];
    const t = checkTargets(results);
    const byName = (s: string) => t.find((c) => c.target.startsWith(s))!;
    expect(byName('#14 W1 training: tinyspark / C')).toMatchObject({ measured: 0.5, met: true });
    expect(byName('#14 600-256-128-10')).toMatchObject({ measured: 3.75, met: true });
    expect(byName('#14 every scaling row')).toMatchObject({ measured: 0.5, met: false });
    expect(byName('#14 W4 with the allocator')).toMatchObject({ measured: 3, met: true });
    expect(byName('#14 emulator: >= 5,000,000')).toMatchObject({ measured: 4e6, met: false });
    expect(byName('#14 W3')).toMatchObject({ measured: null, met: null });
    expect(byName('#14 full demo')).toMatchObject({ measured: 2.4, required: 3, met: true });
    expect(checkTargets([entry('demo', 'total', null, { value: 3, unit: 's' })]).find((c) => c.target.startsWith('#14 full demo'))).toMatchObject({ met: false });
  });
});

describe('renderReport', () => {
  it('prints one row per result with the tinyspark / engine ratio', () => {
    const text = renderReport({
      machine: {
        cpu: 'cpu',
        cores: 2,
        memoryGiB: 1,
        os: 'os',
        node: 'v20',
        v8: '11',
        gcc: 'gcc',
        tfjs: '4.22.0',
        wasmSimd: true,
        date: 'd',
        command: 'pnpm bench',
      },
      results: [entry('W1', 'tinyspark', 90_000), entry('W1', 'tfjs-wasm', 30_000, { ratioToTinyspark: 1 / 3 })],
      targets: [],
    });
    expect(text).toMatch(/\| W1 \| tinyspark \| 90\.0k \|/);
    expect(text).toMatch(/\| W1 \| tfjs-wasm \| 30\.0k \| - \| 3\.00x \|/);
  });
});
