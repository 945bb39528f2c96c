// @tinyspark/emulator/sensors: the sensor models (LSM6DS3TR-C, APDS-9930) and their faults.
export {
  Lsm6ds3trcPart,
  ACCEL_RANGES_G,
  GYRO_RANGES_DPS,
  ACCEL_RATES_HZ,
  GYRO_RATES_HZ,
  ACCEL_SENSITIVITY_MG,
  GYRO_SENSITIVITY_MDPS,
  ACCEL_NOISE_DENSITY_UG,
  GYRO_NOISE_DENSITY_MDPS,
  DEFAULT_ACCEL_CONFIG,
  DEFAULT_GYRO_CONFIG,
  STANDARD_GRAVITY,
  accelLsb,
  gyroLsb,
  imuNoiseSigma,
} from './lsm6ds3trc.js';
export type { ImuPart, ImuPartConfig, SensorFaultState } from './lsm6ds3trc.js';
export { Apds9930, PROXIMITY_RATE_HZ, PROXIMITY_LSB, PROXIMITY_FULL_SCALE, PROXIMITY_CYCLE_MS, proximityValue } from './apds9930.js';
export { createBoardSensors } from './board-sensors.js';
export type { BoardSensors } from './board-sensors.js';
