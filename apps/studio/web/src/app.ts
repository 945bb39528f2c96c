// tinyspark studio, the page: four pages over one board connection (the protocol client, relayed by
// the studio server) and the project folder (the server's JSON API, the CLI's code).
import './styles.css';
import uPlot from 'uplot';
import { connectBoard, SENSOR_AXES } from '@tinyspark/protocol';
import type { BoardClient, HelloMessage, SampleFrame, SensorName } from '@tinyspark/protocol';
import { loadQModel } from '@tinyspark/quantizer/runtime';
import { boardError } from '../../src/board/board-error.js';
import { captureRecordings } from '../../src/board/capture-session.js';
import { verifyOnBoard } from '../../src/board/verify-session.js';
import type { DatasetWriter } from '../../src/dataset/dataset-store.js';
import { recordingToEi } from '../../src/dataset/ei-json.js';
import type { Recording } from '../../src/dataset/recording.js';
import { toStudioError } from '../../src/errors.js';

const $ = <T extends HTMLElement>(sel: string, root: ParentNode = document): T => root.querySelector(sel) as T;
const esc = (s: unknown): string => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const GESTURES = ['idle', 'rest', 'shake', 'tap', 'circle', 'circle_left', 'circle_right', 'up', 'down', 'left', 'right', 'toward', 'away', 'pick_up', 'swipe_left', 'swipe_right', 'lift', 'punch', 'flex', 'wave', 'tilt', 'moving_closer', 'moving_away'];
const FAULTS = ['drop', 'noise', 'saturate', 'stuck', 'disconnect', 'jitter'];

