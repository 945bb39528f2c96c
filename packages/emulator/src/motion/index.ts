// @tinyspark/emulator/motion: gestures, people, scenarios and offline performances.
export { GESTURES, PROXIMITY_GESTURES, isGestureName, createGestureMotion } from '../gestures.js';
export type { GestureName, GestureParams, GestureMotion } from '../gestures.js';
export { personStyle } from '../person-style.js';
export type { PersonStyle } from '../person-style.js';
export { perform, sampleCount, trackValues, imuRecording } from '../perform.js';
export type { PerformOptions, GestureRecording, SensorTrack, SensorRecordingLike } from '../perform.js';
export { motionTruthAt, sampleMotion } from '../motion.js';
export type { Motion } from '../motion.js';
export { planScenario, generateScenarioSteps } from '../scenario.js';
export type { ScenarioStepSpec, ScenarioGenerateSpec, TruthSegmentLike } from '../scenario.js';
