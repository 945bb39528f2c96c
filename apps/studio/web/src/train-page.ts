// Train page: the pipeline (window, axes, scaling), the network, the optimizer, augmentation; the
// training runs in a Web Worker with @tinyspark/core (live loss and accuracy curves, a stop button),
// then the confusion matrix, precision/recall/F1 and the misclassified recordings with their traces.
// The model is saved to the project folder as `tinyspark train` saves it.
import uPlot from 'uplot';
import type { Recording } from '../../src/dataset/recording.js';
import type { Listing } from './data-page.js';
import type { TrainRequest } from './train-worker.js';
import { $, api, ApiError, COLORS, confusionTable, esc, guard, metricsTable, num, pct, traceChart, val, width } from './ui.js';

/** Augmentation inputs: core's AugmentOptions, every one off (0) by default. */
const AUGMENT = [
  ['copies', 'Augmented copies', '1', 'copies of each training recording (0: augmentation off)'],
  ['timeWarp', 'Time warp', 'any', '0..0.3: the middle of a gesture moves by up to this x 0.3 of its length'],
  ['amplitude', 'Amplitude', 'any', 'motion scaled by exp(amplitude x N(0,1))'],
  ['rotationDeg', 'Rotation (deg)', 'any', 'the board turned in the hand: N(0, deg) about a random axis'],
  ['noise', 'Noise', 'any', 'white noise, standard deviation in the values\' units'],
  ['offset', 'Offset', 'any', 'constant bias per axis, standard deviation in the values\' units'],
] as const;

export const trainPage = `
<section class="page" id="page-train" aria-label="Train">
  <div class="card"><h2>Pipeline, network, optimizer</h2>
    <div class="row">
      <label>Window (samples) <input id="tr-window" type="number" min="1" value="26"></label>
      <fieldset id="tr-axes" class="row"><legend>Axes</legend></fieldset>
      <label>Hidden layers <input id="tr-arch" value="32,16" size="8"></label>
      <label>Activation <select id="tr-act"><option>relu</option><option>tanh</option><option>sigmoid</option><option>linear</option></select></label>
      <label>Optimizer <select id="tr-opt"><option>adam</option><option>momentum</option><option>sgd</option></select></label>
      <label>Epochs <input id="tr-epochs" type="number" min="1" value="60"></label>
      <label>Learning rate <input id="tr-lr" type="number" step="any" value="0.003"></label>
      <label>Batch <input id="tr-batch" type="number" min="1" value="32"></label>
      <label>Patience <input id="tr-patience" type="number" min="0" value="15"></label>
      <label>Seed <input id="tr-seed" type="number" min="0" value="1"></label>
      <label>Validate on person(s) <input id="tr-holdout" placeholder="auto" size="6"></label>
    </div>
    <fieldset id="tr-augment" class="row"><legend>Augmentation of the training recordings (seeded by Seed; validation stays real)</legend>
      ${AUGMENT.map(([k, label, step, title]) => `<label>${label} <input id="tr-aug-${k}" data-augment="${k}" type="number" min="0" step="${step}" value="0" size="6" title="${esc(title)}"></label>`).join('')}
    </fieldset>
    <div class="row"><button type="button" id="tr-start">Train</button><button type="button" id="tr-stop" disabled>Stop</button></div>
    <p class="note">Scaling: each axis standardised (offset = mean, scale = 1/std of the training data), as <code>tinyspark train</code> does. Training runs in a Web Worker in this browser with @tinyspark/core.</p>
    <div class="error" id="tr-error" role="alert"></div>
    <div id="tr-status" role="status"></div>
    <div class="grid2"><div id="tr-loss" class="chart"></div><div id="tr-acc" class="chart"></div></div>
    <div class="grid2"><div id="tr-confusion" class="scroll-x"></div><div id="tr-metrics" class="scroll-x"></div></div>
    <div id="tr-wrong"></div>
  </div>
</section>`;

let worker: Worker | undefined;

/** Offers the dataset's axes (the first recording's) as the pipeline's axes. */
export async function refreshTrainAxes(): Promise<void> {
  const l = await api<Listing>('GET', '/api/dataset?split=dataset').catch(() => undefined);
  const axes = l?.recordings[0]?.axes ?? ['ax', 'ay', 'az', 'gx', 'gy', 'gz'];
  const fs = $('#tr-axes');
  const have = new Set([...fs.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value));
  if (axes.every((a) => have.has(a)) && have.size === axes.length) return;
  fs.innerHTML = `<legend>Axes</legend>${axes.map((a) => `<label class="inline"><input type="checkbox" value="${esc(a)}" checked> ${esc(a)}</label>`).join('')}`;
}

interface TrainDone {
  model: unknown;
  training: { labels: string[]; split: string; trainAccuracy: number; epochsRun: number; trainedOn: number; validation: { accuracy: number; confusion: number[][]; perClass: { label: string; precision: number; recall: number; support: number }[]; count: number; misclassified: { file: string; truth: string; predicted: string }[] } | null };
}

