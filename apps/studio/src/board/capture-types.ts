// What a capture takes and gives (spec, sink, hooks, result) and the recording a `recording`
// message becomes: shared by the `record` path (capture-session.ts) and the stream path (stream-capture.ts).
import type { RecordingMessage, SensorGroup } from '@tinyspark/protocol';
import type { Recording } from '../dataset/recording.js';
import { unitOfAxis } from '../dataset/recording.js';
import type { ProgressBar } from '../render/progress-bar.js';

export interface CaptureSpec {
  label: string;
  /** Emulator only: the gesture the simulated hand performs (default none: a person performs it). */
  gesture?: string;
  person?: number;
  /** Emulator only: spread of the gesture's drawn variation (>= 0, default the emulator's 1). */
  variation?: number;
  /** Recording i of this run uses seed `seed + i` (so a rerun continues deterministically). */
  seed: number;
  /** Seeds already in the dataset for this label/person: skipped, so a rerun only records what is missing. */
  skipSeeds?: ReadonlySet<number>;
  count: number;
  durationMs: number;
  delayMs: number;
  sensor: SensorGroup;
}

/** Where captured recordings go: a DatasetWriter, or the web app's upload. */
export interface RecordingSink {
  /**
   * Saves one recording; `manifest: false` = part of a batch (the manifest is written at its end);
   * `background: true` = the write may finish later (writeManifest waits for it and reports a failure).
   */
  add(rec: Omit<Recording, 'id'> & { id?: string }, options?: { manifest?: boolean; background?: boolean }): Promise<string>;
  writeManifest?(): Promise<void>;
}

export interface CaptureHooks {
  bar?: ProgressBar;
  note?: (text: string) => void;
  signal?: AbortSignal;
  /** The board's clock is virtual: the studio advances it (sim.clock). Detected when undefined. */
  virtualClock?: boolean;
  /** Called with each recording just after it is on disk. */
  onSaved?: (file: string, rec: Recording) => void;
  now: () => string;
  /** A lost board that is not back after this long ends the capture with STUDIO_ERR_DISCONNECTED (default 60 s). */
  reconnectDeadlineMs?: number;
  /** The caller writes the manifest itself (several captures into one writer); default false. */
  deferManifest?: boolean;
  /**
   * Simulated takes on the virtual clock: cut the recordings from the binary sample stream instead
   * of `record` requests (see stream-capture.ts; a lost connection ends the capture); default false.
   */
  fromStream?: boolean;
}

export interface CaptureResult {
  files: string[];
  reconnects: number;
  discarded: number;
  interrupted: boolean;
}

export function recordingFromMessage(msg: RecordingMessage, spec: CaptureSpec, seed: number | undefined, board: string, capturedAt: string): Omit<Recording, 'id'> {
  const rec: Omit<Recording, 'id'> = {
    label: spec.label,
    intervalMs: msg.intervalMs,
    axes: [...msg.axes],
    units: msg.axes.map(unitOfAxis),
    values: msg.values.map((row) => [...row]),
    board,
    capturedAt,
    deviceName: board,
    deviceType: 'TINYSPARK_S3',
  };
  if (spec.person !== undefined) rec.person = spec.person;
  if (spec.gesture !== undefined) rec.gesture = spec.gesture;
  if (seed !== undefined && spec.gesture !== undefined) rec.seed = seed;
  return rec;
}
