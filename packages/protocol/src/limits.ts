/** Protocol limits. Every limit is finite; "no limit" would have to be spelled `Infinity`. */
export interface ProtocolLimits {
  /** Largest text or binary frame, in bytes (UTF-8 bytes for text). */
  readonly maxFrameBytes: number;
  /** Largest `model.deploy` model document, in UTF-8 bytes of its JSON. */
  readonly maxModelBytes: number;
  /** Longest `record` capture (`durationMs`) and longest `delayMs`. */
  readonly maxRecordingMs: number;
  /** Most steps in a `sim.scenario` (given or generated). */
  readonly maxScenarioSteps: number;
  /** Longest string field (labels, gesture names, serial lines, messages), in UTF-16 code units. */
  readonly maxStringLength: number;
  /** Most samples in one binary sample frame (the count field is a uint16). */
  readonly maxSamplesPerFrame: number;
}

/** The defaults of protocol v1. A board may announce smaller limits in `hello.limits`. */
export const DEFAULT_LIMITS: ProtocolLimits = Object.freeze({
  maxFrameBytes: 4 * 1024 * 1024,
  maxModelBytes: 1024 * 1024,
  maxRecordingMs: 60_000,
  maxScenarioSteps: 1000,
  maxStringLength: 1024,
  maxSamplesPerFrame: 65_535,
});

/** Identifiers (labels, gesture names): 1..64 of `A-Z a-z 0-9 _ -`, safe in file names. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Request ids: a string of 1..64 characters or a non-negative safe integer. */
export const MAX_REQUEST_ID_LENGTH = 64;
