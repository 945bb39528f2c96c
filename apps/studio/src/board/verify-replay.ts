import type { BoardClient, PredictionMessage, TruthSegment } from '@tinyspark/protocol';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { recordingToEi } from '../dataset/ei-json.js';
import type { Recording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';
import { buildConfusion, metricsFromConfusion } from '../render/confusion-table.js';
import type { ProgressBar } from '../render/progress-bar.js';
import { boardError } from './board-error.js';
import { detectVirtualClock } from './capture-session.js';
import { latencySummary, scorePredictions } from './score-predictions.js';
import type { VerifyResult } from './verify-session.js';

export interface ReplayVerifySpec {
  hopMs: number;
  /** Rest between two recordings, ms (default: one model window, so no window sees two recordings). */
  gapMs?: number;
  /** Add the board's own sensor noise and bias to the replayed values (default false). */
  noise?: boolean;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/**
 * `verify --replay`: plays each recording of a dataset through the board (`sim.replay`, which
 * resamples it to the board's rate and quantises it like the live sensor) while the deployed model
 * runs on a sliding window, then scores each recording by the prediction of the window that covers
 * it best, against the recording's label. Recordings follow each other with a rest gap between.
 */
export async function verifyReplayOnBoard(board: BoardClient, qmodel: QModel, recordings: readonly Recording[], spec: ReplayVerifySpec, hooks: { bar?: ProgressBar; signal?: AbortSignal }): Promise<VerifyResult & { recordings: number }> {
  if (!board.hello.capabilities.sim) {
    throw new StudioError('STUDIO_ERR_BOARD', `verify --replay needs an emulator (sim.replay); ${board.url} is a real board`, { field: 'board' });
  }
  const labels = qmodel.labels;
  const unknown = [...new Set(recordings.map((r) => r.label).filter((l) => !labels.includes(l)))];
  if (unknown.length > 0) {
    throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `verify --replay: the dataset has label(s) ${unknown.join(', ')} that the model does not know (${labels.join(', ')}); split them out first`, { field: 'replay' });
  }
  const windowMs = qmodel.pipeline.windowLength * qmodel.pipeline.intervalMs;
  const gapMs = spec.gapMs ?? windowMs;
  const preds: PredictionMessage[] = [];
  const off = board.on('prediction', (p) => preds.push(p));
  const opts = hooks.signal !== undefined ? { signal: hooks.signal } : {};
  const truth: TruthSegment[] = [];
  let boardTimeMs = 0;
  try {
    const virtual = await detectVirtualClock(board);
    await board.startInference({ mode: 'sliding', hopMs: spec.hopMs }, opts);
    let i = 0;
    for (const rec of recordings) {
      if (hooks.signal?.aborted) throw new StudioError('STUDIO_ERR_INTERRUPTED', 'verify: interrupted');
      const r = await board.sim.replay({ recording: recordingToEi(rec) as Record<string, unknown>, label: rec.label, ...(spec.noise === true ? { noise: true } : {}) }, opts);
      truth.push(...r.truth);
      const t0 = r.truth[0]?.startMs ?? r.endMs;
      // the replay starts at the next sample; run past its end and a rest gap
      const step = Math.ceil(r.endMs - t0 + gapMs + 2 * spec.hopMs);
      if (virtual) await board.sim.clock(step, opts);
      else await sleep(step, hooks.signal);
      boardTimeMs += step;
      hooks.bar?.update(++i, `${preds.length} predictions`);
    }
    await board.stopInference(opts);
  } catch (err) {
    if (err instanceof StudioError) throw err;
    if (hooks.signal?.aborted) throw new StudioError('STUDIO_ERR_INTERRUPTED', 'verify: interrupted');
    throw boardError(board.url, err, 'verify --replay');
  } finally {
    off();
  }
  const gestures = scorePredictions(truth, preds, windowMs);
  const cols = [...labels, '(none)'];
  const truthIdx = gestures.map((g) => labels.indexOf(g.truth));
  const predIdx = gestures.map((g) => (g.predicted === null ? labels.length : labels.indexOf(g.predicted)));
  const full = buildConfusion(cols.length, truthIdx, predIdx).slice(0, labels.length);
  const { perClass } = metricsFromConfusion(labels, full);
  const correct = gestures.filter((g) => g.predicted === g.truth).length;
  return {
    labels,
    confusion: full,
    accuracy: gestures.length > 0 ? correct / gestures.length : 0,
    perClass,
    gestures,
    predictions: preds.length,
    latency: latencySummary(preds),
    boardTimeMs,
    recordings: recordings.length,
  };
}
