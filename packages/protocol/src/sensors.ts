/** The sensors of a TinySpark board that protocol v1 knows. */
export const SENSOR_NAMES = ['accelerometer', 'gyroscope', 'proximity'] as const;

/** One of {@link SENSOR_NAMES}. */
export type SensorName = (typeof SENSOR_NAMES)[number];

/** Sensor id byte used in binary sample frames (byte 2 of the header). */
export const SENSOR_IDS: Readonly<Record<SensorName, number>> = Object.freeze({
  accelerometer: 0,
  gyroscope: 1,
  proximity: 2,
});

/** Axis names per sensor, in the order their values appear in a sample. */
export const SENSOR_AXES: Readonly<Record<SensorName, readonly string[]>> = Object.freeze({
  accelerometer: Object.freeze(['ax', 'ay', 'az']),
  gyroscope: Object.freeze(['gx', 'gy', 'gz']),
  proximity: Object.freeze(['proximity']),
});

/** SI unit (or the driver's unit for proximity) of the values of each sensor. */
export const SENSOR_UNITS = Object.freeze({
  accelerometer: 'm/s^2',
  gyroscope: 'rad/s',
  proximity: 'counts/8',
} as const);

/** Unit of a sensor's values: `m/s^2`, `rad/s`, or `counts/8` (APDS-9930 raw counts divided by the gain 8). */
export type SensorUnit = (typeof SENSOR_UNITS)[SensorName];

/** Unit of a sensor's full-scale `range`: g for the accelerometer, dps for the gyroscope, counts/8 for proximity. */
export const SENSOR_RANGE_UNITS = Object.freeze({
  accelerometer: 'g',
  gyroscope: 'dps',
  proximity: 'counts/8',
} as const);

/** Unit of a sensor's `range` / `rangeOptions`. */
export type SensorRangeUnit = (typeof SENSOR_RANGE_UNITS)[SensorName];

/** Sensor groups a recording or a model input can cover. `imu` = accelerometer + gyroscope. */
export const SENSOR_GROUPS = ['imu', 'proximity'] as const;

/** One of {@link SENSOR_GROUPS}. */
export type SensorGroup = (typeof SENSOR_GROUPS)[number];

/** The sensor name for a binary-frame sensor id, or undefined for an unknown id. */
export function sensorNameFromId(id: number): SensorName | undefined {
  return SENSOR_NAMES.find((name) => SENSOR_IDS[name] === id);
}
