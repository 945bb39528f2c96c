import fc from 'fast-check';
import { prop } from '../../test/support/property.js';
import { describe, expect, it } from 'vitest';
import { GapDetector } from './gap-detector.js';

describe('GapDetector', () => {
  it('reports samples missing between frames of one sensor only', () => {
    const gaps = new GapDetector();
    expect(gaps.check({ sensor: 'accelerometer', seq: 100, count: 10 })).toBeUndefined();
    expect(gaps.check({ sensor: 'gyroscope', seq: 7, count: 10 })).toBeUndefined();
    expect(gaps.check({ sensor: 'accelerometer', seq: 110, count: 10 })).toBeUndefined();
    expect(gaps.check({ sensor: 'accelerometer', seq: 125, count: 10 })).toEqual({ sensor: 'accelerometer', expectedSeq: 120, seq: 125, missing: 5 });
    expect(gaps.check({ sensor: 'gyroscope', seq: 17, count: 1 })).toBeUndefined();
  });

  it('follows the uint32 wrap-around', () => {
    const gaps = new GapDetector();
    gaps.check({ sensor: 'proximity', seq: 0xffff_fffe, count: 4 });
    expect(gaps.check({ sensor: 'proximity', seq: 2, count: 1 })).toBeUndefined();
    gaps.check({ sensor: 'proximity', seq: 0xffff_ffff, count: 1 });
    expect(gaps.check({ sensor: 'proximity', seq: 3, count: 1 })).toMatchObject({ expectedSeq: 0, missing: 3 });
  });

  it('resynchronises without a gap when the sequence goes backwards or after reset', () => {
    const gaps = new GapDetector();
    gaps.check({ sensor: 'proximity', seq: 500, count: 5 });
    expect(gaps.check({ sensor: 'proximity', seq: 0, count: 5 })).toBeUndefined();
    expect(gaps.check({ sensor: 'proximity', seq: 5, count: 5 })).toBeUndefined();
    gaps.reset('proximity');
    expect(gaps.check({ sensor: 'proximity', seq: 900, count: 5 })).toBeUndefined();
    gaps.reset();
    expect(gaps.check({ sensor: 'proximity', seq: 0, count: 5 })).toBeUndefined();
  });

  prop([fc.integer({ min: 0, max: 0xffff_ffff }), fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 30 })])(
    'the reported missing counts add up to exactly the samples dropped',
    (start, frames) => {
      const gaps = new GapDetector();
      let seq = start;
      let dropped = 0;
      let reported = 0;
      for (const [count, skip] of frames) {
        seq = (seq + skip) % 2 ** 32;
        dropped += skip;
        reported += gaps.check({ sensor: 'accelerometer', seq, count })?.missing ?? 0;
        seq = (seq + count) % 2 ** 32;
      }
      const firstSkip = frames[0]?.[1] ?? 0; // before the first frame nothing is expected yet
      expect(reported).toBe(dropped - firstSkip);
    },
  );
});
