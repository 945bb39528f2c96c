// The float32 / double / rounding rules of quantization.md, checked against gcc-compiled C
// (test/support/tflm_prepare_reference.c, a plain transcription of the TFLM/TFLite code paths) on
// seeded random and adversarial (near-tie) inputs. Every case set is built so that computing the
// step in the wrong precision or with the wrong rounding changes some results (asserted below).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseActivationParams, quantizeBias } from '../src/convert/index.js';
import { cFloatLiteral } from '../src/codegen/index.js';
import {
  activationBounds,
  extractFeatures,
  fullyConnectedRealMultiplier,
  quantizeMultiplier,
  quantizeValueInt8,
  roundHalfAwayFromZero,
  type InputPipeline,
} from '../src/runtime/index.js';
import { seededRng } from './support/seeded-rng.js';

const SOURCE = fileURLToPath(new URL('./support/tflm_prepare_reference.c', import.meta.url));
const hexf = (v: number): string => cFloatLiteral(Math.fround(v)).replace(/f$/, '');
const f32 = Math.fround;
const view = new DataView(new ArrayBuffer(4));
/** The IEEE-754 bit pattern of a float32 (as the C program prints it). */
const bitsOf = (v: number): string => {
  view.setFloat32(0, v);
  return String(view.getUint32(0));
};
/** The float32 `k` ulps away from float32 v. */
const ulps = (v: number, k: number): number => {
  view.setFloat32(0, v);
  view.setInt32(0, view.getInt32(0) + (v < 0 ? -k : k));
  return view.getFloat32(0);
};

