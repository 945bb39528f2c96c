// Device page: connect to a board (URL, the emulator's boards), its hello, live traces of every
// sensor (uPlot, at the board's rate), range and rate settings, the LED, NeoPixels and buttons, the
// serial console; on the emulator, perform a gesture (gesture, person, variation) and inject faults.
import uPlot from 'uplot';
import { SENSOR_AXES } from '@tinyspark/protocol';
import type { HelloMessage, SampleFrame, SensorName } from '@tinyspark/protocol';
import type { BoardSession } from './board-session.js';
import { openBoardSession } from './board-session.js';
import { $, api, COLORS, esc, guard, num, optionalNum, showError, shownAxes, val, width } from './ui.js';

const FAULTS = ['drop', 'noise', 'saturate', 'stuck', 'disconnect', 'jitter'];

export const devicePage = `
<section class="page active" id="page-device" aria-label="Device">
  <div class="card"><h2>Board</h2>
    <div class="row">
      <label>Board URL <input id="board-url" size="48"></label>
      <label>Emulator boards <select id="board-list"></select></label>
      <button id="board-connect" type="button">Connect</button>
    </div>
    <div class="error" id="board-error" role="alert"></div>
    <div id="hello" class="scroll-x"></div>
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
      <label>Gesture <select id="perform-gesture" data-vocabulary></select></label>
      <label>Person <input id="perform-person" type="number" min="0" value="1"></label>
      <label>Variation <input id="perform-variation" type="number" min="0" max="10" step="any" value="1" title="0 canonical, 1 real people, more: wider"></label>
      <label>Seed <input id="perform-seed" type="number" min="0" value="1"></label>
      <button type="button" id="perform">Perform</button>
      <label>Fault <select id="fault-kind">${FAULTS.map((g) => `<option>${g}</option>`).join('')}</select></label>
      <label>For (ms) <input id="fault-ms" type="number" min="1" value="2000"></label>
      <button type="button" id="fault">Inject</button>
    </div>
    <p class="note" id="vocabulary-source"></p>
    <div class="error" id="sim-error" role="alert"></div>
  </div>
</section>`;

let session: BoardSession | undefined;
/** The connected board, if any. */
export const current = (): BoardSession | undefined => session;

interface Live {
  plot: uPlot;
  data: number[][];
  axes: string[];
}
const live = new Map<SensorName, Live>();
const WINDOW_SAMPLES = 520;

function makeLive(sensor: SensorName): Live {
  const axes = [...SENSOR_AXES[sensor]];
  const el = $(`#chart-${sensor}`);
  el.innerHTML = '';
  const data: number[][] = [[], ...axes.map(() => [])];
  const plot = new uPlot({ title: sensor, width: width(), height: 150, series: [{}, ...axes.map((a, i) => ({ label: a, stroke: COLORS[i % COLORS.length] ?? '#000', show: shownAxes.has(a) }))], axes: [{ label: 's' }, {}], scales: { x: { time: false } }, legend: { live: false } }, data as uPlot.AlignedData, el);
  return { plot, data, axes };
}

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
      await session?.board.configure({ [sel.dataset['sensor'] ?? '']: { [sel.dataset['k'] ?? '']: Number(sel.value) } });
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

interface GestureInfo {
  name: string;
  kind: string;
  aliasOf: string | null;
  description: string | null;
}

/** Fills every gesture list (`select[data-vocabulary]`) with the emulator's current vocabulary. */
async function loadVocabulary(): Promise<void> {
  const v = await api<{ gestures: GestureInfo[]; source: string }>('GET', '/api/gestures');
  const groups: [string, GestureInfo[]][] = [
    ['hand-held', v.gestures.filter((g) => g.kind === 'handheld' && g.aliasOf === null)],
    ['proximity (hand above the board)', v.gestures.filter((g) => g.kind === 'proximity' && g.aliasOf === null)],
    ['still', v.gestures.filter((g) => g.kind !== 'handheld' && g.kind !== 'proximity' && g.aliasOf === null)],
    ['other names', v.gestures.filter((g) => g.aliasOf !== null)],
  ];
  const options = groups.filter(([, gs]) => gs.length > 0).map(([name, gs]) => `<optgroup label="${esc(name)}">${gs.map((g) => `<option value="${esc(g.name)}"${g.description !== null ? ` title="${esc(g.description)}"` : ''}>${esc(g.name)}${g.aliasOf !== null ? ` (= ${esc(g.aliasOf)})` : ''}</option>`).join('')}</optgroup>`).join('');
  for (const sel of document.querySelectorAll<HTMLSelectElement>('select[data-vocabulary]')) {
    const keep = sel.value;
    const head = sel.querySelector('option[value=""]')?.outerHTML ?? '';
    sel.innerHTML = head + options;
    if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  }
  $('#vocabulary-source').textContent = `${v.gestures.length} gestures: ${v.source}`;
}

async function connect(url: string): Promise<void> {
  if (session !== undefined) await session.board.close().catch(() => undefined);
  session = undefined;
  const conn = $('#conn');
  const s = await openBoardSession({
    relayUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/board/ws`,
    boardUrl: url,
    onStatus: (t) => {
      conn.textContent = t;
    },
    client: { WebSocket: WebSocket as never },
  });
  session = s;
  const b = s.board;
  renderHello(b.hello);
  if (b.hello.capabilities.sim) await loadVocabulary().catch((err: unknown) => showError($('#sim-error'), err));
  b.on('sample', onSample);
  b.on('serial', (m) => {
    const pre = $('#serial');
    pre.textContent = `${(pre.textContent ?? '').split('\n').slice(-200).join('\n')}\n${m.line}`;
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

/** Connects to the studio's board (the built-in emulator unless `--board` said otherwise). */
export async function startDevice(): Promise<void> {
  const st = await api<{ board: { url: string }; emulator: { boards: { id: string; url: string }[] } | null }>('GET', '/api/status');
  ($('#board-url') as HTMLInputElement).value = st.board.url;
  const list = $('#board-list') as HTMLSelectElement;
  list.innerHTML = (st.emulator?.boards ?? []).map((b) => `<option value="${esc(b.url)}">${esc(b.id)}</option>`).join('');
  list.addEventListener('change', () => {
    ($('#board-url') as HTMLInputElement).value = list.value;
  });
  await connect(st.board.url);
}

export function initDevice(): void {
  window.addEventListener('resize', () => {
    for (const l of live.values()) l.plot.setSize({ width: width(), height: 150 });
  });
  $('#board-connect').addEventListener('click', () => void guard($('#board-error'), async () => {
    const url = val('#board-url').trim();
    await api('POST', '/api/board', { url });
    await connect(url);
  }));
  for (const n of [1, 2] as const) {
    $(`#btn${n}`).addEventListener('click', () => void guard($('#sim-error'), async () => {
      await session?.board.sim.button({ button: n, action: 'click', durationMs: 100 });
      if (session?.virtual === true) await session.board.sim.clock(150);
    }));
  }
  $('#perform').addEventListener('click', () => void guard($('#sim-error'), async () => {
    const s = session;
    if (s === undefined) return;
    const variation = optionalNum('#perform-variation');
    await s.board.sim.perform({ gesture: val('#perform-gesture'), person: num('#perform-person'), ...(variation !== undefined ? { variation } : {}), seed: num('#perform-seed') });
    if (s.virtual) await s.board.sim.clock(1500);
  }));
  $('#fault').addEventListener('click', () => void guard($('#sim-error'), async () => {
    await session?.board.sim.fault({ kind: val('#fault-kind') as never, durationMs: num('#fault-ms') });
  }));
}
