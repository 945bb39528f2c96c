import fc from 'fast-check';
import { prop } from '../../test/support/property.js';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RECONNECT, resolveReconnectOptions } from './backoff.js';

const fixed = (value: number) => ({ next: () => value });

describe('backoffDelay', () => {
  it('doubles from 250 ms up to the 10 s cap without jitter', () => {
    const options = resolveReconnectOptions({ jitter: 0 });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 30].map((n) => backoffDelay(n, options, fixed(0.9)))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it('removes up to half of the delay with the default jitter', () => {
    expect(backoffDelay(2, DEFAULT_RECONNECT, fixed(0))).toBe(1000);
    expect(backoffDelay(2, DEFAULT_RECONNECT, fixed(0.5))).toBe(750);
    expect(backoffDelay(2, DEFAULT_RECONNECT, fixed(0.999))).toBeCloseTo(500.5, 9);
  });

  prop([fc.nat({ max: 64 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'stays within [(1 - jitter) * base, base] with base = min(max, initial * factor^n)',
    (attempt, r, jitter) => {
      const options = resolveReconnectOptions({ jitter });
      const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** attempt);
      const delay = backoffDelay(attempt, options, fixed(r));
      expect(delay).toBeLessThanOrEqual(base);
      expect(delay).toBeGreaterThanOrEqual(base * (1 - jitter) - 1e-9);
    },
  );

  it('validates options, naming the bad one', () => {
    expect(() => resolveReconnectOptions({ jitter: 1.5 })).toThrow('"reconnect.jitter"');
    expect(() => resolveReconnectOptions({ factor: 0.5 })).toThrow('"reconnect.factor"');
    expect(() => resolveReconnectOptions({ initialDelayMs: 20_000 })).toThrow('"reconnect.maxDelayMs"');
    expect(() => resolveReconnectOptions({ maxAttempts: 0 })).toThrow('"reconnect.maxAttempts"');
    expect(() => resolveReconnectOptions({ initialDelayMs: Number.NaN })).toThrow(RangeError);
  });
});
