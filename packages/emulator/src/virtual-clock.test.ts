import { describe, expect, it } from 'vitest';
import { realTimers } from '@tinyspark/protocol';
import type { Timers } from '@tinyspark/protocol';
import type { Clock } from './clock.js';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('fires timers in due order, ties in the order they were set, with now() at the due time', () => {
    const c = new VirtualClock();
    const log: string[] = [];
    c.setTimeout(() => log.push(`b@${c.now()}`), 20);
    c.setTimeout(() => log.push(`a@${c.now()}`), 10);
    c.setTimeout(() => log.push(`c@${c.now()}`), 20);
    c.advance(15);
    expect(log).toEqual(['a@10']);
    expect(c.now()).toBe(15);
    c.advance(5);
    expect(log).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('fires timers set by callbacks inside the advanced span, and cancels cleared ones', () => {
    const c = new VirtualClock();
    const log: number[] = [];
    const tick = (): void => {
      log.push(c.now());
      if (log.length < 5) c.setTimeout(tick, 100);
    };
    c.setTimeout(tick, 100);
    const h = c.setTimeout(() => log.push(-1), 250);
    c.clearTimeout(h);
    c.advance(1000);
    expect(log).toEqual([100, 200, 300, 400, 500]);
    expect(c.pending()).toBe(0);
  });

  it('rejects negative advances', () => {
    expect(() => new VirtualClock().advance(-1)).toThrow(RangeError);
  });
});

describe('one clock interface for the board and the protocol client', () => {
  it('a VirtualClock is the protocol Timers, and the protocol realTimers is an emulator Clock', () => {
    const timers: Timers = new VirtualClock(5);
    const clock: Clock = realTimers;
    const fired: number[] = [];
    const h = timers.setTimeout(() => fired.push(timers.now()), 10);
    timers.setTimeout(() => fired.push(-1), 5);
    timers.clearTimeout(h);
    timers.clearTimeout('not a handle'); // foreign handles are ignored, never thrown on
    (timers as VirtualClock).advance(20);
    expect(fired).toEqual([-1]);
    expect(typeof clock.now()).toBe('number');
  });
});
