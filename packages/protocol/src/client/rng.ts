/** Randomness for reconnect jitter: `next()` returns a number in [0, 1). Inject a seeded one in tests. */
export interface JitterRng {
  next(): number;
}

/** `Math.random` as a {@link JitterRng} (the only place this package uses it). */
export const defaultJitterRng: JitterRng = Object.freeze({ next: (): number => Math.random() });
