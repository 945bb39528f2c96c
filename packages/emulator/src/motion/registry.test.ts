import { describe, expect, it } from 'vitest';
import { perform } from '../perform.js';
import { minJerk } from './profiles.js';
import { gestureNames, isGestureName, registerGesture } from './registry.js';
import { rotInto, setP } from './shape.js';
import type { GestureDefinition } from './shape.js';

const nod: GestureDefinition = {
  kind: 'handheld',
  description: 'a test gesture: the board moves 10 cm up',
  shape: ({ hold, fit }) => {
    const T = fit(0.5);
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        setP(o, 0, 0, 0.1 * minJerk(tau / T));
        rotInto(o, 0, 0, hold[0], hold[1], hold[2], hold[3]);
      },
    };
  },
};

describe('gesture table', () => {
  it('performs a gesture registered at run time like a built-in one, and forgets it when removed', () => {
    expect(isGestureName('nod_test')).toBe(false);
    const remove = registerGesture('nod_test', nod);
    try {
      expect(gestureNames()).toContain('nod_test');
      const a = perform('nod_test', { person: 1, seed: 2 });
      const b = perform('nod_test', { person: 1, seed: 2 });
      expect(Array.from(a.accelerometer.raw)).toEqual(Array.from(b.accelerometer.raw));
      const z = Array.from({ length: a.accelerometer.count }, (_, k) => a.accelerometer.raw[3 * k + 2]! * a.accelerometer.scale);
      expect(Math.max(...z) - Math.min(...z)).toBeGreaterThan(1);
      expect(a.gestureMs).toBeCloseTo(500, 6);
    } finally {
      remove();
    }
    expect(isGestureName('nod_test')).toBe(false);
    expect(() => perform('nod_test')).toThrowError(expect.objectContaining({ code: 'EMU_ERR_UNKNOWN_GESTURE' }));
  });

  it('refuses built-in names, bad identifiers and silent replacement', () => {
    expect(() => registerGesture('shake', nod)).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: 'name' }));
    expect(() => registerGesture('../x', nod)).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: 'name' }));
    const remove = registerGesture('nod_twice', nod);
    try {
      expect(() => registerGesture('nod_twice', nod)).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION' }));
      registerGesture('nod_twice', { ...nod }, { replace: true })();
    } finally {
      remove();
    }
  });
});
