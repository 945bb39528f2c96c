import { describe, expect, it } from 'vitest';
import { buildConfusion, formatConfusion, metricsFromConfusion } from './confusion-table.js';
import { createProgressBar } from './progress-bar.js';
import { renderReportHtml, svgConfusion, svgLines, svgTrace } from './report-html.js';

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
  it('cuts a line to the terminal width so that \\r redraws it in place', () => {
    let t = '';
    const bar = createProgressBar({ write: (x: string) => { t += x; }, isTTY: true, columns: 30 }, 'train', 4);
    bar.update(1, 'loss 0.1234 acc 99.0%  val loss 0.2345 acc 98.0%');
    bar.finish('loss 0.1 acc 99.0%  val acc 98.0%');
    for (const seg of t.split('\r').filter((x) => x !== '')) expect(seg.replace('\x1b[K', '').replace('\n', '').length).toBeLessThan(30);
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

describe('confusion matrix with long labels and uncovered gestures', () => {
  it('keeps column headers unambiguous and aligned, and counts "(none)" against recall', () => {
    const labels = ['moving_closer_fast', 'moving_closer_slow', 'idle', 'moving_closer_mid', 'moving_away'];
    const m = [[5, 0, 0, 0, 0, 0], [1, 3, 0, 0, 0, 1], [0, 0, 4, 0, 0, 0], [0, 0, 0, 2, 0, 0], [0, 0, 0, 0, 2, 0]];
    const t = formatConfusion(labels, m, 'cm', [...labels, '(none)']);
    const lines = t.split('\n');
    // Too wide for full labels, and 8-character prefixes would be identical: numbered columns with a legend.
    expect(lines[1]).toMatch(/#1\s+#2\s+#3\s+#4\s+#5\s+#6\s+recall$/);
    expect(lines[lines.length - 1]).toBe('columns: #1 moving_closer_fast, #2 moving_closer_slow, #3 idle, #4 moving_closer_mid, #5 moving_away, #6 (none)');
    // every row is as wide as the header: columns line up
    for (const l of lines.slice(1, 7)) expect(l.length).toBe(lines[1]?.length);
    expect(lines[3]).toMatch(/moving_closer_slow\s+1\s+3\*\s+0\s+0\s+0\s+1\s+60%$/);
    const { perClass, accuracy } = metricsFromConfusion(labels, m);
    expect(perClass[1]?.recall).toBeCloseTo(3 / 5);
    expect(accuracy).toBeCloseTo(16 / 18);
    const short = formatConfusion(['swipe_left', 'swipe_right', 'a', 'b', 'c', 'd', 'e', 'f', 'g'], Array.from({ length: 9 }, () => new Array<number>(9).fill(0)));
    expect(short.split('\n')[1]).toMatch(/swipe_le\s+swipe_ri/);
    expect(formatConfusion(['left', 'right'], [[1, 0], [0, 1]]).split('\n')[1]).toMatch(/left\s+right\s+recall/);
    expect(formatConfusion(['idle_gesture_long', 'swipe_left_gesture_long', 'swipe_right_gesture_long'], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]).split('\n')[1]).toMatch(/idle_gesture_long\s+swipe_left_gesture_long\s+swipe_right_gesture_long\s+recall/);
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
  it('labels axes with units: time in ms, one panel per sensor, log loss, percent accuracy', () => {
    const trace = svgTrace(['ax', 'gz'], 10, [[1, 0.1], [2, -0.2], [3, 0.3]]);
    expect(trace).toContain('accelerometer (m/s²)');
    expect(trace).toContain('gyroscope (rad/s)');
    expect(trace).toContain('time (ms), one sample every 10 ms');
    expect((trace.match(/<svg /g) ?? []).length).toBe(2);
    const loss = svgLines([{ name: 'loss', values: [2, 0.2, 0.002] }], { xLabel: 'epoch', yLabel: 'loss (log scale)', yScale: 'log' });
    for (const tick of ['>0.001<', '>0.01<', '>0.1<', '>1<', '>10<']) expect(loss).toContain(tick);
    const acc = svgLines([{ name: 'acc', values: [0.5, 0.9, 1] }], { xLabel: 'epoch', yLabel: 'accuracy (%)', percent: true });
    expect(acc).toContain('>100%<');
    expect(acc).toContain('>accuracy (%)<');
    const cm = svgConfusion(['a', 'b'], [[1, 0, 1], [0, 2, 0]], ['a', 'b', '(none)']);
    expect(cm).toContain('>predicted label<');
    expect(cm).toContain('>true label<');
    expect(cm).toContain('>50%<');
  });
  it('plots a flat series without dividing by zero', () => {
    expect(svgLines([{ name: 'flat', values: [1, 1, 1] }], 'x')).not.toMatch(/NaN|Infinity/);
  });
});