class ApiError extends Error {
  readonly code: string;
  constructor(code: string, text: string) {
    super(text);
    this.code = code;
  }
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let doc: unknown = null;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null;
  }
  if (!res.ok) {
    const e = (doc as { error?: { code: string; text: string } } | null)?.error;
    throw new ApiError(e?.code ?? 'STUDIO_ERR_INTERNAL', e?.text ?? `[studio] HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  return doc as T;
}

function showError(el: HTMLElement, err: unknown): void {
  el.textContent = err instanceof ApiError ? err.message : (() => {
    const e = toStudioError(err);
    return `[studio] ${e.code}: ${e.message}`;
  })();
}

async function guard(el: HTMLElement, fn: () => Promise<void>): Promise<void> {
  el.textContent = '';
  try {
    await fn();
  } catch (err) {
    showError(el, err);
  }
}

// ---------------------------------------------------------------- pages
const pages = $('#pages');
pages.innerHTML = `
<section class="page active" id="page-device" aria-label="Device">
  <div class="card"><h2>Board</h2>
    <div class="row">
      <label>Board URL <input id="board-url" size="48"></label>
      <label>Emulator boards <select id="board-list"></select></label>
      <button id="board-connect" type="button">Connect</button>
    </div>
    <div class="error" id="board-error" role="alert"></div>
    <div id="hello"></div>
  </div>
  <div class="card"><h2>Live sensors</h2>
    <div class="row" id="axes-choice"></div>
    <div class="row" id="sensor-settings"></div>
    <div id="chart-accelerometer" class="chart"></div><div id="chart-gyroscope" class="chart"></div><div id="chart-proximity" class="chart"></div>
    <div id="stream-stats" class="note"></div>
  </div>
  <div class="grid2">
    <div class="card"><h2>LED, NeoPixels, buttons</h2>
      <p>LED <span id="led" class="led" role="img" aria-label="LED off"></span> NeoPixels <span id="pixels"></span></p>
      <div class="row"><button type="button" id="btn1">Button 1</button><button type="button" id="btn2">Button 2</button></div>
    </div>
    <div class="card"><h2>Serial console</h2><pre id="serial" aria-live="off"></pre></div>
  </div>
  <div class="card" id="sim-panel"><h2>Emulator: perform a gesture, inject a fault</h2>
    <div class="row">
      <label>Gesture <select id="perform-gesture">${GESTURES.map((g) => `<option>${g}</option>`).join('')}</select></label>
      <label>Person <input id="perform-person" type="number" min="0" value="1"></label>
      <label>Seed <input id="perform-seed" type="number" min="0" value="1"></label>
      <button type="button" id="perform">Perform</button>
      <label>Fault <select id="fault-kind">${FAULTS.map((g) => `<option>${g}</option>`).join('')}</select></label>
      <label>For (ms) <input id="fault-ms" type="number" min="1" value="2000"></label>
      <button type="button" id="fault">Inject</button>
    </div>
    <div class="error" id="sim-error" role="alert"></div>
  </div>
</section>
<section class="page" id="page-data" aria-label="Data">
  <div class="card"><h2>Record</h2>
    <div class="row">
      <label>Label <input id="rec-label" value="idle" pattern="[A-Za-z0-9][A-Za-z0-9_-]*"></label>
      <label>Gesture (emulator) <select id="rec-gesture"><option value="">(I perform it)</option>${GESTURES.map((g) => `<option>${g}</option>`).join('')}</select></label>
      <label>Person <input id="rec-person" type="number" min="0" value="1"></label>
      <label>Count <input id="rec-count" type="number" min="1" max="500" value="6"></label>
      <label>Length (ms) <input id="rec-ms" type="number" min="100" max="10000" value="1000"></label>
      <label>Seed <input id="rec-seed" type="number" min="0" value="1"></label>
      <button type="button" id="rec-start">Record</button>
      <label class="inline"><input type="checkbox" id="rec-button1"> Button 1 starts each recording</label>
    </div>
    <p><progress id="rec-progress" value="0" max="1" aria-label="recording progress"></progress> <span id="rec-status" role="status"></span></p>
    <div class="error" id="rec-error" role="alert"></div>
    <div id="rec-last" class="chart"></div>
  </div>
  <div class="card"><h2>Dataset</h2>
    <div class="row">
      <label>Folder <select id="ds-split"><option value="dataset">dataset (training)</option><option value="test">test</option></select></label>
      <button type="button" id="ds-refresh">Refresh</button>
      <a id="ds-export-ei" href="#" download>Export Edge Impulse JSON (.zip)</a>
      <a id="ds-export-csv" href="#" download>Export CSV</a>
      <label>Import (Edge Impulse JSON or CSV) <input id="ds-import" type="file" multiple accept=".json,.csv"></label>
      <label>Rename label <input id="ds-from" placeholder="from" size="10"></label><label>to <input id="ds-to" size="10"></label><button type="button" id="ds-rename">Rename</button>
    </div>
    <div class="error" id="ds-error" role="alert"></div>
    <div id="ds-summary" class="note"></div>
    <div class="grid2"><div id="ds-balance"></div><div id="ds-trace" class="chart"></div></div>
    <div class="scroll"><table id="ds-table"></table></div>
  </div>
</section>
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
      <button type="button" id="tr-start">Train</button><button type="button" id="tr-stop" disabled>Stop</button>
    </div>
    <p class="note">Scaling: each axis standardised (offset = mean, scale = 1/std of the training data), as <code>tinyspark train</code> does. Training runs in a Web Worker in this browser with @tinyspark/core.</p>
    <div class="error" id="tr-error" role="alert"></div>
    <div id="tr-status" role="status"></div>
    <div class="grid2"><div id="tr-loss" class="chart"></div><div id="tr-acc" class="chart"></div></div>
    <div class="grid2"><div id="tr-confusion"></div><div id="tr-metrics"></div></div>
    <div id="tr-wrong"></div>
  </div>
</section>
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
    <div id="q-table"></div>
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
    <div id="v-result"></div>
  </div>
</section>`;

for (const b of document.querySelectorAll<HTMLButtonElement>('nav button')) {
  b.addEventListener('click', () => {
    for (const o of document.querySelectorAll<HTMLButtonElement>('nav button')) o.removeAttribute('aria-current');
    b.setAttribute('aria-current', 'page');
    for (const p of document.querySelectorAll('section.page')) p.classList.toggle('active', p.id === `page-${b.dataset['page'] ?? ''}`);
    if (b.dataset['page'] === 'data') void refreshDataset();
    if (b.dataset['page'] === 'train') void refreshTrainAxes();
  });
}

// ---------------------------------------------------------------- board
let board: BoardClient | undefined;
let virtual = false;
const conn = $('#conn');
const width = (): number => Math.max(320, Math.min(1300, ($('#pages').clientWidth || 1000) - 40));
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

interface Live {
  plot: uPlot;
  data: number[][];
  axes: string[];
}
const live = new Map<SensorName, Live>();
const WINDOW_SAMPLES = 520;
const shownAxes = new Set(['ax', 'ay', 'az', 'gx', 'gy', 'gz', 'proximity']);

function makeLive(sensor: SensorName): Live {
  const axes = [...SENSOR_AXES[sensor]];
  const el = $(`#chart-${sensor}`);
  el.innerHTML = '';
  const data: number[][] = [[], ...axes.map(() => [])];
  const plot = new uPlot({ title: sensor, width: width(), height: 150, series: [{}, ...axes.map((a, i) => ({ label: a, stroke: COLORS[i % COLORS.length] ?? '#000', show: shownAxes.has(a) }))], axes: [{ label: 's' }, {}], scales: { x: { time: false } }, legend: { live: false } }, data as uPlot.AlignedData, el);
  return { plot, data, axes };
}

window.addEventListener('resize', () => {
  for (const l of live.values()) l.plot.setSize({ width: width(), height: 150 });
});

let pending = false;
function onSample(f: SampleFrame): void {
  let l = live.get(f.sensor);
  if (l === undefined) {
    l = makeLive(f.sensor);
    live.set(f.sensor, l);
  }
  const n = l.axes.length;
  for (let i = 0; i < f.count; i++) {
    (l.data[0] as number[]).push((f.t0Us + i * f.intervalUs) / 1e6);
    for (let a = 0; a < n; a++) (l.data[a + 1] as number[]).push((f.raw[i * n + a] ?? 0) * f.scale);
  }
  const over = (l.data[0] as number[]).length - WINDOW_SAMPLES;
  if (over > 0) for (const s of l.data) s.splice(0, over);
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      for (const v of live.values()) v.plot.setData(v.data as uPlot.AlignedData);
    });
  }
}

