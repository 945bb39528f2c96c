import { describe, expect, it } from 'vitest';
import { EmulatorError } from '../errors.js';
import { STANDARD_GRAVITY } from '../sensors/lsm6ds3trc.js';
import { applyAxisMap, formatAxisMap, parseAxisMap } from './axis-map.js';
import { importRecording } from './import-recording.js';
import { interpolateAt, resampleTrack } from './resample.js';
import { resampleRecording } from './resample-recording.js';
import { convertUnits, parseSensorList, unitFactor } from './units.js';

function thrown(f: () => unknown): EmulatorError {
  try {
    f();
  } catch (e) {
    if (e instanceof EmulatorError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('units', () => {
  it('converts g, mg, m/s2, dps, mdps, rad/s, counts to the board units', () => {
    expect(unitFactor('accelerometer', 'g')).toBe(STANDARD_GRAVITY);
    expect(unitFactor('accelerometer', 'm/s²')).toBe(1);
    expect(unitFactor('gyroscope', 'dps')).toBeCloseTo(Math.PI / 180, 15);
    expect(unitFactor('gyroscope', 'rad/s')).toBe(1);
    expect(unitFactor('proximity', 'counts')).toBe(1 / 8);
    expect([...convertUnits([1, -0.5], 'accelerometer', 'g')]).toEqual([STANDARD_GRAVITY, -STANDARD_GRAVITY / 2]);
    expect([...convertUnits([180], 'gyroscope', 'dps', 'rad/s')][0]).toBeCloseTo(Math.PI, 12);
    expect([...convertUnits([STANDARD_GRAVITY], 'accelerometer', 'm/s2', 'g')]).toEqual([1]);
  });

  it('an unknown unit is a typed error naming the field and listing the known ones', () => {
    const e = thrown(() => unitFactor('accelerometer', 'furlong', 'units.accelerometer'));
    expect(e.code).toBe('EMU_ERR_UNKNOWN_UNIT');
    expect(e.field).toBe('units.accelerometer');
    expect(e.supported).toContain('m/s2');
    expect(e.message).toMatch(/^\[emulator\] EMU_ERR_UNKNOWN_UNIT: units.accelerometer: "furlong"/);
  });

  it('parses sensor subsets', () => {
    expect(parseSensorList('accel')).toEqual(['accelerometer']);
    expect(parseSensorList('gyro, accel,accel')).toEqual(['gyroscope', 'accelerometer']);
    expect(thrown(() => parseSensorList('magneto')).field).toBe('sensors');
  });
});

describe('axis map', () => {
  it('x=-y,y=x,z=z maps the recording frame to the board frame', () => {
    const m = parseAxisMap('x=-y,y=x,z=z');
    expect(m).toEqual({ source: [1, 0, 2], sign: [-1, 1, 1] });
    expect(formatAxisMap(m)).toBe('x=-y,y=x,z=z');
    expect([...applyAxisMap([1, 2, 3, 4, 5, 6], m)]).toEqual([-2, 1, 3, -5, 4, 6]);
    expect([...applyAxisMap([1, 2, 3], 'x=x,y=-y,z=-z')]).toEqual([1, -2, -3]);
  });

  it('rejects maps that are not signed permutations, naming the field', () => {
    for (const bad of ['x=y,y=y,z=z', 'x=-y,y=x', 'x=2y,y=x,z=z', 'x=x,x=y,z=z']) {
      const e = thrown(() => parseAxisMap(bad, 'axis-map'));
      expect(e.code).toBe('EMU_ERR_INVALID_OPTION');
      expect(e.field).toBe('axis-map');
    }
  });
});

describe('band-limited resampling', () => {
  it('is the identity where the rates agree', () => {
    const v = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.37) + (i % 7) * 0.1);
    expect([...resampleTrack(v, 3, 104, 104)]).toEqual([...v]);
  });

  it('passes a constant (gravity) unchanged and keeps the duration', () => {
    const v = new Float64Array(3 * 100).fill(9.80665);
    const r = resampleTrack(v, 3, 100, 104);
    expect(r.length).toBe(3 * 104);
    for (const x of r) expect(x).toBeCloseTo(9.80665, 12);
  });

  it('reconstructs an in-band sine between the samples (not nearest-sample)', () => {
    const from = 100;
    const to = 104;
    const f = 5; // Hz, well inside both bands
    const n = 400;
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / from));
    const r = resampleTrack(v, 1, from, to);
    let worst = 0;
    // away from the ends (the kernel holds the end samples there)
    for (let k = 30; k < r.length - 30; k++) worst = Math.max(worst, Math.abs(r[k]! - Math.sin((2 * Math.PI * f * k) / to)));
    expect(worst).toBeLessThan(2e-3);
    // nearest-sample would be off by up to ~ 2 pi f / (2 from) = 0.157
  });

  it('removes content above the target Nyquist frequency when downsampling', () => {
    const from = 416;
    const to = 104;
    const n = 4160;
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 150 * i) / from)); // 150 Hz > 52 Hz
    const r = resampleTrack(v, 1, from, to);
    let rms = 0;
    for (let k = 50; k < r.length - 50; k++) rms += r[k]! ** 2;
    rms = Math.sqrt(rms / (r.length - 100));
    expect(rms).toBeLessThan(0.01); // nearest-sample would alias it to a 46 Hz tone of rms 0.71
  });

  it('interpolateAt returns source samples exactly on the grid', () => {
    const v = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const out = new Float64Array(3);
    interpolateAt(v, 3, 2, 1, 1, out, 0);
    expect([...out]).toEqual([4, 5, 6]);
  });
});