describe('device float rules against gcc-compiled C (TFLM Prepare, QUANTIZE, converter)', () => {
  let dir = '';
  let exe = '';
  const run = (lines: string[]): string[] =>
    execFileSync(exe, { input: lines.join('\n') + '\n', maxBuffer: 64 << 20 }).toString().trim().split('\n');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tinyspark-tflm-'));
    exe = join(dir, 'ref');
    execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic-errors', '-O2', '-ffp-contract=off', '-o', exe, SOURCE, '-lm'], { stdio: 'pipe' });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('FC output multiplier: per tensor from the float32 product, per channel in double (4000 triples)', () => {
    const rng = seededRng(41);
    const lines: string[] = [];
    const ts: string[] = [];
    let precisionMatters = 0;
    for (let i = 0; i < 4000; i++) {
      const a = f32(2 ** rng.int(-12, 2) * (1 + rng.next()));
      const b = f32(2 ** rng.int(-12, 0) * (1 + rng.next()));
      const c = f32(2 ** rng.int(-10, 3) * (1 + rng.next()));
      const perChannel = i % 2 === 1;
      lines.push(`M ${hexf(a)} ${hexf(b)} ${hexf(c)} ${perChannel ? 1 : 0}`);
      const q = quantizeMultiplier(fullyConnectedRealMultiplier(a, b, c, perChannel));
      ts.push(`${q.multiplier} ${q.shift}`);
      const other = quantizeMultiplier(fullyConnectedRealMultiplier(a, b, c, !perChannel));
      if (other.multiplier !== q.multiplier) precisionMatters++;
    }
    expect(run(lines)).toEqual(ts);
    expect(precisionMatters).toBeGreaterThan(1000);
  });

  it('RELU6 upper bound: zp + roundf(6.0f / scale) with a float32 division (near-tie scales)', () => {
    const rng = seededRng(42);
    const lines: string[] = [];
    const ts: string[] = [];
    let doubleDiffers = 0;
    for (let i = 0; i < 3000; i++) {
      // 6 / s close to k + 0.5, so float32 and double division can round to different integers
      const k = rng.int(10, 200);
      const s = ulps(f32(6 / (k + 0.5)), rng.int(-3, 3));
      const zp = rng.int(-128, -100);
      lines.push(`R ${hexf(s)} ${zp}`);
      const b = activationBounds('relu6', s, zp);
      ts.push(`${b.min} ${b.max}`);
      if (Math.min(127, zp + roundHalfAwayFromZero(6 / s)) !== b.max) doubleDiffers++;
    }
    expect(run(lines)).toEqual(ts);
    expect(doubleDiffers).toBeGreaterThan(0);
  });

  it('input QUANTIZE: roundf(value / scale) + zp in float32, half away from zero (near-tie values)', () => {
    const rng = seededRng(43);
    const lines: string[] = [];
    const ts: string[] = [];
    let doubleDiffers = 0;
    let mathRoundDiffers = 0;
    for (let i = 0; i < 6000; i++) {
      const s = f32(2 ** rng.int(-9, -2) * (1 + rng.next()));
      const zp = rng.int(-128, 127);
      const k = rng.int(-140, 140);
      const v = i % 3 === 0 ? f32((rng.next() - 0.5) * 300 * s) : ulps(f32((k + 0.5) * s), rng.int(-2, 2));
      lines.push(`Q ${hexf(v)} ${hexf(s)} ${zp}`);
      const q = quantizeValueInt8(v, s, zp);
      ts.push(String(q));
      const clamp = (r: number): number => Math.max(-128, Math.min(127, r));
      if (clamp(roundHalfAwayFromZero(v / s) + zp) !== q) doubleDiffers++;
      if (clamp(Math.round(f32(v / s)) + zp) !== q) mathRoundDiffers++;
    }
    expect(run(lines)).toEqual(ts);
    expect(doubleDiffers).toBeGreaterThan(0);
    expect(mathRoundDiffers).toBeGreaterThan(0);
  });

  it('activation scale and zero point: GetAsymmetricQuantizationParams in float32 (near-tie ranges)', () => {
    const rng = seededRng(44);
    const lines: string[] = [];
    const ts: string[] = [];
    let doubleDiffers = 0;
    for (let i = 0; i < 4000; i++) {
      const t = f32(2 ** rng.int(-8, 2) * (1 + rng.next()));
      const j = rng.int(1, 253);
      const lo = i % 4 === 0 ? f32(-rng.next() * 10) : ulps(f32(-(j + 0.5) * t), rng.int(-2, 2));
      const hi = i % 4 === 0 ? f32(rng.next() * 10) : f32((254.5 - j) * t);
      lines.push(`A ${hexf(lo)} ${hexf(hi)}`);
      const p = chooseActivationParams(lo, hi);
      ts.push(`${bitsOf(p.scale)} ${p.zeroPoint}`);
      const dScale = (hi - lo) / 255;
      const dZp = -128 - lo / dScale;
      const dq = dZp < -128 ? -128 : dZp > 127 ? 127 : roundHalfAwayFromZero(dZp);
      if (dq !== p.zeroPoint) doubleDiffers++;
    }
    expect(run(lines)).toEqual(ts);
    expect(doubleDiffers).toBeGreaterThan(0);
  });

  it('int32 bias: round(b * float32(1 / float32(s_in * s_w))) (near-tie biases)', () => {
    const rng = seededRng(45);
    const lines: string[] = [];
    const ts: string[] = [];
    let doubleDiffers = 0;
    for (let i = 0; i < 4000; i++) {
      const si = f32(2 ** rng.int(-8, -2) * (1 + rng.next()));
      const sw = f32(2 ** rng.int(-9, -3) * (1 + rng.next()));
      const k = rng.int(-5000, 5000);
      const b = ulps(f32((k + 0.5) * f32(si * sw)), rng.int(-1, 1));
      lines.push(`B ${hexf(b)} ${hexf(si)} ${hexf(sw)}`);
      const q = quantizeBias(Float32Array.of(b), si, Float32Array.of(sw))[0]!;
      ts.push(String(q));
      if (roundHalfAwayFromZero(b / (si * sw)) !== q) doubleDiffers++;
    }
    expect(run(lines)).toEqual(ts);
    expect(doubleDiffers).toBeGreaterThan(0);
  });

  it('pipeline features: (value - offset) * scale in float32 (extractFeatures)', () => {
    const rng = seededRng(46);
    const lines: string[] = [];
    const ts: string[] = [];
    let doubleDiffers = 0;
    for (let i = 0; i < 3000; i++) {
      const v = f32((rng.next() - 0.5) * 2 ** rng.int(0, 8));
      const o = f32((rng.next() - 0.5) * 2 ** rng.int(-4, 6));
      const k = f32(2 ** rng.int(-8, 2) * (1 + rng.next()));
      const pipeline: InputPipeline = { sensor: 'imu', axes: ['ax'], windowLength: 1, intervalMs: 10, scale: [k], offset: [o], layout: 'time-major' };
      const feature = extractFeatures(pipeline, { intervalMs: 10, axes: ['ax'], values: [[v]] })[0]!;
      lines.push(`F ${hexf(v)} ${hexf(o)} ${hexf(k)}`);
      ts.push(bitsOf(feature));
      if (f32((v - o) * k) !== feature) doubleDiffers++;
    }
    expect(run(lines)).toEqual(ts);
    expect(doubleDiffers).toBeGreaterThan(0);
  });
});