function renderHello(h: HelloMessage): void {
  $('#hello').innerHTML = `<table><tr><th>model</th><td>${esc(h.board.model)}</td><th>firmware</th><td>${esc(h.board.firmware)}</td><th>id</th><td>${esc(h.board.id)}</td></tr>
  <tr><th>sensors</th><td colspan="5">${h.sensors.map((s) => `${esc(s.name)} (${s.axes.join(',')}, ${Number(s.rateHz.toFixed(2))} Hz, +-${s.range} ${esc(s.rangeUnit)})`).join('; ')}</td></tr></table>`;
  $('#sim-panel').hidden = !h.capabilities.sim;
  const settings = $('#sensor-settings');
  settings.innerHTML = h.sensors.map((s) => `<label>${esc(s.name)} range <select data-sensor="${s.name}" data-k="range">${s.rangeOptions.map((r) => `<option${r === s.range ? ' selected' : ''}>${r}</option>`).join('')}</select></label>
    <label>${esc(s.name)} rate (Hz) <select data-sensor="${s.name}" data-k="rateHz">${s.rateOptionsHz.map((r) => `<option value="${r}"${r === s.rateHz ? ' selected' : ''}>${Number(r.toFixed(2))}</option>`).join('')}</select></label>`).join('');
  for (const sel of settings.querySelectorAll<HTMLSelectElement>('select')) {
    sel.addEventListener('change', () => void guard($('#board-error'), async () => {
      await board?.configure({ [sel.dataset['sensor'] ?? '']: { [sel.dataset['k'] ?? '']: Number(sel.value) } });
    }));
  }
  const ac = $('#axes-choice');
  ac.innerHTML = `<span>Axes shown:</span>${[...shownAxes].map((a) => `<label class="inline"><input type="checkbox" data-axis="${a}" checked> ${a}</label>`).join('')}`;
  for (const cb of ac.querySelectorAll<HTMLInputElement>('input')) {
    cb.addEventListener('change', () => {
      const a = cb.dataset['axis'] ?? '';
      if (cb.checked) shownAxes.add(a);
      else shownAxes.delete(a);
      for (const l of live.values()) {
        const i = l.axes.indexOf(a);
        if (i >= 0) l.plot.setSeries(i + 1, { show: cb.checked });
      }
    });
  }
}

