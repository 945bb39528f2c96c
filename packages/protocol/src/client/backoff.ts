import type { JitterRng } from './rng.js';

/** Reconnect policy. */
export interface ReconnectOptions {
  /** Reconnect after an unexpected close (default true). */
  readonly enabled?: boolean;
  /** Delay before the first attempt, ms (default 250). */
  readonly initialDelayMs?: number;
  /** Upper bound of the delay, ms (default 10 000). */
  readonly maxDelayMs?: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
  /** Fraction of the delay removed at random: delay * (1 - jitter * rng.next()) (default 0.5, in [0, 1]). */
  readonly jitter?: number;
  /** Attempts before giving up (default Infinity). */
  readonly maxAttempts?: number;
}

/** {@link ReconnectOptions} with every default filled in. */
export type ResolvedReconnectOptions = Required<ReconnectOptions>;

/** Defaults of {@link ReconnectOptions}. */
export const DEFAULT_RECONNECT: ResolvedReconnectOptions = Object.freeze({
  enabled: true,
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
});

/** Merges and validates reconnect options (RangeError naming the option). */
export function resolveReconnectOptions(options: ReconnectOptions | undefined): ResolvedReconnectOptions {
  const r = { ...DEFAULT_RECONNECT, ...options };
  const check = (name: string, ok: boolean): void => {
    if (!ok) throw new RangeError(`[protocol] option "reconnect.${name}" is out of range: ${String(r[name as keyof typeof r])}`);
  };
  check('initialDelayMs', Number.isFinite(r.initialDelayMs) && r.initialDelayMs >= 0);
  check('maxDelayMs', Number.isFinite(r.maxDelayMs) && r.maxDelayMs >= r.initialDelayMs);
  check('factor', Number.isFinite(r.factor) && r.factor >= 1);
  check('jitter', r.jitter >= 0 && r.jitter <= 1);
  check('maxAttempts', r.maxAttempts === Number.POSITIVE_INFINITY || (Number.isInteger(r.maxAttempts) && r.maxAttempts >= 1));
  return r;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): min(maxDelayMs, initialDelayMs * factor^attempt),
 * minus up to `jitter` of it drawn from `rng`.
 */
export function backoffDelay(attempt: number, options: ResolvedReconnectOptions, rng: JitterRng): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** attempt);
  return base * (1 - options.jitter * rng.next());
}
