export { startEmulator, boardSeed, DEFAULT_EMULATOR_LIMITS } from './server.js';
export type { StartEmulatorOptions, RunningEmulator, EmulatorLimits } from './server.js';
export { Board, BOARD_MODEL, FIRMWARE, MAX_FRAME_SAMPLES, NEOPIXEL_COUNT, BUTTON_RECORD_DELAY_MS, DEFAULT_BOARD_LIMITS, classColour } from './board.js';
export type { BoardOptions, BoardListener, BoardLimitsConfig } from './board.js';
export type { Clock, TimerHandle } from './clock.js';
export { VirtualClock } from './virtual-clock.js';
export { RealClock } from './real-clock.js';
export { createRng, hashString, mixSeeds } from './rng.js';
export type { Rng } from './rng.js';
export { EmulatorError } from './errors.js';
export type { EmulatorErrorCode } from './errors.js';
export { EMU_TO_WIRE, toWireError } from './wire-error.js';
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
export { GESTURES, PROXIMITY_GESTURES, isGestureName, createGestureMotion } from './gestures.js';
export type { GestureName, GestureParams, GestureMotion } from './gestures.js';
export { personStyle } from './person-style.js';
export type { PersonStyle } from './person-style.js';
export { perform, sampleCount, trackValues, imuRecording } from './perform.js';
export type { PerformOptions, GestureRecording, SensorTrack, SensorRecordingLike } from './perform.js';
export { motionTruthAt, sampleMotion } from './motion.js';
export type { Motion } from './motion.js';
export { planScenario, generateScenarioSteps } from './scenario.js';
export type { ScenarioStepSpec, ScenarioGenerateSpec, TruthSegmentLike } from './scenario.js';
export { parseCliArgs, CLI_USAGE } from './cli-args.js';