async function connect(url: string): Promise<void> {
  if (board !== undefined) await board.close().catch(() => undefined);
  board = undefined;
  conn.textContent = `connecting to ${url}...`;
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/board/ws`;
  let b: BoardClient;
  try {
    b = await connectBoard(wsUrl, { WebSocket: WebSocket as never, requestTimeoutMs: 30_000, heartbeatIntervalMs: Infinity });
  } catch (err) {
    throw boardError(url, err, 'connect');
  }
  board = b;
  virtual = b.hello.capabilities.sim && (await b.sim.clock(0).then(() => true, () => false));
  renderHello(b.hello);
  conn.textContent = `connected: ${b.hello.board.model} ${b.hello.board.id}${virtual ? ' (virtual clock)' : ''}`;
  b.on('sample', onSample);
  b.on('close', (c) => {
    conn.textContent = c.willReconnect ? `board connection lost (${c.code}); reconnecting...` : 'board disconnected';
  });
  b.on('open', (o) => {
    if (o.reconnected) conn.textContent = `reconnected to ${o.hello.board.id}`;
  });
  b.on('serial', (s) => {
    const pre = $('#serial');
    pre.textContent = `${(pre.textContent ?? '').split('\n').slice(-200).join('\n')}\n${s.line}`;
    pre.scrollTop = pre.scrollHeight;
  });
  b.on('led', (m) => {
    $('#led').className = `led${m.on ? ' on' : ''}`;
    $('#led').setAttribute('aria-label', `LED ${m.on ? 'on' : 'off'}`);
  });
  b.on('neopixel', (m) => {
    $('#pixels').innerHTML = m.pixels.map((p) => `<span class="pixel" style="background: rgb(${p[0]},${p[1]},${p[2]})"></span>`).join('');
  });
  $('#pixels').innerHTML = Array.from({ length: b.hello.capabilities.neopixels }, () => '<span class="pixel"></span>').join('');
  await b.startStream(['accelerometer', 'gyroscope', 'proximity']);
}

async function start(): Promise<void> {
  const st = await api<{ board: { url: string }; emulator: { boards: { id: string; url: string }[] } | null }>('GET', '/api/status');
  ($('#board-url') as HTMLInputElement).value = st.board.url;
  const list = $('#board-list') as HTMLSelectElement;
  list.innerHTML = (st.emulator?.boards ?? []).map((b) => `<option value="${esc(b.url)}">${esc(b.id)}</option>`).join('');
  list.addEventListener('change', () => {
    ($('#board-url') as HTMLInputElement).value = list.value;
  });
  await connect(st.board.url);
}

$('#board-connect').addEventListener('click', () => void guard($('#board-error'), async () => {
  const url = ($('#board-url') as HTMLInputElement).value.trim();
  await api('POST', '/api/board', { url });
  await connect(url);
}));
for (const n of [1, 2] as const) {
  $(`#btn${n}`).addEventListener('click', () => void guard($('#sim-error'), async () => {
    await board?.sim.button({ button: n, action: 'click', durationMs: 100 });
    if (virtual) await board?.sim.clock(150);
  }));
}
$('#perform').addEventListener('click', () => void guard($('#sim-error'), async () => {
  if (board === undefined) return;
  await board.sim.perform({ gesture: ($('#perform-gesture') as HTMLSelectElement).value, person: Number(($('#perform-person') as HTMLInputElement).value), seed: Number(($('#perform-seed') as HTMLInputElement).value) });
  if (virtual) await board.sim.clock(1500);
}));
$('#fault').addEventListener('click', () => void guard($('#sim-error'), async () => {
  await board?.sim.fault({ kind: ($('#fault-kind') as HTMLSelectElement).value as never, durationMs: Number(($('#fault-ms') as HTMLInputElement).value) });
}));

