import { describe, expect, it } from 'vitest';
import {
  ACCEL_RANGES_G,
  ACCEL_RATES_HZ,
  GYRO_RANGES_DPS,
  GYRO_RATES_HZ,
  STANDARD_GRAVITY,
  accelLsb,
  gyroLsb,
  imuNoiseSigma,
} from './lsm6ds3trc.js';
import { axisStats, collectingBoard, quantizedMoments, rawOf, run } from '../../test/support/collect.js';

// Figures copied from hardware.md (DS-IMU p21 Table 3 and the driver's conversion), not computed here.
const ACCEL_LSB_TABLE: Record<number, number> = { 2: 5.98206e-4, 4: 1.196411e-3, 8: 2.392823e-3, 16: 4.785645e-3 };
const GYRO_LSB_TABLE: Record<number, number> = { 125: 7.63582e-5, 250: 1.527163e-4, 500: 3.054326e-4, 1000: 6.108652e-4, 2000: 1.22173e-3 };

describe('LSM6DS3TR-C sensitivities', () => {
  it('match the datasheet table as the driver converts them', () => {
    for (const r of ACCEL_RANGES_G) expect(accelLsb(r) / ACCEL_LSB_TABLE[r]! - 1).toBeLessThan(1e-6);
    for (const r of GYRO_RANGES_DPS) expect(Math.abs(gyroLsb(r) / GYRO_LSB_TABLE[r]! - 1)).toBeLessThan(1e-6);
  });

  it('the default noise is the datasheet-derived figure of hardware.md (0.0064 m/s^2, 6.3e-4 rad/s at 104 Hz)', () => {
    expect(imuNoiseSigma('accelerometer', { rateHz: 104, range: 4 })).toBeCloseTo(0.0064, 4);
    expect(imuNoiseSigma('gyroscope', { rateHz: 104, range: 250 })).toBeCloseTo(6.3e-4, 5);
  });

  it('rejects an unsupported rate with the supported ones listed', () => {
    const { board } = collectingBoard(1, []);
    expect(() => board.configure({ accelerometer: { rateHz: 100 } })).toThrowError(/supported: 1\.6, 12\.5, 26/);
    expect(() => board.configure({ gyroscope: { rateHz: 1.6 } })).toThrowError(expect.objectContaining({ code: 'EMU_ERR_UNSUPPORTED_RATE', field: 'gyroscope.rateHz' }));
    expect(() => board.configure({ accelerometer: { range: 3 } })).toThrowError(expect.objectContaining({ code: 'EMU_ERR_UNSUPPORTED_RANGE' }));
  });
});

describe('LSM6DS3TR-C at rest on the virtual clock (every range and rate)', () => {
  const N = 3000;
  for (const part of ['accelerometer', 'gyroscope'] as const) {
    const ranges = part === 'accelerometer' ? ACCEL_RANGES_G : GYRO_RANGES_DPS;
    const rates = part === 'accelerometer' ? ACCEL_RATES_HZ : GYRO_RATES_HZ;
    it(`${part}: mean = flat truth + a bias within the typical offset spec, per-axis sigma = datasheet noise, exact counts`, () => {
      let seed = 100;
      for (const range of ranges) {
        for (const rateHz of rates) {
          const b = collectingBoard(seed++, [part]);
          b.board.configure({ [part]: { range, rateHz } });
          const durationMs = (N / rateHz) * 1000;
          run(b, durationMs);
          const raw = rawOf(b.frames, part);
          expect(raw.length / 3).toBe(Math.floor((rateHz * durationMs) / 1000 + 1e-9));
          const lsb = part === 'accelerometer' ? accelLsb(range) : gyroLsb(range);
          const { mean, sd } = axisStats(raw, 3);
          const truth = part === 'accelerometer' ? [0, 0, STANDARD_GRAVITY] : [0, 0, 0];
          const spec = part === 'accelerometer' ? 0.04 * STANDARD_GRAVITY : (3 * Math.PI) / 180; // +-40 mg, +-3 dps
          const sigma = imuNoiseSigma(part, { rateHz, range });
          const bias = (part === 'accelerometer' ? b.board.sensors.accelerometer : b.board.sensors.gyroscope).bias;
          for (let a = 0; a < 3; a++) {
            // white noise of the datasheet density, then rounding to the LSB grid (exact moments)
            const q = quantizedMoments((truth[a]! + bias[a]!) / lsb, sigma / lsb);
            const meanSi = mean[a]! * lsb;
            expect(Math.abs(meanSi - truth[a]!)).toBeLessThanOrEqual(spec + lsb);
            expect(Math.abs(mean[a]! - q.mean)).toBeLessThanOrEqual(5 * q.sd / Math.sqrt(N) + 1e-9);
            expect(sd[a]! / q.sd).toBeGreaterThan(0.92);
            expect(sd[a]! / q.sd).toBeLessThan(1.08);
          }
        }
      }
    });
  }

  it('the sample count is exactly rate x duration (an hour at 104 Hz = 374400 samples)', () => {
    const b = collectingBoard(1, ['accelerometer', 'gyroscope', 'proximity']);
    run(b, 3_600_000);
    expect(rawOf(b.frames, 'accelerometer').length / 3).toBe(374_400);
    expect(rawOf(b.frames, 'gyroscope').length / 3).toBe(374_400);
    expect(rawOf(b.frames, 'proximity').length).toBe(Math.floor((3_600_000 * 1000) / (2.73 * 5 + 8 * 0.016) / 1000));
    // sequence numbers are contiguous and timestamps on the sample grid
    const acc = b.frames.filter((f) => f.sensor === 'accelerometer');
    let seq = 0;
    for (const f of acc) {
      expect(f.seq).toBe(seq);
      expect(f.t0Us).toBeCloseTo((seq + 1) * (1e6 / 104), 3);
      seq += f.count;
    }
  });

  it('saturates at the int16 rails and never beyond', () => {
    const b = collectingBoard(3, ['accelerometer', 'gyroscope']);
    b.board.configure({ accelerometer: { range: 2 }, gyroscope: { range: 125 } });
    b.board.perform('wave', 0, 1, { amplitude: 1.6 });
    b.board.perform('wave', 0, 1, { amplitude: 1.6 });
    run(b, 1000);
    const acc = rawOf(b.frames, 'accelerometer');
    const gyr = rawOf(b.frames, 'gyroscope');
    const atRail = (r: Int16Array): number => r.filter((v) => v === 32767 || v === -32768).length;
    expect(atRail(acc)).toBeGreaterThan(0);
    expect(atRail(gyr)).toBeGreaterThan(0);
  });
});
