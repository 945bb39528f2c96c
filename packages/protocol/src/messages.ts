// Every JSON text message of protocol v1, as TypeScript types: board -> host in board-messages.ts,
// host -> board in host-messages.ts, and the ack result of each request here.
import type { SensorDescriptor, TruthSegment } from './board-messages.js';
import type { SensorName } from './sensors.js';

export * from './board-messages.js';
export * from './host-messages.js';

// ---------------------------------------------------------------------------------------------
// ack results

/**
 * The `result` of the `ack` to each request type. Requests mapped to an empty object may be acked
 * without a `result`. The client validates these with `validateAckResult`.
 */
export interface AckResults {
  /** The sensors as now configured. */
  readonly configure: { readonly sensors: readonly SensorDescriptor[] };
  /** Sensors now streaming on this connection. */
  readonly 'stream.start': { readonly streaming: readonly SensorName[] };
  readonly 'stream.stop': { readonly streaming: readonly SensorName[] };
  /** The recording will arrive later as a `recording` message with the request's id. */
  readonly record: Record<string, never>;
  /** Labels of the deployed model, in output order. */
  readonly 'model.deploy': { readonly labels: readonly string[] };
  readonly 'model.clear': Record<string, never>;
  readonly 'infer.start': Record<string, never>;
  readonly 'infer.stop': Record<string, never>;
  /** Board clock when the ping was handled, milliseconds. */
  readonly ping: { readonly t: number };
  /** What will be performed, on the board clock. */
  readonly 'sim.perform': { readonly segment: TruthSegment };
  /** Ground truth follows in a `sim.truth` message with the request's id. */
  readonly 'sim.scenario': Record<string, never>;
  readonly 'sim.button': Record<string, never>;
  readonly 'sim.fault': Record<string, never>;
  /** Board clock after advancing, milliseconds. */
  readonly 'sim.clock': { readonly t: number };
  /** One ground-truth segment per pass (label: the recording's), and the board time the replay ends, ms. */
  readonly 'sim.replay': { readonly truth: readonly TruthSegment[]; readonly endMs: number };
  /** The added gesture's name (absent when nothing was added), and every gesture the emulator now performs (built-in, then added). */
  readonly 'sim.gesture': { readonly name?: string; readonly gestures: readonly string[] };
}
