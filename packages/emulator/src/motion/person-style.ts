import { createRng, hashString, mixSeeds } from '../rng.js';

/**
 * How one person moves: derived only from the person id, so a person is the same in every
 * recording and different people differ consistently (bigger or smaller, faster or slower,
 * holding the board differently, shakier, turning circles one way or the other).
 */
export interface PersonStyle {
  readonly person: number;
  /** Overall amplitude multiplier (log-normal around 1, sigma 0.15). */
  readonly amplitude: number;
  /** Overall duration multiplier (log-normal around 1, sigma 0.12): > 1 is slower. */
  readonly tempo: number;
  /** How the board sits in the hand (rad): roll, pitch, yaw offsets from flat, top edge forward. */
  readonly holdRoll: number;
  readonly holdPitch: number;
  readonly holdYaw: number;
  /** Physiological tremor amplitude multiplier (0.5..1.8). */
  readonly tremor: number;
  /** Slow postural sway amplitude multiplier (0.6..1.6). */
  readonly sway: number;
  /** +1 counter-clockwise circles (seen by the person), -1 clockwise. */
  readonly circleDirection: 1 | -1;
  /** Preferred tilt side: +1 roll left, -1 roll right. */
  readonly tiltDirection: 1 | -1;
  /** Wrist twist during a punch (rad). */
  readonly punchTwist: number;
  /** Hand reflectance seen by the proximity sensor (0.3..0.6). */
  readonly reflectance: number;
  /**
   * Per-gesture idiosyncrasy: amplitude and tempo multipliers for this person and gesture, and
   * `habit`: four standard normal deviates of this person and gesture that calibrated gestures turn
   * into personal habits (how far the arm sweeps, how much the wrist turns, ...).
   */
  gestureBias(gesture: string): { amplitude: number; tempo: number; habit: readonly [number, number, number, number] };
}

const DEG = Math.PI / 180;

export function personStyle(person: number): PersonStyle {
  if (!Number.isInteger(person) || person < 0) throw new RangeError(`person must be an integer >= 0, got ${person}`);
  const rng = createRng(mixSeeds(person, 0x7e750a11));
  const amplitude = Math.exp(0.15 * rng.normal());
  const tempo = Math.exp(0.12 * rng.normal());
  const holdRoll = 8 * DEG * rng.normal();
  const holdPitch = 8 * DEG * rng.normal();
  const holdYaw = 15 * DEG * rng.normal();
  const tremor = rng.uniform(0.5, 1.8);
  const sway = rng.uniform(0.6, 1.6);
  const circleDirection: 1 | -1 = rng.next() < 0.6 ? 1 : -1;
  const tiltDirection: 1 | -1 = rng.next() < 0.5 ? 1 : -1;
  const punchTwist = rng.uniform(0, 50) * DEG * (rng.next() < 0.5 ? 1 : -1);
  const reflectance = rng.uniform(0.3, 0.6);
  return {
    person,
    amplitude,
    tempo,
    holdRoll,
    holdPitch,
    holdYaw,
    tremor,
    sway,
    circleDirection,
    tiltDirection,
    punchTwist,
    reflectance,
    gestureBias(gesture: string) {
      const g = createRng(mixSeeds(mixSeeds(person, 0x51ab1e), hashString(gesture)));
      const amplitude = Math.exp(0.12 * g.normal());
      const tempo = Math.exp(0.1 * g.normal());
      return { amplitude, tempo, habit: [g.normal(), g.normal(), g.normal(), g.normal()] as const };
    },
  };
}
