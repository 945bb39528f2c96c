import { describe, expect, it } from 'vitest';
import { gatherRows } from './gather-rows.js';

describe('gatherRows', () => {
  it('copies the rows named by the order slice, in order', () => {
    const src = Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31]);
    const dst = new Float32Array(6).fill(-1);
    gatherRows(src, 2, Int32Array.from([3, 0, 2, 1]), 1, 2, dst);
    expect([...dst]).toEqual([0, 1, 20, 21, -1, -1]);
  });
});
