import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('delivers pushed values in order, to waiting and later readers, and ends', async () => {
    const queue = new EventQueue<number>(10);
    const first = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    queue.end();
    const rest: number[] = [];
    for await (const value of queue) rest.push(value);
    expect(rest).toEqual([2, 3]);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps at most maxBuffered values, dropping the oldest and counting them', async () => {
    const queue = new EventQueue<number>(2);
    for (let i = 0; i < 5; i++) queue.push(i);
    queue.end();
    expect(queue.dropped).toBe(3);
    const values: number[] = [];
    for await (const value of queue) values.push(value);
    expect(values).toEqual([3, 4]);
  });

  it('calls onEnd once when a for-await loop breaks', async () => {
    let ended = 0;
    const queue = new EventQueue<number>(5, () => ended++);
    queue.push(1);
    queue.push(2);
    for await (const value of queue) if (value === 1) break;
    queue.end();
    expect(ended).toBe(1);
  });
});
