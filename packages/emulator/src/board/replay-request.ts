import type { SimReplayRequest, TruthSegment } from '@tinyspark/protocol';
import { MAX_REPLAY_LOOPS } from '@tinyspark/protocol';
import { EmulatorError } from '../errors.js';
import type { TimelineSegment } from '../timeline.js';
import { importRecording } from '../replay/import-recording.js';
import type { ReplayRecording } from '../replay/import-recording.js';
import { ReplayMotion } from './replay-motion.js';

/** What `Board.replay` takes: the `sim.replay` request without its type and id. */
export type ReplayRequest = Omit<SimReplayRequest, 'type' | 'id'>;

/** A validated `sim.replay`: the motion to put on the timeline and what its truth needs. */
export interface PreparedReplay {
  motion: ReplayMotion;
  label: string | null;
  loop: number;
  speed: number;
  startOffsetMs: number;
}

/**
 * Validates a `sim.replay` request and imports its recording (any format `importRecording` reads);
 * touches no board state, so a bad field changes nothing. Errors name the field; fields inside the
 * recording are `recording.<path>`.
 */
export function prepareReplay(request: ReplayRequest): PreparedReplay {
  const loop = request.loop ?? 1;
  const speed = request.speed ?? 1;
  const startOffsetMs = request.startOffsetMs ?? 0;
  const noise = request.noise ?? false;
  if (!(Number.isInteger(loop) && loop >= 1 && loop <= MAX_REPLAY_LOOPS)) throw replayOption('loop', `must be an integer in 1..${MAX_REPLAY_LOOPS}, got ${String(loop)}`);
  if (!(Number.isFinite(speed) && speed >= 0.1 && speed <= 10)) throw replayOption('speed', `must be in [0.1, 10], got ${String(speed)}`);
  let rec: ReplayRecording;
  try {
    rec = importRecording(request.recording, definedFields({
      format: request.format,
      index: request.index,
      rateHz: request.rateHz,
      units: request.units,
      axisMap: request.axisMap,
      sensors: request.sensors,
    }));
  } catch (e) {
    throw e instanceof EmulatorError ? inRecording(e) : e;
  }
  const label = request.label === undefined ? rec.label : request.label;
  if (label !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(label)) {
    throw replayOption(request.label === undefined ? 'recording.label' : 'label', `${JSON.stringify(label)} is not a usable label (1..64 of A-Z a-z 0-9 _ -): give label`);
  }
  if (!(Number.isFinite(startOffsetMs) && startOffsetMs >= 0 && startOffsetMs < rec.durationMs)) {
    throw replayOption('startOffsetMs', `must be in [0, ${rec.durationMs}) ms (the recording's length), got ${String(startOffsetMs)}`);
  }
  const motion = new ReplayMotion(rec, { loop, speed, startOffsetMs, noise });
  return { motion, label, loop, speed, startOffsetMs };
}

/**
 * The timeline segment of a prepared replay starting at board time `startMs`, and one truth
 * segment per pass carrying the recording's label (gesture `replay`).
 */
export function scheduleReplay(p: PreparedReplay, startMs: number): { segment: TimelineSegment; truth: TruthSegment[]; endMs: number } {
  const { motion, label, loop, speed, startOffsetMs } = p;
  const endMs = startMs + motion.durationS * 1000;
  const truth: TruthSegment[] = [];
  for (let pass = 0; pass < loop; pass++) {
    const a = pass === 0 ? startMs : startMs + ((pass * motion.passS * 1000 - startOffsetMs) / speed);
    const b = pass === loop - 1 ? endMs : startMs + (((pass + 1) * motion.passS * 1000 - startOffsetMs) / speed);
    truth.push({ label, gesture: 'replay', startMs: a, endMs: b, person: 0, seed: 0 });
  }
  return { segment: { startMs, endMs, motion, originMs: startMs }, truth, endMs };
}

/** Fields of `sim.replay` itself (not inside the recording). */
const REPLAY_FIELDS = new Set(['format', 'index', 'label', 'rateHz', 'units', 'axisMap', 'sensors', 'loop', 'startOffsetMs', 'speed', 'noise']);

function inRecording(e: EmulatorError): EmulatorError {
  const f = e.field;
  if (f === undefined || REPLAY_FIELDS.has(f.split(/[.[]/)[0]!)) return e;
  return new EmulatorError(e.code, e.detail, { field: f === '(recording)' ? 'recording' : `recording.${f}`, cause: e.cause, ...(e.supported !== undefined ? { supported: e.supported } : {}) });
}

function replayOption(field: string, text: string): EmulatorError {
  return new EmulatorError('EMU_ERR_INVALID_OPTION', text, { field });
}

function definedFields<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out as T;
}
