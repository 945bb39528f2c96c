// @tinyspark/emulator/motion: the gesture table, people, scenarios and offline performances.
export { GESTURES, PROXIMITY_GESTURES, isGestureName, assertGestureName, registerGesture, gestureNames, gestureDefinition } from './registry.js';
export type { GestureName, BuiltinGestureName, RegisterGestureOptions } from './registry.js';
export { createGestureMotion, gestureShape } from './gesture-motion.js';
export type { GestureMotion, GestureMotionOptions } from './gesture-motion.js';
export { setP, rotInto } from './shape.js';
export type { GestureParams, GestureShape, GestureShapeFn, GestureDefinition, ShapeContext } from './shape.js';
export { bump, flatTop, minJerk, riseHoldFall } from './profiles.js';
export { personStyle } from './person-style.js';
export type { PersonStyle } from './person-style.js';
export { perform, sampleCount, trackValues, imuRecording } from '../perform.js';
export type { PerformOptions, GestureRecording, SensorTrack, SensorRecordingLike } from '../perform.js';
export { motionTruthAt, sampleMotion } from '../motion.js';
export type { Motion } from '../motion.js';
export { planScenario, generateScenarioSteps } from '../scenario.js';
export type { ScenarioStepSpec, ScenarioGenerateSpec, TruthSegmentLike } from '../scenario.js';
