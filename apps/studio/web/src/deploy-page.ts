// Deploy page: quantize (per-tensor or per-channel) with the deployment check, downloads of the
// exports, deploy to the board, and live classification: the board's own predictions with per-class
// scores, against the emulator's ground truth, with the running accuracy.
import { loadQModel } from '@tinyspark/quantizer/runtime';
import type { PredictionMessage } from '@tinyspark/protocol';
import { boardError } from '../../src/board/board-error.js';
import { verifyOnBoard } from '../../src/board/verify-session.js';
import { current } from './device-page.js';
import { $, api, confusionTable, esc, guard, metricsTable, noBoard, num, pct, val } from './ui.js';

export const deployPage = `
<section class="page" id="page-deploy" aria-label="Deploy">
  <div class="card"><h2>Quantize and check</h2>
    <div class="row">
      <label>Weights <select id="q-scheme"><option value="per-tensor">per-tensor</option><option value="per-channel">per-channel</option></select></label>
      <button type="button" id="q-start">Quantize</button>
      <a href="/api/exports/model.json" download>model.json</a>
      <a href="/api/exports/model.int8.json" download>model.int8.json</a>
      <a href="/api/exports/c" download>C99 (.zip)</a>
      <a href="/api/exports/circuitpython" download>CircuitPython code.py</a>
      <a href="/api/report" target="_blank" rel="noopener">HTML report</a>
    </div>
    <div class="error" id="q-error" role="alert"></div>
    <div id="q-table" class="scroll-x"></div>
  </div>
  <div class="card"><h2>Deploy and live classification</h2>
    <div class="row">
      <button type="button" id="d-deploy">Deploy to the board</button>
      <label>Gestures <input id="v-count" type="number" min="1" value="30"></label>
      <label>Person <input id="v-person" type="number" min="0" value="7"></label>
      <label>Seed <input id="v-seed" type="number" min="0" value="1"></label>
      <button type="button" id="v-start">Run live classification</button>
    </div>
    <div class="error" id="d-error" role="alert"></div>
    <div id="d-status" role="status"></div>
    <div id="v-scores"></div>
    <div id="v-timeline" class="timeline"></div>
    <div id="v-result" class="scroll-x"></div>
  </div>
</section>`;

type CheckReport = { samples: number; agreement: number; agreeing: number; floatAccuracy: number | null; int8Accuracy: number | null; memory: { flashBytes: number; largestActivationPairBytes: number }; macs: number; latency: { microseconds: number; assumption: string } };

async function quantize(): Promise<void> {
  const r = await api<{ report: CheckReport; checkedOn: string }>('POST', '/api/quantize', { perChannel: val('#q-scheme') === 'per-channel' });
  const c = r.report;
  $('#q-table').innerHTML = `<table aria-label="deployment check"><tr><th>checked on</th><td>${esc(r.checkedOn)} (${c.samples} recordings)</td></tr><tr><th>float vs int8 agreement</th><td id="q-agreement">${pct(c.agreement)} (${c.agreeing}/${c.samples})</td></tr><tr><th>accuracy float / int8</th><td>${c.floatAccuracy === null ? '-' : pct(c.floatAccuracy)} / ${c.int8Accuracy === null ? '-' : pct(c.int8Accuracy)}</td></tr><tr><th>flash</th><td>${c.memory.flashBytes} bytes</td></tr><tr><th>RAM (largest activation pair)</th><td>${c.memory.largestActivationPairBytes} bytes</td></tr><tr><th>MACs</th><td>${c.macs}</td></tr><tr><th>latency (estimate)</th><td>${c.latency.microseconds.toFixed(1)} us (${esc(c.latency.assumption)})</td></tr></table>`;
}

async function deploy(): Promise<void> {
  const s = current();
  if (s === undefined) throw noBoard();
  const doc = await api<object>('GET', '/api/model/int8');
  const url = val('#board-url');
  const labels = await s.board.deployModel(doc).catch((err: unknown) => {
    throw boardError(url, err, 'deploy');
  });
  $('#d-status').textContent = `deployed model.int8.json: labels ${labels.join(', ')}`;
  $('#d-status').dataset['deployed'] = '1';
}

/** Per-class scores of a prediction: softmax of its dequantized int8 logits. */
export function classScores(p: Pick<PredictionMessage, 'logits'>, outputScale: number): number[] {
  const z = p.logits.map((q) => q * outputScale);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

async function classifyLive(): Promise<void> {
  const s = current();
  if (s === undefined) throw noBoard();
  const b = s.board;
  const qmodel = loadQModel(await api<object>('GET', '/api/model/int8'));
  const spec = { gestures: num('#v-count'), person: num('#v-person'), seed: num('#v-seed'), hopMs: 100 };
  const tl = $('#v-timeline');
  tl.innerHTML = '';
  const off = b.on('prediction', (p) => {
    const scores = classScores(p, qmodel.output.scale);
    $('#v-scores').innerHTML = `<p>board predicts <b>${esc(p.label)}</b> at ${Math.round(p.windowEnd)} ms</p><table aria-label="per-class scores">${qmodel.labels.map((l, i) => `<tr><th>${esc(l)}</th><td><svg width="160" height="12" aria-hidden="true"><rect width="${160 * (scores[i] ?? 0)}" height="12" fill="${i === p.index ? '#1b7f3b' : '#9aa5b1'}"/></svg> ${(scores[i] ?? 0).toFixed(2)}</td></tr>`).join('')}</table>`;
  });
  $('#d-status').textContent = `live classification of ${spec.gestures} gestures by person ${spec.person}...`;
  try {
    const r = await verifyOnBoard(b, qmodel, spec, { bar: { update: (n: number) => { $('#d-status').textContent = `${n}/${spec.gestures} gestures played`; }, finish() {} } });
    let right = 0;
    tl.innerHTML = r.gestures.map((g, i) => {
      if (g.predicted === g.truth) right++;
      return `<span class="${g.predicted === g.truth ? 'ok' : 'miss'}" title="${Math.round(g.startMs)}-${Math.round(g.endMs)} ms">${i + 1}: ${esc(g.truth)} -> ${esc(g.predicted ?? '(none)')} (${pct(right / (i + 1))})</span>`;
    }).join('');
    const cols = [...r.labels, '(none)'];
    $('#v-result').innerHTML = `<p id="v-accuracy" data-accuracy="${r.accuracy}">on-device accuracy ${pct(r.accuracy)} on ${r.gestures.length} gestures by person ${spec.person} (seed ${spec.seed}), against the emulator's ground truth</p>${confusionTable(r.labels, r.confusion, cols)}${metricsTable(r.perClass)}`;
    $('#d-status').textContent = `done: ${r.predictions} predictions`;
    await api('POST', '/api/verify', { result: { ...r, person: spec.person, seed: spec.seed } });
  } finally {
    off();
  }
}

export function initDeploy(): void {
  $('#q-start').addEventListener('click', () => void guard($('#q-error'), quantize));
  $('#d-deploy').addEventListener('click', () => void guard($('#d-error'), deploy));
  $('#v-start').addEventListener('click', () => void guard($('#d-error'), classifyLive));
}
