import type { SampleFrame } from '../sample-frame.js';
import type { SensorName } from '../sensors.js';

/** Samples lost between two frames of one sensor, found from their sequence numbers. */
export interface SampleGap {
  readonly sensor: SensorName;
  /** Sequence number the next frame should have started at. */
  readonly expectedSeq: number;
  /** Sequence number it did start at. */
  readonly seq: number;
  /** Samples missing: (seq - expectedSeq) mod 2^32. */
  readonly missing: number;
}

const WRAP = 2 ** 32;

/**
 * Tracks the next expected sequence number per sensor. A forward jump is a gap; a backward jump
 * (more than 2^31 ahead modulo 2^32, e.g. the board restarted a stream) only resynchronises.
 */
export class GapDetector {
  private readonly expected = new Map<SensorName, number>();

  /** Feeds one frame; returns the gap before it, or undefined. */
  check(frame: Pick<SampleFrame, 'sensor' | 'seq' | 'count'>): SampleGap | undefined {
    const expectedSeq = this.expected.get(frame.sensor);
    this.expected.set(frame.sensor, (frame.seq + frame.count) % WRAP);
    if (expectedSeq === undefined || expectedSeq === frame.seq) return undefined;
    const missing = (frame.seq - expectedSeq + WRAP) % WRAP;
    if (missing >= WRAP / 2) return undefined;
    return { sensor: frame.sensor, expectedSeq, seq: frame.seq, missing };
  }

  /** Forgets the expectation for `sensor` (or all sensors). */
  reset(sensor?: SensorName): void {
    if (sensor === undefined) this.expected.clear();
    else this.expected.delete(sensor);
  }
}
