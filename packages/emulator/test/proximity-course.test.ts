// Proximity gestures against the course's own recordings: three readings 250 ms apart at the end of a
// 1 s recording ([-500, -250, 0] ms). The real file is read at run time from TINYSPARK_DATA_DIR
// (default: ../shared/data beside the repository) and only printed beside the emulated figures; the
// assertions do not need it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { perform } from '../src/perform.js';

const DATA_DIR = process.env['TINYSPARK_DATA_DIR'] ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const COURSE = `${DATA_DIR.replace(/\/?$/, '/')}tutorial-proximity-gestures.json`;

/** The driver values (PDATA / 8) at 500, 750 and 1000 ms of a 1 s recording. */
function readings(gesture: string, person: number, seed: number): number[] {
  const p = perform(gesture, { person, seed, durationMs: 1000, boardSeed: seed }).proximity;
  return [0.5, 0.75, 1].map((t) => p.raw[Math.min(p.count - 1, Math.round(t * p.rateHz) - 1)]! * p.scale);
}

function summary(rows: number[][]): { mean: number[]; zeros: number } {
  const mean = [0, 1, 2].map((i) => rows.reduce((s, r) => s + r[i]!, 0) / rows.length);
  const zeros = rows.flat().filter((x) => x === 0).length / (rows.length * 3);
  return { mean, zeros };
}

describe('proximity gestures span the course read window', () => {
  it('moving_away reads near / halfway / gone and moving_closer the reverse; a hand that has gone reads 0', () => {
    const emu: Record<string, number[][]> = { moving_closer: [], moving_away: [] };
    for (const g of Object.keys(emu)) for (let person = 0; person < 10; person++) for (let seed = 0; seed < 6; seed++) emu[g]!.push(readings(g, person, seed));
    const away = summary(emu['moving_away']!);
    const closer = summary(emu['moving_closer']!);
    const fmt = (s: { mean: number[]; zeros: number }) => `mean [${s.mean.map((x) => x.toFixed(0)).join(', ')}], ${(s.zeros * 100).toFixed(0)}% of readings exactly 0`;
    console.log(`emulated moving_away ${fmt(away)}; moving_closer ${fmt(closer)}`);
    if (existsSync(COURSE)) {
      const doc = JSON.parse(readFileSync(COURSE, 'utf8')) as { samples: Record<string, number[][]> };
      console.log(`course   moving_away ${fmt(summary(doc.samples['moving_away']!))}; moving_closer ${fmt(summary(doc.samples['moving_closer']!))}`);
    } else {
      console.log(`course recordings not printed: ${COURSE} is absent (set TINYSPARK_DATA_DIR to the folder holding tutorial-proximity-gestures.json)`);
    }
    expect(away.mean[0]!).toBeGreaterThan(90);
    expect(away.mean[1]!).toBeGreaterThan(15);
    expect(away.mean[1]!).toBeLessThan(90);
    expect(away.mean[2]!).toBeLessThan(15);
    expect(closer.mean[0]!).toBeLessThan(40);
    expect(closer.mean[2]!).toBeGreaterThan(100);
    expect(closer.mean[1]!).toBeGreaterThan(closer.mean[0]!);
    expect(away.zeros).toBeGreaterThan(0.08);
    expect(closer.zeros).toBeGreaterThan(0.08);
  });
});
