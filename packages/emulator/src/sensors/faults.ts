import type { SensorName } from '@tinyspark/protocol';
import { EmulatorError } from '../errors.js';
import type { Rng } from '../rng.js';

export type FaultKindName = 'drop' | 'noise' | 'saturate' | 'stuck' | 'disconnect' | 'jitter';

/** An active fault. Parameters (all optional, with defaults):
 * drop: `probability` of losing each sample (0.1); noise: `gain` on the noise sigma (25);
 * stuck: `axis` held at its last value (0); jitter: `maxMs` of extra delivery delay (50). */
export interface ActiveFault {
  readonly kind: FaultKindName;
  readonly sensor: SensorName | undefined;
  readonly params: Readonly<Record<string, number>>;
  readonly untilMs: number;
}

export const FAULT_DEFAULTS = { dropProbability: 0.1, noiseGain: 25, stuckAxis: 0, jitterMaxMs: 50 } as const;

/** Checks the parameters of a fault, throwing EMU_ERR_INVALID_OPTION naming the field. */
export function validateFaultParams(kind: FaultKindName, params: Readonly<Record<string, number>>): void {
  const bad = (field: string, msg: string): never => {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `params.${field}: ${msg}`, `params.${field}`);
  };
  if (kind === 'drop' && params['probability'] !== undefined && !(params['probability'] >= 0 && params['probability'] <= 1)) bad('probability', 'must be in [0, 1]');
  if (kind === 'noise' && params['gain'] !== undefined && !(params['gain'] >= 1 && params['gain'] <= 1000)) bad('gain', 'must be in [1, 1000]');
  if (kind === 'stuck' && params['axis'] !== undefined && !(Number.isInteger(params['axis']) && params['axis'] >= 0 && params['axis'] <= 2)) bad('axis', 'must be 0, 1 or 2');
  if (kind === 'jitter' && params['maxMs'] !== undefined && !(params['maxMs'] >= 0 && params['maxMs'] <= 10_000)) bad('maxMs', 'must be in [0, 10000]');
}

/** The faults of one board at one time. */
export class FaultSet {
  private faults: ActiveFault[] = [];

  add(f: ActiveFault): void {
    // a new fault of the same kind and sensor replaces the old one
    this.faults = this.faults.filter((g) => !(g.kind === f.kind && g.sensor === f.sensor));
    this.faults.push(f);
  }

  expire(now: number): void {
    if (this.faults.some((f) => f.untilMs <= now)) this.faults = this.faults.filter((f) => f.untilMs > now);
  }

  /** Earliest expiry of an active fault (ms), or Infinity. */
  nextExpiry(): number {
    let m = Infinity;
    for (const f of this.faults) if (f.untilMs < m) m = f.untilMs;
    return m;
  }

  clear(): void {
    this.faults = [];
  }

  get active(): readonly ActiveFault[] {
    return this.faults;
  }

  find(kind: FaultKindName, sensor: SensorName): ActiveFault | undefined {
    // a loop, not Array.find: asked for every chunk and frame, mostly with no fault at all
    const list = this.faults;
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      if (f.kind === kind && (f.sensor === undefined || f.sensor === sensor)) return f;
    }
    return undefined;
  }

  /** Extra delivery delay for the next frame (ms), or 0. */
  jitterMs(sensor: SensorName, rng: Rng): number {
    const f = this.find('jitter', sensor);
    return f ? rng.uniform(0, f.params['maxMs'] ?? FAULT_DEFAULTS.jitterMaxMs) : 0;
  }
}