describe('importRecording', () => {
  it('reads the data sets\' { recordings: [...] } format in g, with a rate and an axis map', () => {
    const doc = { recordings: [{ label: 'up', ax: [0, 0.5], ay: [1, 0], az: [0, 1] }] };
    const r = importRecording(doc, { rateHz: 100, axisMap: 'x=-y,y=x,z=z' });
    expect(r.label).toBe('up');
    expect(r.durationMs).toBe(20);
    const t = r.tracks.accelerometer!;
    expect(t.rateHz).toBe(100);
    expect([...t.values]).toEqual([-1, 0, 0, 0, 0.5, 1].map((x) => x * STANDARD_GRAVITY));
    expect(r.tracks.gyroscope).toBeUndefined();
  });

  it('reads Edge Impulse JSON (the dataset folder format) with its units and label', () => {
    const doc = {
      payload: {
        interval_ms: 10,
        sensors: [
          { name: 'accX', units: 'm/s2' },
          { name: 'accY', units: 'm/s2' },
          { name: 'accZ', units: 'm/s2' },
          { name: 'gyrX', units: 'dps' },
          { name: 'gyrY', units: 'dps' },
          { name: 'gyrZ', units: 'dps' },
        ],
        values: [
          [0, 0, 9.8, 180, 0, 0],
          [1, 2, 3, 0, -90, 0],
        ],
      },
      tinyspark: { label: 'shake' },
    };
    const r = importRecording(doc);
    expect(r.label).toBe('shake');
    expect(r.tracks.accelerometer!.rateHz).toBe(100);
    expect([...r.tracks.accelerometer!.values]).toEqual([0, 0, 9.8, 1, 2, 3]);
    expect(r.tracks.gyroscope!.values[0]).toBeCloseTo(Math.PI, 12);
    expect(r.tracks.gyroscope!.values[4]).toBeCloseTo(-Math.PI / 2, 12);
    const only = importRecording(doc, { sensors: ['accelerometer'] });
    expect(Object.keys(only.tracks)).toEqual(['accelerometer']);
  });

  it('reads CSV with timestamps, units in the header and a label column', () => {
    const csv = 'timestamp,ax (g),ay (g),az (g),label\n0,0,0,1,lift\n20,0,0,1.5,lift\n40,0,0,1,lift\n';
    const r = importRecording(csv);
    expect(r.label).toBe('lift');
    expect(r.tracks.accelerometer!.rateHz).toBe(50);
    expect(r.tracks.accelerometer!.values[5]).toBeCloseTo(1.5 * STANDARD_GRAVITY, 12);
  });

  it('names the field of a NaN, a missing rate, an unknown unit and a too-long recording', () => {
    const nan = thrown(() => importRecording({ recordings: [{ label: 'a', ax: [0, null], ay: [0, 0], az: [1, 1] }] }, { rateHz: 100 }));
    expect(nan.code).toBe('EMU_ERR_BAD_RECORDING');
    expect(nan.field).toBe('recordings[0].ax[1]');
    const csvNan = thrown(() => importRecording('t,ax,ay,az\n0,0,0,1\n10,NaN,0,1\n'));
    expect(csvNan.field).toBe('csv.line 3.ax');
    const noRate = thrown(() => importRecording({ recordings: [{ label: 'a', ax: [0], ay: [0], az: [1] }] }));
    expect(noRate.field).toBe('rateHz');
    const unit = thrown(() => importRecording({ payload: { interval_ms: 10, sensors: [{ name: 'ax', units: 'furlong' }, { name: 'ay', units: 'g' }, { name: 'az', units: 'g' }], values: [[0, 0, 1]] } }));
    expect(unit.code).toBe('EMU_ERR_UNKNOWN_UNIT');
    expect(unit.field).toBe('payload.sensors[0].units');
    const unitOpt = thrown(() => importRecording({ recordings: [{ ax: [0], ay: [0], az: [1] }] }, { rateHz: 100, units: { accelerometer: 'kg' } }));
    expect(unitOpt.field).toBe('units.accelerometer');
    const long = thrown(() => importRecording({ ax: new Array(2000).fill(0), ay: new Array(2000).fill(0), az: new Array(2000).fill(1) }, { rateHz: 100, maxDurationMs: 10_000 }));
    expect(long.code).toBe('EMU_ERR_RECORDING_TOO_LONG');
    expect(long.field).toBe('(recording)');
    const axes = thrown(() => importRecording({ ax: [0], ay: [0] }, { rateHz: 100 }));
    expect(axes.code).toBe('EMU_ERR_BAD_RECORDING');
  });

  it('resampleRecording brings every track to the board rate with count = rate x duration', () => {
    const n = 250; // 2.5 s at 100 Hz
    const rec = importRecording({ ax: new Array(n).fill(0), ay: new Array(n).fill(0), az: new Array(n).fill(1) }, { rateHz: 100 });
    const r = resampleRecording(rec, 104);
    expect(r.tracks.accelerometer!.count).toBe(260);
    expect(r.durationMs).toBeCloseTo(2500, 9);
    expect(resampleRecording(rec, 100).tracks.accelerometer).toBe(rec.tracks.accelerometer);
  });
});
