import { describe, expect, it } from 'vitest';
import { quatFromEuler, slerp, slerpInto } from './quaternion.js';
import type { Quat } from './quaternion.js';
import { createRng } from './rng.js';

describe('slerpInto', () => {
  it('gives what slerp gives (opposite hemispheres and nearly equal quaternions included)', () => {
    const r = createRng(2);
    const out = new Float64Array(5);
    for (let i = 0; i < 200; i++) {
      const a = quatFromEuler(r.uniform(-3, 3), r.uniform(-1.5, 1.5), r.uniform(-3, 3));
      const near = i % 3 === 0;
      const b0 = near ? quatFromEuler(1e-3, 0, 0) : quatFromEuler(r.uniform(-3, 3), r.uniform(-1.5, 1.5), r.uniform(-3, 3));
      const b: Quat = i % 2 === 0 ? [-b0[0], -b0[1], -b0[2], -b0[3]] : b0;
      const u = r.next();
      const want = slerp(a, near ? a.map((x, k) => x + 1e-5 * k) as Quat : b, u);
      slerpInto(a, near ? a.map((x, k) => x + 1e-5 * k) as Quat : b, u, out, 1);
      for (let k = 0; k < 4; k++) expect(Math.abs(out[1 + k]! - want[k]!)).toBeLessThan(1e-12);
    }
  });
});
