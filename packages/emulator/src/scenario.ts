import { EmulatorError } from './errors.js';
import { createGestureMotion } from './motion/gesture-motion.js';
import type { GestureMotion } from './motion/gesture-motion.js';
import { assertGestureName } from './motion/registry.js';
import type { GestureName } from './motion/registry.js';
import type { GestureParams } from './motion/shape.js';
import { personStyle } from './motion/person-style.js';
import { createRng, hashString, mixSeeds } from './rng.js';
import type { TimelineSegment } from './timeline.js';
import { REST_MOTION } from './timeline.js';
import { createTransitionMotion, poseOf } from './motion/transition-motion.js';
import type { PoseSnapshot } from './motion/transition-motion.js';

/** Ground truth: what the simulated person did between two board times (ms). */
export interface TruthSegmentLike {
  label: string | null;
  gesture: string;
  startMs: number;
  endMs: number;
  person: number;
  seed: number;
}

export interface ScenarioStepSpec {
  /** Offset from the scenario start, ms (non-decreasing). */
  atMs: number;
  gesture: string;
  /** Ground-truth label (default: the gesture; null: unlabelled). */
  label?: string | null;
  person?: number;
  seed?: number;
  params?: GestureParams & { readonly [key: string]: number | undefined };
}

export interface ScenarioGenerateSpec {
  count: number;
  gestures: readonly string[];
  person?: number;
  seed: number;
  /** Unlabelled motion between gestures, ms [min, max]. Default [300, 1200]. */
  gapMs?: readonly [number, number];
}

export interface PlannedScenario {
  readonly segments: TimelineSegment[];
  readonly truth: TruthSegmentLike[];
  /** Board time when the last step's window ends (ms). */
  readonly endMs: number;
}

/** Length of the window a gesture is placed in (ms): 1 s, or longer for a long explicit duration. */
export function gestureWindowMs(params: GestureParams | undefined): number {
  const d = params?.durationMs;
  return d !== undefined && d > 900 ? d + 200 : 1000;
}

/** Derives a step seed from the scenario seed and the step index. */
export function stepSeed(seed: number, index: number): number {
  return mixSeeds(seed >>> 0, index + 1);
}

/** Builds the motion of one gesture in a window starting at board time `startMs`. */
export function planGesture(
  gesture: GestureName,
  person: number,
  seed: number,
  startMs: number,
  params: GestureParams | undefined,
  label: string | null | undefined,
): { segment: TimelineSegment; truth: TruthSegmentLike; motion: GestureMotion } {
  const windowMs = gestureWindowMs(params);
  const rng = createRng(mixSeeds(mixSeeds(seed >>> 0, person >>> 0), hashString(gesture)), 1);
  const motion = createGestureMotion(gesture, personStyle(person), rng, { windowS: windowMs / 1000, ...(params ? { params } : {}) });
  const segment: TimelineSegment = { startMs, endMs: startMs + windowMs, motion, originMs: startMs };
  const whole = gesture === 'rest' || gesture === 'idle';
  const truth: TruthSegmentLike = {
    label: label === undefined ? gesture : label,
    gesture,
    startMs: whole ? startMs : startMs + motion.onsetS * 1000,
    endMs: whole ? startMs + windowMs : startMs + (motion.onsetS + Math.max(motion.gestureS, 0.001)) * 1000,
    person,
    seed: seed >>> 0,
  };
  return { segment, truth, motion };
}

/**
 * Where a step's window opens: `at` (its motion covers its start instant) or `after` (a sample at
 * the exact start instant shows what came before, as for a sim.perform sent at that instant).
 */
export type WindowStart = 'at' | 'after';

/**
 * How far after its start instant an `after` window opens, ms: 1 ns, far more than the 1e-9 of a
 * sample interval by which a clock advance to that instant counts a sample as due, and far less than
 * any sample interval; at least a few ulps of the board time, so it stays > 0 for any clock.
 */
export function openAfter(startMs: number): number {
  return startMs + Math.max(1e-6, Math.abs(startMs) * 4.5e-16);
}

/**
 * Plans a scenario starting at board time `startMs`: each step's gesture in its window and
 * unlabelled transition motion in the gaps (truth segments with label null). With `windowStart`
 * `after`, each step's motion (its t = 0 still at the step's start) takes over only just after the
 * start instant; the truth is the same as with `at`.
 */