// ---------------------------------------------------------------- data
function traceChart(el: HTMLElement, r: Pick<Recording, 'axes' | 'intervalMs' | 'values'>, title: string): void {
  el.innerHTML = '';
  const xs = r.values.map((_, i) => (i * r.intervalMs) / 1000);
  new uPlot({ title, width: Math.min(620, width()), height: 180, series: [{}, ...r.axes.map((a, i) => ({ label: a, stroke: COLORS[i % COLORS.length] ?? '#000', show: shownAxes.has(a) }))], scales: { x: { time: false } }, axes: [{ label: 's' }, {}] }, [xs, ...r.axes.map((_, a) => r.values.map((row) => row[a] ?? 0))] as uPlot.AlignedData, el);
}

interface Listing {
  recordings: { file: string; label: string; person: number | null; samples: number; durationMs: number; intervalMs: number; axes: string[] }[];
  problems: { file: string; code: string; message: string }[];
  stats: { recordings: number; labels: { label: string; recordings: number }[]; persons: string[]; perPerson: Record<string, Record<string, number>> };
}

const split = (): string => ($('#ds-split') as HTMLSelectElement).value;
async function refreshDataset(): Promise<void> {
  await guard($('#ds-error'), async () => {
    const l = await api<Listing>('GET', `/api/dataset?split=${split()}`);
    ($('#ds-export-ei') as HTMLAnchorElement).href = `/api/dataset/export?split=${split()}&format=ei`;
    ($('#ds-export-csv') as HTMLAnchorElement).href = `/api/dataset/export?split=${split()}&format=csv`;
    $('#ds-summary').textContent = `${l.stats.recordings} recordings, ${l.stats.labels.length} labels, ${l.stats.persons.length} person(s)${l.problems.length > 0 ? `; ${l.problems.length} file(s) unreadable` : ''}`;
    if (l.problems.length > 0) $('#ds-error').textContent = l.problems.map((p) => `[studio] ${p.code}: ${p.message}`).join('\n');
    const max = Math.max(1, ...l.stats.labels.map((x) => x.recordings));
    $('#ds-balance').innerHTML = `<table aria-label="balance per label and person"><tr><th>label</th><th>recordings</th>${l.stats.persons.map((p) => `<th>p${esc(p)}</th>`).join('')}</tr>${l.stats.labels.map((x) => `<tr><td>${esc(x.label)}</td><td><svg width="120" height="12" aria-hidden="true"><rect width="${(120 * x.recordings) / max}" height="12" fill="#1f77b4"/></svg> ${x.recordings}</td>${l.stats.persons.map((p) => `<td>${l.stats.perPerson[x.label]?.[p] ?? 0}</td>`).join('')}</tr>`).join('')}</table>`;
    const other = split() === 'dataset' ? 'test' : 'dataset';
    $('#ds-table').innerHTML = `<tr><th>file</th><th>label</th><th>person</th><th>samples</th><th>ms</th><th></th></tr>${l.recordings.map((r) => `<tr><td><button type="button" data-show="${esc(r.file)}">${esc(r.file)}</button></td><td>${esc(r.label)}</td><td>${r.person ?? ''}</td><td>${r.samples}</td><td>${Math.round(r.durationMs)}</td><td><button type="button" data-move="${esc(r.file)}">move to ${other}</button> <button type="button" data-del="${esc(r.file)}">delete</button></td></tr>`).join('')}`;
  });
}
$('#ds-refresh').addEventListener('click', () => void refreshDataset());
$('#ds-split').addEventListener('change', () => void refreshDataset());
$('#ds-table').addEventListener('click', (ev) => {
  const t = ev.target as HTMLElement;
  const show = t.dataset['show'];
  const move = t.dataset['move'];
  const del = t.dataset['del'];
  void guard($('#ds-error'), async () => {
    if (show !== undefined) traceChart($('#ds-trace'), await api<Recording>('GET', `/api/dataset/recording?split=${split()}&file=${encodeURIComponent(show)}`), show);
    if (move !== undefined) await api('POST', '/api/dataset/move', { file: move, from: split(), to: split() === 'dataset' ? 'test' : 'dataset' });
    if (del !== undefined && confirm(`delete ${del}?`)) await api('DELETE', `/api/dataset/recording?split=${split()}&file=${encodeURIComponent(del)}`);
    if (move !== undefined || del !== undefined) await refreshDataset();
  });
});
$('#ds-rename').addEventListener('click', () => void guard($('#ds-error'), async () => {
  await api('POST', '/api/dataset/rename', { from: ($('#ds-from') as HTMLInputElement).value, to: ($('#ds-to') as HTMLInputElement).value });
  await refreshDataset();
}));
$('#ds-import').addEventListener('change', () => void guard($('#ds-error'), async () => {
  const input = $('#ds-import') as HTMLInputElement;
  const files = await Promise.all([...(input.files ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
  const r = await api<{ imported: string[]; problems: { code: string; message: string }[] }>('POST', '/api/dataset/import', { files });
  await refreshDataset();
  if (r.problems.length > 0) $('#ds-error').textContent = r.problems.map((p) => `[studio] ${p.code}: ${p.message}`).join('\n');
}));

function waitForButton1(b: BoardClient): Promise<void> {
  return new Promise((resolve) => {
    const off = b.on('button', (m) => {
      if (m.button === 1 && m.pressed) {
        off();
        resolve();
      }
    });
  });
}

$('#rec-start').addEventListener('click', () => void guard($('#rec-error'), async () => {
  const b = board;
  if (b === undefined) throw new ApiError('STUDIO_ERR_BOARD', '[studio] STUDIO_ERR_BOARD: no board connected (Device page)');
  const v = (id: string): string => ($(id) as HTMLInputElement).value;
  const label = v('#rec-label').trim();
  const gesture = v('#rec-gesture');
  const count = Number(v('#rec-count'));
  // Every field is read once, at the click: editing the form while a batch records changes the next batch only.
  const person = Number(v('#rec-person'));
  const seed0 = Number(v('#rec-seed'));
  const durationMs = Number(v('#rec-ms'));
  const useButton = ($('#rec-button1') as HTMLInputElement).checked;
  $('#rec-status').textContent = `recording ${label}: 0/${count}`;
  const progress = $('#rec-progress') as HTMLProgressElement;
  progress.max = count;
  progress.value = 0;
  const writer = {
    add: async (rec: Omit<Recording, 'id'> & { id?: string }) => {
      const s = await api<{ file: string }>('POST', '/api/dataset/recordings?split=dataset', { recording: recordingToEi({ ...rec, id: rec.id ?? 'x' }), ...(rec.id !== undefined ? { id: rec.id } : {}) });
      return s.file;
    },
  } as unknown as DatasetWriter;
  let done = 0;
  $('#rec-start').setAttribute('disabled', '');
  try {
    for (let i = 0; i < count; i++) {
      if (useButton) {
        $('#rec-status').textContent = `press Button 1 to record ${label} ${i + 1}/${count}`;
        await waitForButton1(b);
      }
      const r = await captureRecordings(b, writer, {
        label,
        ...(gesture !== '' ? { gesture } : {}),
        person,
        seed: seed0 + i,
        count: 1,
        durationMs,
        delayMs: 0,
        sensor: 'imu',
      }, {
        virtualClock: virtual,
        now: () => new Date().toISOString(),
        note: (t) => {
          $('#rec-status').textContent = t;
        },
        onSaved: (file, rec) => {
          done++;
          progress.value = done;
          $('#rec-status').textContent = `${done}/${count} saved: ${file}`;
          traceChart($('#rec-last'), rec, file);
        },
      });
      if (r.interrupted) break;
    }
  } finally {
    $('#rec-start').removeAttribute('disabled');
  }
  $('#rec-status').textContent = `${done} recording(s) of ${label} saved`;
  await refreshDataset();
}));

// ---------------------------------------------------------------- train
let worker: Worker | undefined;
async function refreshTrainAxes(): Promise<void> {
  const l = await api<Listing>('GET', '/api/dataset?split=dataset').catch(() => undefined);
  const axes = l?.recordings[0]?.axes ?? ['ax', 'ay', 'az', 'gx', 'gy', 'gz'];
  const fs = $('#tr-axes');
  const have = new Set([...fs.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value));
  if (axes.every((a) => have.has(a)) && have.size === axes.length) return;
  fs.innerHTML = `<legend>Axes</legend>${axes.map((a) => `<label class="inline"><input type="checkbox" value="${esc(a)}" checked> ${esc(a)}</label>`).join('')}`;
}

function confusionTable(labels: string[], m: number[][], cols: string[] = labels): string {
  return `<table aria-label="confusion matrix"><tr><th>true \\ predicted</th>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${labels.map((l, i) => `<tr><th>${esc(l)}</th>${cols.map((_, j) => `<td${i === j ? ' class="ok"' : (m[i]?.[j] ?? 0) > 0 ? ' class="miss"' : ''}>${m[i]?.[j] ?? 0}</td>`).join('')}</tr>`).join('')}</table>`;
}
function metricsTable(per: { label: string; precision: number; recall: number; support: number }[]): string {
  return `<table aria-label="precision recall F1"><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${per.map((c) => `<tr><td>${esc(c.label)}</td><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${pct(c.precision + c.recall > 0 ? (2 * c.precision * c.recall) / (c.precision + c.recall) : 0)}</td><td>${c.support}</td></tr>`).join('')}</table>`;
}

$('#tr-start').addEventListener('click', () => void guard($('#tr-error'), async () => {
  const v = (id: string): string => ($(id) as HTMLInputElement).value;
  const { recordings } = await api<{ recordings: Recording[] }>('GET', '/api/dataset/all?split=dataset');
  const axes = [...$('#tr-axes').querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  const settings = { hidden: v('#tr-arch').split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number), activation: v('#tr-act'), optimizer: v('#tr-opt'), epochs: Number(v('#tr-epochs')), learningRate: Number(v('#tr-lr')), batchSize: Number(v('#tr-batch')), seed: Number(v('#tr-seed')), patience: Number(v('#tr-patience')) };
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
  $('#tr-status').textContent = `training on ${recordings.length} recordings...`;
  const result = await new Promise<{ model: unknown; training: { labels: string[]; split: string; trainAccuracy: number; epochsRun: number; validation: { accuracy: number; confusion: number[][]; perClass: { label: string; precision: number; recall: number; support: number }[]; count: number; misclassified: { file: string; truth: string; predicted: string }[] } | null } } | null>((resolve, reject) => {
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
    const windowLength = Number(v('#tr-window'));
    wk.postMessage({ recordings, settings, axes, ...(windowLength > 0 ? { windowLength } : {}), ...(v('#tr-holdout').trim() !== '' ? { holdout: v('#tr-holdout').trim() } : {}) });
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
  const val = t.validation;
  $('#tr-status').textContent = `saved model.json: ${t.epochsRun} epochs, training accuracy ${pct(t.trainAccuracy)}${val !== null ? `, validation accuracy ${pct(val.accuracy)} on ${val.count} recordings (${t.split})` : ''}`;
  $('#tr-status').dataset['valAccuracy'] = val === null ? '' : String(val.accuracy);
  if (val !== null) {
    $('#tr-confusion').innerHTML = `<h3>Confusion matrix (validation)</h3>${confusionTable(t.labels, val.confusion)}`;
    $('#tr-metrics').innerHTML = `<h3>Per class</h3>${metricsTable(val.perClass)}`;
    $('#tr-wrong').innerHTML = `<h3>Misclassified (${val.misclassified.length})</h3>${val.misclassified.map((w, i) => `<div><p>${esc(w.file)}: ${esc(w.truth)} seen as ${esc(w.predicted)}</p><div id="wrong-${i}"></div></div>`).join('')}`;
    for (const [i, w] of val.misclassified.slice(0, 6).entries()) {
      const r = recordings.find((x) => `${x.label}.${x.id}.json` === w.file);
      if (r !== undefined) traceChart($(`#wrong-${i}`), r, w.file);
    }
  }
}));

// ---------------------------------------------------------------- deploy
$('#q-start').addEventListener('click', () => void guard($('#q-error'), async () => {
  const r = await api<{ report: { samples: number; agreement: number; agreeing: number; floatAccuracy: number | null; int8Accuracy: number | null; memory: { flashBytes: number; largestActivationPairBytes: number }; macs: number; latency: { microseconds: number; assumption: string } }; checkedOn: string }>('POST', '/api/quantize', { perChannel: ($('#q-scheme') as HTMLSelectElement).value === 'per-channel' });
  const c = r.report;
  $('#q-table').innerHTML = `<table aria-label="deployment check"><tr><th>checked on</th><td>${esc(r.checkedOn)} (${c.samples} recordings)</td></tr><tr><th>float vs int8 agreement</th><td id="q-agreement">${pct(c.agreement)} (${c.agreeing}/${c.samples})</td></tr><tr><th>accuracy float / int8</th><td>${c.floatAccuracy === null ? '-' : pct(c.floatAccuracy)} / ${c.int8Accuracy === null ? '-' : pct(c.int8Accuracy)}</td></tr><tr><th>flash</th><td>${c.memory.flashBytes} bytes</td></tr><tr><th>RAM (largest activation pair)</th><td>${c.memory.largestActivationPairBytes} bytes</td></tr><tr><th>MACs</th><td>${c.macs}</td></tr><tr><th>latency (estimate)</th><td>${c.latency.microseconds.toFixed(1)} us (${esc(c.latency.assumption)})</td></tr></table>`;
}));

$('#d-deploy').addEventListener('click', () => void guard($('#d-error'), async () => {
  if (board === undefined) throw new ApiError('STUDIO_ERR_BOARD', '[studio] STUDIO_ERR_BOARD: no board connected (Device page)');
  const doc = await api<object>('GET', '/api/model/int8');
  const url = ($('#board-url') as HTMLInputElement).value;
  const labels = await board.deployModel(doc).catch((err: unknown) => {
    throw boardError(url, err, 'deploy');
  });
  $('#d-status').textContent = `deployed model.int8.json: labels ${labels.join(', ')}`;
  $('#d-status').dataset['deployed'] = '1';
}));

$('#v-start').addEventListener('click', () => void guard($('#d-error'), async () => {
  const b = board;
  if (b === undefined) throw new ApiError('STUDIO_ERR_BOARD', '[studio] STUDIO_ERR_BOARD: no board connected (Device page)');
  const qmodel = loadQModel(await api<object>('GET', '/api/model/int8'));
  const v = (id: string): number => Number(($(id) as HTMLInputElement).value);
  const spec = { gestures: v('#v-count'), person: v('#v-person'), seed: v('#v-seed'), hopMs: 100 };
  const tl = $('#v-timeline');
  tl.innerHTML = '';
  const off = b.on('prediction', (p) => {
    $('#v-scores').textContent = `board predicts ${p.label} (p=${p.score.toFixed(2)}) at ${Math.round(p.windowEnd)} ms`;
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
}));

void start().catch((err: unknown) => {
  showError($('#board-error'), err);
  conn.textContent = 'no board';
});
