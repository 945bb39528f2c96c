import { describe, expect, it } from 'vitest';
import { buildConfusion, formatConfusion, metricsFromConfusion } from './confusion-table.js';
import { createProgressBar } from './progress-bar.js';
import { renderReportHtml, svgLines } from './report-html.js';

function sink(isTTY: boolean): { stream: { write(s: string): void; isTTY: boolean }; text: () => string } {
  let t = '';
  return { stream: { write: (s: string) => { t += s; }, isTTY }, text: () => t };
}

describe('progress bar', () => {
  it('redraws in place on a terminal', () => {
    const s = sink(true);
    const bar = createProgressBar(s.stream, 'train', 4);
    for (let i = 1; i <= 4; i++) bar.update(i, `loss ${i}`);
    bar.finish('done');
    expect(s.text()).toContain('\rtrain [######..................] 1/4  loss 1');
    expect(s.text().endsWith('train [########################] 4/4  done\x1b[K\n')).toBe(true);
    expect(s.text().split('\n')).toHaveLength(2);
  });
  it('prints a few plain lines when not a terminal, nothing when quiet', () => {
    const s = sink(false);
    const bar = createProgressBar(s.stream, 'capture', 100);
    for (let i = 1; i <= 100; i++) bar.update(i);
    bar.finish();
    const lines = s.text().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(s.text()).not.toContain('\r');
    const q = sink(false);
    const quiet = createProgressBar(q.stream, 'x', 3, { quiet: true });
    quiet.update(3);
    quiet.finish();
    expect(q.text()).toBe('');
  });
});

describe('confusion matrix', () => {
  it('counts, formats with recall and derives precision/recall', () => {
    const m = buildConfusion(2, [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
    expect(m).toEqual([[1, 1], [1, 2]]);
    const { accuracy, perClass } = metricsFromConfusion(['a', 'b'], m);
    expect(accuracy).toBeCloseTo(3 / 5);
    expect(perClass[1]).toMatchObject({ precision: 2 / 3, recall: 2 / 3, support: 3 });
    const t = formatConfusion(['a', 'b'], m);
    expect(t).toMatch(/a\s+1\*\s+1\s+50%/);
  });
});

describe('report.html', () => {
  it('is self-contained SVG with escaped text', () => {
    const html = renderReportHtml({
      title: 'T <x>',
      blocks: [
        { kind: 'lines', title: 'loss', xLabel: 'epoch', series: [{ name: 'a&b', values: [3, 2, 1] }] },
        { kind: 'confusion', title: 'cm', labels: ['p', 'q'], matrix: [[2, 0], [1, 1]] },
        { kind: 'trace', title: 'trace', axes: ['ax'], intervalMs: 10, values: [[1], [2], [Number.NaN]] },
        { kind: 'table', title: 'tab', header: ['k'], rows: [['<v>']] },
      ],
    });
    expect(html).toContain('<title>T &lt;x&gt;</title>');
    expect(html).toContain('a&amp;b');
    expect(html).toContain('&lt;v&gt;');
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect(html).not.toMatch(/<script|src=|<link/);
  });
  it('plots a flat series without dividing by zero', () => {
    expect(svgLines([{ name: 'flat', values: [1, 1, 1] }], 'x')).not.toMatch(/NaN|Infinity/);
  });
});
