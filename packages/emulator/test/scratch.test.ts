import { it } from 'vitest';
import { extractFeatures } from '@tinyspark/quantizer/runtime';
import { GESTURES, PROXIMITY_GESTURES } from '../src/gestures.js';
import { perform } from '../src/perform.js';
import { createRng } from '../src/rng.js';
import { TinyMlp } from '../src/test-mlp.js';
const P = { sensor: 'imu' as const, axes: ['ax','ay','az','gx','gy','gz'], windowLength: 26, intervalMs: 38.4615, scale: [0.1,0.1,0.1,1,1,1], offset: [0,0,0,0,0,0], layout: 'time-major' as const };
it('conf', () => {
  const labels = GESTURES.filter((g) => !PROXIMITY_GESTURES.includes(g));
  const data = (persons: number[], seeds: number) => { const xs: Float32Array[] = []; const ys: number[] = [];
    for (const person of persons) for (let seed = 0; seed < seeds; seed++) labels.forEach((g, y) => { xs.push(extractFeatures(P, perform(g, { person, seed: 1000 * person + seed }).toSensorRecording('imu'))); ys.push(y); });
    return { xs, ys }; };
  const train = data([0,1,2,3,4,5,6,7], 12);
  for (const tp of [[8],[9],[10],[11],[12],[13,14,15]]) {
  const test = data(tp, 8);
  const rng = createRng(3); const mlp = new TinyMlp(156, 32, labels.length, rng); mlp.train(train.xs, train.ys, 30, 0.01, rng);
  const conf = labels.map(() => labels.map(() => 0));
  test.ys.forEach((y, i) => conf[y]![mlp.predict(test.xs[i]!)]!++);
  const acc = test.ys.filter((y, i) => mlp.predict(test.xs[i]!) === y).length / test.ys.length;
  console.log(tp, acc.toFixed(3), labels.map((l, i) => `${l}:${conf[i]!.map((c, j) => (c && j !== i ? `${labels[j]}=${c}` : '')).filter(Boolean).join(',')}`).filter((s) => !s.endsWith(':')).join(' | '));
  }
});
