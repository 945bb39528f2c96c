import { DEFAULT_LIMITS, type ProtocolLimits } from './limits.js';

/** Options of the message validators and of `parseTextFrame`. */
export interface ValidateOptions {
  /** Limits to enforce (defaults: {@link DEFAULT_LIMITS}). */
  readonly limits?: Partial<ProtocolLimits>;
}

/** The limits in effect for `options`. */
export function resolveLimits(options: ValidateOptions | undefined): ProtocolLimits {
  return { ...DEFAULT_LIMITS, ...options?.limits };
}
