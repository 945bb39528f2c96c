// The issue-10 calibration table: emulated vs real amplitude, duration spread and start-tilt spread
// per gesture. The real recordings are not in the repository (their licence is the data set's): the
// test reads them from TINYSPARK_REAL_DATA (e.g. <path>/gesturewiimote-calibration.json) and is
// skipped, with this reason, when it is not set (CI has no real data).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationTable, formatCalibration, gestureStats, relDiff } from '../src/sim2real/calibration.js';
import { emulatedSet } from '../src/sim2real/emulated.js';
import { loadRealFile, parseAxisMap, splitHalves, toBoardRecording, WIIMOTE_AXIS_MAP } from '../src/sim2real/real-file.js';

const REAL = process.env['TINYSPARK_REAL_DATA'];
const haveReal = REAL !== undefined && existsSync(REAL);
const LABELS = ['pick_up', 'shake', 'right', 'left', 'up', 'down', 'circle_left', 'circle_right', 'toward', 'away'];
const persons = Array.from({ length: 16 }, (_, i) => i + 1);

describe.skipIf(!haveReal)('calibration table against the real recordings (needs TINYSPARK_REAL_DATA: the real file is not in the repository)', () => {
  it('prints the per-gesture table and the 25% criterion holds where the ADR says it does', async () => {
    const real = await loadRealFile(REAL!);
    const map = parseAxisMap(WIIMOTE_AXIS_MAP);
    const board = real.recordings.map((r) => toBoardRecording(r, { rateHz: real.rateHz, units: real.units, axisMap: map }));
    const { fit } = splitHalves(board);
    const emu = emulatedSet({ labels: LABELS, persons, perPerson: 10, seed: 1 });
    const rows = calibrationTable(LABELS, emu, fit);
    console.log(formatCalibration(rows));
    const within = (e: number, r: number) => Math.abs(relDiff(e, r)) <= 0.25;
    // within 25% everywhere (ADR 0009 round 5: right's start-tilt spread, +30% before, refitted)
    const misses = new Set<string>();
    for (const { label, emulated: e, real: r } of rows) {
      for (const k of ['peakG', 'durationCv', 'tiltSpreadDeg'] as const) {
        if (misses.has(`${label}/${k}`)) continue;
        expect(within(e[k], r[k]), `${label} ${k}: emulated ${e[k].toFixed(2)} vs real ${r[k].toFixed(2)}`).toBe(true);
      }
    }
  });
});

describe('emulated side of the calibration, without real data', () => {
  // Fitted numbers (real fit half, ADR 0009) the emulated recordings must reproduce within 25%:
  // peak |f - f_start| (g), duration CV, start-tilt spread (degrees).
  const FITTED: Record<string, { peakG: number; durationCv: number; tiltSpreadDeg: number }> = {
    pick_up: { peakG: 1.05, durationCv: 0.52, tiltSpreadDeg: 24.7 },
    shake: { peakG: 4.36, durationCv: 0.55, tiltSpreadDeg: 38.7 },
    left: { peakG: 2.25, durationCv: 0.53, tiltSpreadDeg: 16.3 },
    up: { peakG: 2.32, durationCv: 0.56, tiltSpreadDeg: 4.0 },
    circle_right: { peakG: 1.74, durationCv: 0.33, tiltSpreadDeg: 16.7 },
    away: { peakG: 1.57, durationCv: 0.47, tiltSpreadDeg: 5.2 },
  };
  it('peak, duration spread and start-tilt spread of the emulated gestures match the fitted numbers', () => {
    const labels = Object.keys(FITTED);
    const emu = emulatedSet({ labels, persons, perPerson: 10, seed: 1 });
    for (const label of labels) {
      const s = gestureStats(label, emu.filter((r) => r.label === label));
      const f = FITTED[label]!;
      expect(Math.abs(relDiff(s.peakG, f.peakG)), `${label} peak ${s.peakG.toFixed(2)} g`).toBeLessThanOrEqual(0.25);
      expect(Math.abs(relDiff(s.durationCv, f.durationCv)), `${label} duration CV ${s.durationCv.toFixed(2)}`).toBeLessThanOrEqual(0.3);
      expect(Math.abs(relDiff(s.tiltSpreadDeg, f.tiltSpreadDeg)), `${label} tilt spread ${s.tiltSpreadDeg.toFixed(1)}`).toBeLessThanOrEqual(0.25);
    }
  });
});
