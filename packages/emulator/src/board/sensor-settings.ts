import type { SensorDescriptor, SensorName } from '@tinyspark/protocol';
import { EmulatorError } from '../errors.js';
import { PROXIMITY_LSB, PROXIMITY_RATE_HZ } from '../sensors/apds9930.js';
import type { BoardSensors } from '../sensors/board-sensors.js';
import { ACCEL_RANGES_G, ACCEL_RATES_HZ, GYRO_RANGES_DPS, GYRO_RATES_HZ, unsupportedRate } from '../sensors/lsm6ds3trc.js';
import type { ImuPartConfig } from '../sensors/lsm6ds3trc.js';

/** One sensor's part of a `configure` request. */
export type SensorSettingsRequest = { range?: number; rateHz?: number };

/** A `configure` request's sensor settings. */
export interface ConfigureRequest {
  accelerometer?: SensorSettingsRequest;
  gyroscope?: SensorSettingsRequest;
  proximity?: SensorSettingsRequest;
}

/** What `hello` and `configure` report about a board's sensors (their current settings and options). */
export function sensorDescriptors(sensors: BoardSensors): SensorDescriptor[] {
  const a = sensors.accelerometer;
  const g = sensors.gyroscope;
  return [
    { name: 'accelerometer', axes: ['ax', 'ay', 'az'], unit: 'm/s^2', rangeUnit: 'g', rangeOptions: [...ACCEL_RANGES_G], range: a.config.range, rateOptionsHz: [...ACCEL_RATES_HZ], rateHz: a.config.rateHz, lsb: a.lsb },
    { name: 'gyroscope', axes: ['gx', 'gy', 'gz'], unit: 'rad/s', rangeUnit: 'dps', rangeOptions: [...GYRO_RANGES_DPS], range: g.config.range, rateOptionsHz: [...GYRO_RATES_HZ], rateHz: g.config.rateHz, lsb: g.lsb },
    { name: 'proximity', axes: ['proximity'], unit: 'counts/8', rangeUnit: 'counts/8', rangeOptions: [127.875], range: 127.875, rateOptionsHz: [PROXIMITY_RATE_HZ], rateHz: PROXIMITY_RATE_HZ, lsb: PROXIMITY_LSB },
  ];
}

/**
 * The IMU settings a `configure` request asks for, merged over the current ones and validated as a
 * whole (the proximity sensor's fixed rate and range included) before anything changes: a bad
 * field throws a typed error naming it and changes nothing.
 */
export function resolveSensorSettings(sensors: BoardSensors, req: ConfigureRequest): { accelerometer: ImuPartConfig; gyroscope: ImuPartConfig } {
  const next = {
    accelerometer: { ...sensors.accelerometer.config, ...defined(req.accelerometer) },
    gyroscope: { ...sensors.gyroscope.config, ...defined(req.gyroscope) },
  };
  const check = (c: { rateHz: number; range: number }, name: SensorName): void => {
    const rates = name === 'accelerometer' ? ACCEL_RATES_HZ : GYRO_RATES_HZ;
    if (!rates.includes(c.rateHz)) throw unsupportedRate(`${name}.rateHz`, c.rateHz, rates, `LSM6DS3TR-C ${name}`);
    const ranges = name === 'accelerometer' ? ACCEL_RANGES_G : GYRO_RANGES_DPS;
    if (!ranges.includes(c.range)) {
      throw new EmulatorError('EMU_ERR_UNSUPPORTED_RANGE', `${c.range} is not supported; supported: ${ranges.join(', ')}`, { field: `${name}.range`, supported: [...ranges] });
    }
  };
  check(next.accelerometer, 'accelerometer');
  check(next.gyroscope, 'gyroscope');
  if (req.proximity?.rateHz !== undefined && req.proximity.rateHz !== PROXIMITY_RATE_HZ) {
    throw unsupportedRate('proximity.rateHz', req.proximity.rateHz, [PROXIMITY_RATE_HZ], 'APDS-9930 (the driver fixes the cycle at 13.778 ms)');
  }
  if (req.proximity?.range !== undefined && req.proximity.range !== 127.875) {
    throw new EmulatorError('EMU_ERR_UNSUPPORTED_RANGE', `${req.proximity.range} is not supported; supported: 127.875`, { field: 'proximity.range', supported: [127.875] });
  }
  return next;
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (o) for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
