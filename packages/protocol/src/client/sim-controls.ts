import type { AckResults, FaultKind, GestureParams, HostMessageType, SimReplayRequest, SimScenarioRequest, TruthSegment } from '../messages.js';
import type { SensorName } from '../sensors.js';
import type { RequestBody } from './events.js';
import type { RequestOptions } from './options.js';

/** Omit applied to each member of a union (plain Omit would keep only the keys all members share). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A `sim.scenario` request without its type and id: `{ steps }` or `{ generate }`, each with `windowStart?`. */
export type ScenarioRequestBody = DistributiveOmit<SimScenarioRequest, 'id' | 'type'>;

/** Host-only simulation controls (`sim.*`); a real board answers NOT_SUPPORTED (PROTO_ERR_REMOTE). */
export interface SimControls {
  /** Performs one gesture now (`variation`: spread of the drawn variation, default 1); resolves with its ground-truth segment. */
  perform(request: { gesture: string; person?: number; seed?: number; variation?: number; params?: GestureParams }, options?: RequestOptions): Promise<TruthSegment>;
  /** Plays a scenario (`{steps}` or `{generate}`); resolves with its ground truth. */
  scenario(request: ScenarioRequestBody, options?: RequestOptions): Promise<readonly TruthSegment[]>;
  /** Presses, releases or clicks a button. */
  button(request: { button: 1 | 2; action: 'press' | 'release' | 'click'; durationMs?: number }, options?: RequestOptions): Promise<void>;
  /** Injects a fault. */
  fault(request: { kind: FaultKind; sensor?: SensorName; params?: { readonly [key: string]: number }; durationMs?: number }, options?: RequestOptions): Promise<void>;
  /**
   * Plays a recording through the board's sensor models (`sim.replay`); resolves with one truth
   * segment per pass and the board time the replay ends.
   */
  replay(request: Omit<SimReplayRequest, 'id' | 'type'>, options?: RequestOptions): Promise<AckResults['sim.replay']>;
  /**
   * Adds a learned gesture (a `tinyspark.gesture` v1 document) to the emulator (`sim.gesture`);
   * resolves with its name and every gesture the emulator now performs.
   */
  addGesture(gesture: Readonly<Record<string, unknown>>, request?: { replace?: boolean }, options?: RequestOptions): Promise<AckResults['sim.gesture']>;
  /** Every gesture the emulator performs (built-in, then learned ones added), `sim.gesture` without a document. */
  gestures(options?: RequestOptions): Promise<readonly string[]>;
  /** Advances the virtual board clock; resolves with the board time after it. */
  clock(advanceMs: number, options?: RequestOptions): Promise<number>;
}

/** What the sim controls need from their client. */
export interface SimHost {
  request<T extends HostMessageType>(body: RequestBody<T> & { readonly type: T }, options?: RequestOptions): Promise<AckResults[T]>;
  /** `sim.scenario`, then its `sim.truth` follow-up. */
  scenarioTruth(request: ScenarioRequestBody, options: RequestOptions): Promise<readonly TruthSegment[]>;
}

export function createSimControls(host: SimHost): SimControls {
  return {
    perform: async (request, options) => (await host.request({ type: 'sim.perform', ...request }, options)).segment,
    scenario: (request, options) => host.scenarioTruth(request, options ?? {}),
    button: async (request, options) => {
      await host.request({ type: 'sim.button', ...request }, options);
    },
    fault: async (request, options) => {
      await host.request({ type: 'sim.fault', ...request }, options);
    },
    replay: (request, options) => host.request({ type: 'sim.replay', ...request }, options),
    addGesture: (gesture, request, options) => host.request({ type: 'sim.gesture', gesture, ...(request?.replace !== undefined ? { replace: request.replace } : {}) }, options),
    gestures: async (options) => (await host.request({ type: 'sim.gesture' }, options)).gestures,
    clock: async (advanceMs, options) => (await host.request({ type: 'sim.clock', advanceMs }, options)).t,
  };
}
