import { afterEach, describe, expect, it, vi } from 'vitest';
import { RealClock } from './real-clock.js';

describe('RealClock.every (fake timers: no wall-clock time passes)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls every period from one timer until cleared; a throwing call goes to onError and the calls go on', () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const clock = new RealClock((e) => errors.push(e));
    let calls = 0;
    const h = clock.every(() => {
      calls++;
      if (calls === 2) throw new Error('tick failed');
    }, 20);
    vi.advanceTimersByTime(19);
    expect(calls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(60);
    expect(calls).toBe(4);
    expect(errors.map((e) => (e as Error).message)).toEqual(['tick failed']);
    clock.clearTimeout(h);
    vi.advanceTimersByTime(100);
    expect(calls).toBe(4);
    clock.every(() => calls++, 20);
    clock.clearAll();
    vi.advanceTimersByTime(100);
    expect(calls).toBe(4);
  });
});
