// @tinyspark/emulator/replay: recordings from elsewhere made ready for a board (pure functions;
// no Node imports, usable in a browser): parse, convert units, map axes, resample band-limited.
export { importRecording, detectFormat, recordingCount, axisRole, RECORDING_FORMATS, MAX_REPLAY_MS, MAX_REPLAY_SAMPLES } from './import-recording.js';
export type { ImportOptions, RecordingFormat, ReplayRecording, ReplayTrack } from './import-recording.js';
export { unitFactor, convertUnits, parseSensorList, REPLAY_SENSORS, REPLAY_UNITS, BOARD_UNITS } from './units.js';
export type { ReplaySensor } from './units.js';
export { parseAxisMap, formatAxisMap, applyAxisMap, IDENTITY_AXIS_MAP } from './axis-map.js';
export type { AxisMap } from './axis-map.js';
export { resampleTrack, interpolateAt, SINC_ZERO_CROSSINGS } from './resample.js';
export { resampleRecording } from './resample-recording.js';
