// The package root: the server, the virtual clock and the types. Everything else is reachable by
// subpath (see the README): @tinyspark/emulator/board, /server, /sensors, /motion, /replay, /learn,
// /clock, /rng, /errors.
export { startEmulator } from './server/start-emulator.js';
export { VirtualClock } from './virtual-clock.js';
export type { StartEmulatorOptions, RunningEmulator } from './server/options.js';
export type { EmulatorLimits } from './server/limits.js';
export type { Board, BoardOptions, BoardListener } from './board/board.js';
export type { BoardLimitsConfig } from './board/limits.js';
export type { Clock, TimerHandle } from './clock.js';
export type { EmulatorError, EmulatorErrorCode, EmulatorErrorOptions } from './errors.js';
export type { Rng } from './rng.js';
export type { ImuPart, ImuPartConfig, SensorFaultState } from './sensors/lsm6ds3trc.js';
export type { BoardSensors } from './sensors/board-sensors.js';
export type { GestureName, GestureParams, GestureMotion } from './motion/index.js';
export type { PersonStyle } from './motion/person-style.js';
export type { PerformOptions, GestureRecording, SensorTrack, SensorRecordingLike } from './perform.js';
export type { Motion } from './motion.js';
export type { ScenarioStepSpec, ScenarioGenerateSpec, TruthSegmentLike, WindowStart } from './scenario.js';
