// Data page: record N recordings with a label, person and length (progress, each drawn as it
// arrives, Button 1 like the course on a real board), the dataset folder as a table and its balance
// per label and person, a recording's traces, rename a label, delete or move to test, import and
// export through the CLI's code (the studio server's API).
import type { BoardClient } from '@tinyspark/protocol';
import { captureRecordings } from '../../src/board/capture-session.js';
import type { DatasetWriter } from '../../src/dataset/dataset-store.js';
import { recordingToEi } from '../../src/dataset/ei-json.js';
import type { Recording } from '../../src/dataset/recording.js';
import { current } from './device-page.js';
import { $, api, esc, guard, noBoard, optionalNum, traceChart, val } from './ui.js';

export const dataPage = `
<section class="page" id="page-data" aria-label="Data">
  <div class="card"><h2>Record</h2>
    <div class="row">
      <label>Label <input id="rec-label" value="idle" pattern="[A-Za-z0-9][A-Za-z0-9_-]*"></label>
      <label>Gesture (emulator) <select id="rec-gesture" data-vocabulary><option value="">(I perform it)</option></select></label>
      <label>Person <input id="rec-person" type="number" min="0" value="1"></label>
      <label>Variation <input id="rec-variation" type="number" min="0" max="10" step="any" value="1" title="emulator: 0 canonical, 1 real people, more: wider"></label>
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
    <div class="grid2"><div id="ds-balance" class="scroll-x"></div><div id="ds-trace" class="chart"></div></div>
    <div class="scroll"><table id="ds-table"></table></div>
  </div>
</section>`;

export interface Listing {
  recordings: { file: string; label: string; person: number | null; samples: number; durationMs: number; intervalMs: number; axes: string[] }[];
  problems: { file: string; code: string; message: string }[];
  stats: { recordings: number; labels: { label: string; recordings: number }[]; persons: string[]; perPerson: Record<string, Record<string, number>> };
}

const split = (): string => val('#ds-split');

const bar = (n: number, max: number, color: string): string => `<svg width="120" height="12" aria-hidden="true"><rect width="${(120 * n) / max}" height="12" fill="${color}"/></svg> ${n}`;

/** Reads the dataset folder again (the folder on disk is the truth, shared with the CLI). */
export async function refreshDataset(): Promise<void> {
  await guard($('#ds-error'), async () => {
    const l = await api<Listing>('GET', `/api/dataset?split=${split()}`);
    ($('#ds-export-ei') as HTMLAnchorElement).href = `/api/dataset/export?split=${split()}&format=ei`;
    ($('#ds-export-csv') as HTMLAnchorElement).href = `/api/dataset/export?split=${split()}&format=csv`;
    $('#ds-summary').textContent = `${l.stats.recordings} recordings, ${l.stats.labels.length} labels, ${l.stats.persons.length} person(s)${l.problems.length > 0 ? `; ${l.problems.length} file(s) unreadable` : ''}`;
    if (l.problems.length > 0) $('#ds-error').textContent = l.problems.map((p) => `[studio] ${p.code}: ${p.message}`).join('\n');
    const max = Math.max(1, ...l.stats.labels.map((x) => x.recordings));
    const perPersonTotal = l.stats.persons.map((p) => l.stats.labels.reduce((s, x) => s + (l.stats.perPerson[x.label]?.[p] ?? 0), 0));
    const maxP = Math.max(1, ...perPersonTotal);
    $('#ds-balance').innerHTML = `<table aria-label="balance per label and person"><tr><th>label</th><th>recordings</th>${l.stats.persons.map((p) => `<th>p${esc(p)}</th>`).join('')}</tr>${l.stats.labels.map((x) => `<tr><td>${esc(x.label)}</td><td>${bar(x.recordings, max, '#1f77b4')}</td>${l.stats.persons.map((p) => `<td>${l.stats.perPerson[x.label]?.[p] ?? 0}</td>`).join('')}</tr>`).join('')}</table>
      <table aria-label="recordings per person"><tr><th>person</th><th>recordings</th></tr>${l.stats.persons.map((p, i) => `<tr><td>p${esc(p)}</td><td>${bar(perPersonTotal[i] ?? 0, maxP, '#2ca02c')}</td></tr>`).join('')}</table>`;
    const other = split() === 'dataset' ? 'test' : 'dataset';
    $('#ds-table').innerHTML = `<tr><th>file</th><th>label</th><th>person</th><th>samples</th><th>ms</th><th></th></tr>${l.recordings.map((r) => `<tr><td><button type="button" data-show="${esc(r.file)}">${esc(r.file)}</button></td><td>${esc(r.label)}</td><td>${r.person ?? ''}</td><td>${r.samples}</td><td>${Math.round(r.durationMs)}</td><td><button type="button" data-move="${esc(r.file)}">move to ${other}</button> <button type="button" data-del="${esc(r.file)}">delete</button></td></tr>`).join('')}`;
  });
}

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

async function recordBatch(): Promise<void> {
  const s = current();
  if (s === undefined) throw noBoard();
  const b = s.board;
  // Every field is read once, at the click: editing the form while a batch records changes the next batch only.
  const label = val('#rec-label').trim();
  const gesture = val('#rec-gesture');
  const count = Number(val('#rec-count'));
  const person = Number(val('#rec-person'));
  const variation = optionalNum('#rec-variation');
  const seed0 = Number(val('#rec-seed'));
  const durationMs = Number(val('#rec-ms'));
  const useButton = ($('#rec-button1') as HTMLInputElement).checked;
  $('#rec-status').textContent = `recording ${label}: 0/${count}`;
  const progress = $('#rec-progress') as HTMLProgressElement;
  progress.max = count;
  progress.value = 0;
  const writer = {
    add: async (rec: Omit<Recording, 'id'> & { id?: string }) => {
      const saved = await api<{ file: string }>('POST', '/api/dataset/recordings?split=dataset', { recording: recordingToEi({ ...rec, id: rec.id ?? 'x' }), ...(rec.id !== undefined ? { id: rec.id } : {}) });
      return saved.file;
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
        ...(gesture !== '' && variation !== undefined ? { variation } : {}),
        seed: seed0 + i,
        count: 1,
        durationMs,
        delayMs: 0,
        sensor: 'imu',
      }, {
        virtualClock: s.virtual,
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
}

export function initData(): void {
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
    await api('POST', '/api/dataset/rename', { from: val('#ds-from'), to: val('#ds-to') });
    await refreshDataset();
  }));
  $('#ds-import').addEventListener('change', () => void guard($('#ds-error'), async () => {
    const input = $('#ds-import') as HTMLInputElement;
    const files = await Promise.all([...(input.files ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
    const r = await api<{ imported: string[]; problems: { code: string; message: string }[] }>('POST', '/api/dataset/import', { files });
    await refreshDataset();
    if (r.problems.length > 0) $('#ds-error').textContent = r.problems.map((p) => `[studio] ${p.code}: ${p.message}`).join('\n');
  }));
  $('#rec-start').addEventListener('click', () => void guard($('#rec-error'), recordBatch));
}
