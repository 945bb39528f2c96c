// @tinyspark/emulator/learn: gestures learned from a few recordings (tinyspark.gesture v1).
export { learnGesture, fitTrajectory, restAtEnds, identifiability, DEFAULT_TILT_CUTOFF_HZ } from './fit.js';
export type { LearnOptions, Identifiability } from './fit.js';
export { parseGestureDoc, GESTURE_FORMAT, GESTURE_VERSION, MAX_GESTURE_BYTES, MAX_KNOTS, MAX_EXAMPLES } from './gesture-file.js';
export type { LearnedGestureDoc, LearnedPerformance } from './gesture-file.js';
export { learnedDefinition } from './learned-shape.js';
export type { LearnedVariation } from './learned-shape.js';
export { registerLearnedGesture } from './register.js';
export { LearnedGestureSet, MAX_ADDED_GESTURES } from './gesture-set.js';
export { BoardGestures } from './board-gestures.js';
export { readGestureFile } from './read-file.js';
