import type { BoardClient, PredictionMessage } from '@tinyspark/protocol';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { StudioError } from '../errors.js';
import { buildConfusion, metricsFromConfusion } from '../render/confusion-table.js';
import type { ClassMetrics } from '../render/confusion-table.js';
import type { ProgressBar } from '../render/progress-bar.js';
import { boardError } from './board-error.js';
import { detectVirtualClock } from './capture-session.js';
import { latencySummary, scorePredictions } from './score-predictions.js';
import type { ScoredGesture } from './score-predictions.js';

export interface VerifySpec {
  gestures: number;
  person: number;
  seed: number;
  hopMs: number;
  /** Gestures to play (default: the model's labels). */
  play?: string[];
}

export interface VerifyResult {
  labels: string[];
  /** Column `labels.length` counts gestures no window covered ("none"). */
  confusion: number[][];
  accuracy: number;
  perClass: ClassMetrics[];
  gestures: ScoredGesture[];
  predictions: number;
  latency: { count: number; medianUs: number; p95Us: number; maxUs: number };
  boardTimeMs: number;
}

/** Clock advances sent ahead of the one being waited for (virtual clock). */
const CLOCK_AHEAD = 3;

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
 * Plays a generated scenario of gestures on the emulator (with ground truth) while the deployed int8
 * model runs on a sliding window, then scores each labelled gesture by the window that covers it best.
 */
export async function verifyOnBoard(board: BoardClient, qmodel: QModel, spec: VerifySpec, hooks: { bar?: ProgressBar; signal?: AbortSignal }): Promise<VerifyResult> {
  if (!board.hello.capabilities.sim) {
    throw new StudioError('STUDIO_ERR_BOARD', `verify needs the emulator's ground truth (sim.scenario); ${board.url} is a real board: verify there by performing gestures and watching the serial console`, { field: 'board' });
  }
  const labels = qmodel.labels;
  const play = spec.play ?? labels;
  const windowMs = qmodel.pipeline.windowLength * qmodel.pipeline.intervalMs;
  const preds: PredictionMessage[] = [];
  const off = board.on('prediction', (p) => preds.push(p));
  const opts = hooks.signal !== undefined ? { signal: hooks.signal } : {};
  try {
    const virtual = await detectVirtualClock(board);
    await board.startInference({ mode: 'sliding', hopMs: spec.hopMs }, opts);
    const truth = await board.sim.scenario({ generate: { count: spec.gestures, gestures: play, person: spec.person, seed: spec.seed } }, opts);
    const t0 = truth.length > 0 ? Math.min(...truth.map((t) => t.startMs)) : 0;
    const end = truth.length > 0 ? Math.max(...truth.map((t) => t.endMs)) : 0;
    const total = end - t0 + windowMs + spec.hopMs;
    let done = 0;
    const chunk = 5000;
    // virtual clock: the next advances are already on their way while the answers of one are read,
    // so the board never waits for this side (it runs a connection's requests in order)
    const ahead: Promise<number>[] = [];
    let sent = 0;
    while (done < total) {
      if (hooks.signal?.aborted) throw new StudioError('STUDIO_ERR_INTERRUPTED', 'verify: interrupted');
      const step = Math.min(chunk, total - done);
      if (virtual) {
        while (ahead.length < CLOCK_AHEAD && sent < total) {
          const advance = board.sim.clock(Math.min(chunk, total - sent), opts);
          advance.catch(() => undefined);
          ahead.push(advance);
          sent += Math.min(chunk, total - sent);
        }
        await ahead.shift();
      } else await sleep(step, hooks.signal);
      done += step;
      const covered = truth.filter((t) => t.label !== null && t.endMs <= t0 + done).length;
      hooks.bar?.update(Math.min(covered, spec.gestures), `${preds.length} predictions`);
    }
    await board.stopInference(opts);
    const gestures = scorePredictions(truth, preds, windowMs);
    const unknown = [...new Set(gestures.map((g) => g.truth).filter((t) => !labels.includes(t)))];
    if (unknown.length > 0) {
      throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `verify: the scenario played ${unknown.join(', ')}, which the model does not know (${labels.join(', ')})`, { field: 'gestures' });
    }
    const cols = [...labels, '(none)'];
    const truthIdx = gestures.map((g) => labels.indexOf(g.truth));
    const predIdx = gestures.map((g) => (g.predicted === null ? labels.length : labels.indexOf(g.predicted)));
    const full = buildConfusion(cols.length, truthIdx, predIdx).slice(0, labels.length);
    const { perClass } = metricsFromConfusion(labels, full); // recall over the whole row: an uncovered gesture is a miss
    const correct = gestures.filter((g) => g.predicted === g.truth).length;
    return {
      labels,
      confusion: full,
      accuracy: gestures.length > 0 ? correct / gestures.length : 0,
      perClass,
      gestures,
      predictions: preds.length,
      latency: latencySummary(preds),
      boardTimeMs: total,
    };
  } catch (err) {
    if (err instanceof StudioError) throw err;
    if (hooks.signal?.aborted) throw new StudioError('STUDIO_ERR_INTERRUPTED', 'verify: interrupted');
    throw boardError(board.url, err, 'verify');
  } finally {
    off();
  }
}
