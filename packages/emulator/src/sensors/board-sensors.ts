import { Apds9930 } from './apds9930.js';
import { drawImuBias, Lsm6ds3trcPart } from './lsm6ds3trc.js';
import type { ImuPartConfig } from './lsm6ds3trc.js';
import type { Rng } from '../rng.js';
import { createRng } from '../rng.js';

/** The sensors of one board: per-board bias and baseline drawn from the board seed. */
export interface BoardSensors {
  readonly accelerometer: Lsm6ds3trcPart;
  readonly gyroscope: Lsm6ds3trcPart;
  readonly proximity: Apds9930;
}

export interface BoardSensorOptions {
  accelerometer?: ImuPartConfig;
  gyroscope?: ImuPartConfig;
  /** Generator for the sensor noise (default: derived from the board seed). */
  noiseRng?: Rng;
}

/**
 * Creates a board's sensors. Per-board constants (IMU bias, proximity baseline 0..1 counts) come
 * from `boardSeed` only, so the same board is the same part every time it boots.
 */
export function createBoardSensors(boardSeed: number, options: BoardSensorOptions = {}): BoardSensors {
  const parts = createRng(boardSeed).fork('board-parts');
  const noise = options.noiseRng ?? createRng(boardSeed).fork('sensor-noise');
  const accelerometer = new Lsm6ds3trcPart('accelerometer', noise.fork('accelerometer'), drawImuBias('accelerometer', parts.fork('accel-bias')), options.accelerometer);
  const gyroscope = new Lsm6ds3trcPart('gyroscope', noise.fork('gyroscope'), drawImuBias('gyroscope', parts.fork('gyro-bias')), options.gyroscope);
  // no-object baseline (crosstalk) 0..1 raw counts: with the noise clipped at 0 a far hand reads
  // exactly 0 about half of the time, as the course's recordings do (docs/decisions/0009)
  const proximity = new Apds9930(noise.fork('proximity'), Math.round(parts.fork('prox-baseline').uniform(0, 1)));
  return { accelerometer, gyroscope, proximity };
}
