import { EmulatorError } from '../errors.js';
import type { ReplayRecording, ReplayTrack } from './import-recording.js';
import { resampleTrack } from './resample.js';
import type { ReplaySensor } from './units.js';

/**
 * A recording with every track resampled (band-limited, see resample.ts) to `rateHz` (one rate
 * for all, or one per sensor; sensors not named keep their rate). Tracks already at the rate are
 * returned as they are.
 */
export function resampleRecording(rec: ReplayRecording, rateHz: number | Partial<Record<ReplaySensor, number>>, field = 'rateHz'): ReplayRecording {
  const tracks: Partial<Record<ReplaySensor, ReplayTrack>> = {};
  let longest = 0;
  for (const [sensor, track] of Object.entries(rec.tracks) as [ReplaySensor, ReplayTrack][]) {
    const to = typeof rateHz === 'number' ? rateHz : (rateHz[sensor] ?? track.rateHz);
    if (!(Number.isFinite(to) && to > 0)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be a positive rate in Hz, got ${String(to)}`, { field });
    if (to === track.rateHz) {
      tracks[sensor] = track;
    } else {
      const values = resampleTrack(track.values, track.channels, track.rateHz, to);
      tracks[sensor] = { sensor, rateHz: to, channels: track.channels, count: values.length / track.channels, values };
    }
    const t = tracks[sensor]!;
    longest = Math.max(longest, (t.count / t.rateHz) * 1000);
  }
  return { label: rec.label, durationMs: longest, tracks };
}