export function planScenario(
  steps: readonly ScenarioStepSpec[],
  startMs: number,
  scenarioSeed: number,
  from: PoseSnapshot | undefined,
  windowStart: WindowStart = 'at',
): PlannedScenario {
  const segments: TimelineSegment[] = [];
  const truth: TruthSegmentLike[] = [];
  let prevEndMs = startMs;
  let prevPose: PoseSnapshot = from ?? poseOf(REST_MOTION, 0);
  let prevAt = 0;
  const planned = steps.map((step, i) => {
    if (step.atMs < prevAt) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `steps[${i}].atMs: must not decrease (${step.atMs} < ${prevAt})`, `steps[${i}].atMs`);
    prevAt = step.atMs;
    const gesture = assertGestureName(step.gesture, `steps[${i}].gesture`);
    const person = step.person ?? 0;
    const seed = step.seed ?? stepSeed(scenarioSeed, i);
    return planGesture(gesture, person, seed, startMs + step.atMs, step.params, step.label);
  });
  /** Where step i's motion takes over on the timeline (its start, or just after it). */
  const opens = planned.map((p) => (windowStart === 'after' ? openAfter(p.segment.startMs) : p.segment.startMs));
  let prevEndAt = startMs; // where the previous segment ends on the timeline
  for (let i = 0; i < planned.length; i++) {
    const p = planned[i]!;
    const seg = p.segment;
    const gapMs = seg.startMs - prevEndMs;
    if (gapMs > 0) {
      const person = steps[i]!.person ?? 0;
      const trng = createRng(mixSeeds(scenarioSeed >>> 0, 0x7a11 + i), 3);
      const toPose = poseOf(p.motion, 0);
      const motion = createTransitionMotion(prevPose, toPose, gapMs / 1000, personStyle(person), trng);
      segments.push({ startMs: prevEndAt, endMs: opens[i]!, motion, originMs: prevEndMs });
      truth.push({ label: null, gesture: 'transition', startMs: prevEndMs, endMs: seg.startMs, person, seed: p.truth.seed });
    }
    const next = planned[i + 1];
    const endMs = next !== undefined ? Math.min(seg.endMs, next.segment.startMs) : seg.endMs;
    const endAt = next !== undefined ? Math.min(seg.endMs, opens[i + 1]!) : seg.endMs;
    if (endAt > opens[i]!) segments.push({ ...seg, startMs: opens[i]!, endMs: endAt });
    if (endMs > seg.startMs) truth.push({ ...p.truth, endMs: Math.min(p.truth.endMs, endMs), startMs: Math.min(p.truth.startMs, endMs) });
    prevPose = poseOf(p.motion, (endMs - seg.startMs) / 1000);
    if (endMs >= prevEndMs) prevEndAt = Math.max(prevEndAt, endAt);
    prevEndMs = Math.max(prevEndMs, endMs);
  }
  return { segments, truth: truth.filter((t) => t.endMs > t.startMs), endMs: prevEndMs };
}

/** Draws a scenario: `count` gestures from `gestures`, unlabelled motion of gapMs between them. */
export function generateScenarioSteps(spec: ScenarioGenerateSpec): ScenarioStepSpec[] {
  if (spec.gestures.length === 0) throw new EmulatorError('EMU_ERR_INVALID_OPTION', 'generate.gestures: must not be empty', 'generate.gestures');
  spec.gestures.forEach((g, i) => assertGestureName(g, `generate.gestures[${i}]`));
  const [gmin, gmax] = spec.gapMs ?? [300, 1200];
  if (!(gmin >= 0 && gmax >= gmin)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `generate.gapMs: need 0 <= min <= max, got [${gmin}, ${gmax}]`, 'generate.gapMs');
  const rng = createRng(spec.seed, 4);
  const steps: ScenarioStepSpec[] = [];
  let at = 0;
  for (let i = 0; i < spec.count; i++) {
    at += Math.round(rng.uniform(gmin, gmax));
    const gesture = spec.gestures[rng.int(spec.gestures.length)]!;
    steps.push({ atMs: at, gesture, person: spec.person ?? 0, seed: rng.nextUint32() });
    at += gestureWindowMs(undefined);
  }
  return steps;
}
