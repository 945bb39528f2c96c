import { EmulatorError } from '../errors.js';
import { STANDARD_GRAVITY } from '../sensors/lsm6ds3trc.js';

/** The sensors a recording may hold for a board to replay. */
export type ReplaySensor = 'accelerometer' | 'gyroscope' | 'proximity';
export const REPLAY_SENSORS: readonly ReplaySensor[] = ['accelerometer', 'gyroscope', 'proximity'];

/**
 * Units each sensor's values may come in. The board's own units are the first of each list's SI
 * members: m/s2 (specific force, gravity included), rad/s, counts/8 (the driver's PDATA / 8).
 */
export const REPLAY_UNITS: Readonly<Record<ReplaySensor, readonly string[]>> = {
  accelerometer: ['g', 'mg', 'm/s2', 'm/s^2'],
  gyroscope: ['dps', 'deg/s', 'mdps', 'rad/s'],
  proximity: ['counts/8', 'counts'],
};

/** The board's unit of each sensor. */
export const BOARD_UNITS: Readonly<Record<ReplaySensor, string>> = { accelerometer: 'm/s2', gyroscope: 'rad/s', proximity: 'counts/8' };

/**
 * Factor from `unit` to the board's unit of `sensor` (1 g = 9.80665 m/s2, 1 dps = pi/180 rad/s,
 * 1 raw count = 1/8 counts/8). Throws EMU_ERR_UNKNOWN_UNIT naming `field` for anything else.
 */
export function unitFactor(sensor: ReplaySensor, unit: string, field = 'units'): number {
  const u = unit.trim().toLowerCase().replace('²', '2').replace('°/s', 'deg/s');
  if (sensor === 'accelerometer') {
    if (u === 'g') return STANDARD_GRAVITY;
    if (u === 'mg') return STANDARD_GRAVITY / 1000;
    if (u === 'm/s2' || u === 'm/s^2' || u === 'ms2') return 1;
  } else if (sensor === 'gyroscope') {
    if (u === 'dps' || u === 'deg/s') return Math.PI / 180;
    if (u === 'mdps') return Math.PI / 180 / 1000;
    if (u === 'rad/s') return 1;
  } else {
    if (u === 'counts/8') return 1;
    if (u === 'counts') return 1 / 8;
  }
  throw new EmulatorError('EMU_ERR_UNKNOWN_UNIT', `${JSON.stringify(unit)} is not a unit of the ${sensor}; known: ${REPLAY_UNITS[sensor].join(', ')}`, {
    field,
    supported: [...REPLAY_UNITS[sensor]],
  });
}

/** Converts values from one unit to another (both units of `sensor`); a new array. */
export function convertUnits(values: ArrayLike<number>, sensor: ReplaySensor, from: string, to: string = BOARD_UNITS[sensor], field = 'units'): Float64Array {
  const f = unitFactor(sensor, from, field) / unitFactor(sensor, to, field);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * f;
  return out;
}

/** Short names accepted for a sensor subset: `accel`, `gyro`, `prox` and the full names. */
export function parseSensorList(text: string | readonly string[], field = 'sensors'): ReplaySensor[] {
  const parts = typeof text === 'string' ? text.split(',') : [...text];
  const out: ReplaySensor[] = [];
  for (const raw of parts) {
    const p = raw.trim().toLowerCase();
    const s: ReplaySensor | undefined =
      p === 'accel' || p === 'acc' || p === 'accelerometer' ? 'accelerometer' : p === 'gyro' || p === 'gyr' || p === 'gyroscope' ? 'gyroscope' : p === 'prox' || p === 'proximity' ? 'proximity' : undefined;
    if (s === undefined) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `${JSON.stringify(raw)} is not a sensor; use accel, gyro or prox (comma-separated)`, { field, supported: ['accel', 'gyro', 'prox'] });
    }
    if (!out.includes(s)) out.push(s);
  }
  if (out.length === 0) throw new EmulatorError('EMU_ERR_INVALID_OPTION', 'names no sensor; use accel, gyro or prox', { field });
  return out;
}