async function train(): Promise<void> {
  const { recordings } = await api<{ recordings: Recording[] }>('GET', '/api/dataset/all?split=dataset');
  const axes = [...$('#tr-axes').querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  const settings = { hidden: val('#tr-arch').split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number), activation: val('#tr-act'), optimizer: val('#tr-opt'), epochs: num('#tr-epochs'), learningRate: num('#tr-lr'), batchSize: num('#tr-batch'), seed: num('#tr-seed'), patience: num('#tr-patience') };
  const augment: Record<string, number> = { seed: settings.seed };
  for (const [k] of AUGMENT) augment[k] = val(`#tr-aug-${k}`).trim() === '' ? 0 : num(`#tr-aug-${k}`);
  const x: number[] = [];
  const loss: (number | null)[][] = [[], []];
  const acc: (number | null)[][] = [[], []];
  $('#tr-loss').innerHTML = '';
  $('#tr-acc').innerHTML = '';
  const w = Math.min(620, width());
  const lp = new uPlot({ title: 'loss', width: w, height: 200, series: [{}, { label: 'training', stroke: COLORS[0] ?? '#000' }, { label: 'validation', stroke: COLORS[1] ?? '#000' }], scales: { x: { time: false }, y: { distr: 3 } }, axes: [{ label: 'epoch' }, {}] }, [[], [], []], $('#tr-loss'));
  const ap = new uPlot({ title: 'accuracy', width: w, height: 200, series: [{}, { label: 'training', stroke: COLORS[0] ?? '#000' }, { label: 'validation', stroke: COLORS[1] ?? '#000' }], scales: { x: { time: false }, y: { range: [0, 1] } }, axes: [{ label: 'epoch' }, {}] }, [[], [], []], $('#tr-acc'));
  worker?.terminate();
  const wk = new Worker('worker.js', { type: 'module' });
  worker = wk;
  ($('#tr-stop') as HTMLButtonElement).disabled = false;
  $('#tr-status').textContent = `training on ${recordings.length} recordings${(augment['copies'] ?? 0) > 0 ? ` (+${augment['copies']} augmented copies of each training one)` : ''}...`;
  const result = await new Promise<TrainDone | null>((resolve, reject) => {
    wk.onmessage = (ev: MessageEvent<{ type: string; epoch: number; loss: number; accuracy: number; valLoss: number | null; valAccuracy: number | null; text?: string; code?: string } & Record<string, unknown>>) => {
      const m = ev.data;
      if (m.type === 'epoch') {
        x.push(m.epoch);
        loss[0]?.push(m.loss);
        loss[1]?.push(m.valLoss);
        acc[0]?.push(m.accuracy);
        acc[1]?.push(m.valAccuracy);
        lp.setData([x, ...loss] as uPlot.AlignedData);
        ap.setData([x, ...acc] as uPlot.AlignedData);
        $('#tr-status').textContent = `epoch ${m.epoch}: loss ${m.loss.toFixed(4)}, accuracy ${pct(m.accuracy)}${m.valAccuracy !== null ? `, validation ${pct(m.valAccuracy)}` : ''}`;
      } else if (m.type === 'done') resolve(m as never);
      else if (m.type === 'error') reject(new ApiError(m.code ?? 'STUDIO_ERR_TRAINING_FAILED', m.text ?? 'training failed'));
    };
    wk.onerror = (e) => reject(new ApiError('STUDIO_ERR_INTERNAL', `[studio] STUDIO_ERR_INTERNAL: the training worker failed: ${e.message}`));
    $('#tr-stop').onclick = () => {
      wk.terminate();
      resolve(null);
    };
    const windowLength = num('#tr-window');
    const holdout = val('#tr-holdout').trim();
    const req: TrainRequest = { recordings, settings: settings as TrainRequest['settings'], axes, augment, ...(windowLength > 0 ? { windowLength } : {}), ...(holdout !== '' ? { holdout } : {}) };
    wk.postMessage(req);
  }).finally(() => {
    ($('#tr-stop') as HTMLButtonElement).disabled = true;
    wk.terminate();
  });
  if (result === null) {
    $('#tr-status').textContent = 'stopped: no model saved';
    return;
  }
  await api('POST', '/api/model', { model: result.model, training: result.training });
  const t = result.training;
  const v = t.validation;
  $('#tr-status').textContent = `saved model.json: ${t.epochsRun} epochs on ${t.trainedOn} training recordings, training accuracy ${pct(t.trainAccuracy)}${v !== null ? `, validation accuracy ${pct(v.accuracy)} on ${v.count} recordings (${t.split})` : ''}`;
  $('#tr-status').dataset['valAccuracy'] = v === null ? '' : String(v.accuracy);
  if (v !== null) {
    $('#tr-confusion').innerHTML = `<h3>Confusion matrix (validation)</h3>${confusionTable(t.labels, v.confusion)}`;
    $('#tr-metrics').innerHTML = `<h3>Per class</h3>${metricsTable(v.perClass)}`;
    $('#tr-wrong').innerHTML = `<h3>Misclassified (${v.misclassified.length})</h3>${v.misclassified.map((m, i) => `<div><p>${esc(m.file)}: ${esc(m.truth)} seen as ${esc(m.predicted)}</p><div id="wrong-${i}"></div></div>`).join('')}`;
    for (const [i, m] of v.misclassified.slice(0, 6).entries()) {
      const r = recordings.find((rec) => `${rec.label}.${rec.id}.json` === m.file);
      if (r !== undefined) traceChart($(`#wrong-${i}`), r, m.file);
    }
  }
}

export function initTrain(): void {
  $('#tr-start').addEventListener('click', () => void guard($('#tr-error'), train));
}
