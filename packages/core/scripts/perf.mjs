// Quick throughput check of the engine on the benchmark workloads W1-W4 (docs/reference/benchmark-workloads.md).
// Not a test: `npx tsc -p tsconfig.build.json && node scripts/perf.mjs`. The real harness is apps/bench.
import { createRng, createTrainer, DenseLayer, Model, shuffleInPlace } from '../dist/index.js';

function glorotModel(sizes, acts, seed, useBias) {
  const rng = createRng(seed);
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l], fanOut = sizes[l + 1];
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    const k = new Float32Array(fanIn * fanOut); // [in][out] as the spec draws it
    for (let i = 0; i < k.length; i++) k[i] = (2 * rng.next() - 1) * lim;
    const w = new Float32Array(fanIn * fanOut); // ours: [out][in]
    for (let i = 0; i < fanIn; i++) for (let o = 0; o < fanOut; o++) w[o * fanIn + i] = k[i * fanOut + o];
    layers.push(new DenseLayer({ inputSize: fanIn, units: fanOut, activation: acts[l], useBias, weights: w }));
  }
  return new Model(layers);
}

function w1Data() {
  const rng = createRng(42);
  const P = new Float64Array(6 * 150);
  for (let i = 0; i < P.length; i++) P[i] = Math.fround(2 * rng.next() - 1);
  const X = new Float32Array(4096 * 150);
  for (let i = 0; i < X.length; i++) X[i] = 2 * rng.next() - 1;
  const Y = new Float32Array(4096 * 6);
  const labels = new Int32Array(4096);
  for (let s = 0; s < 4096; s++) {
    let best = 0, bestV = -Infinity;
    for (let c = 0; c < 6; c++) {
      let acc = 0;
      for (let f = 0; f < 150; f++) acc += P[c * 150 + f] * X[s * 150 + f];
      if (acc > bestV) { bestV = acc; best = c; }
    }
    labels[s] = best;
    Y[s * 6 + best] = 1;
  }
  return { X, Y, labels };
}

function trainW1(d, epochs = 5, firstSeed = 1000) {
  const model = glorotModel([150, 32, 16, 6], ['relu', 'relu', 'softmax'], 7, true);
  const tr = createTrainer(model, { optimizer: { type: 'sgd', learningRate: 0.05 }, maxBatchSize: 32 });
  const xb = new Float32Array(32 * 150), yb = new Float32Array(32 * 6);
  const perm = new Int32Array(4096);
  let lastLoss = 0;
  for (let e = 0; e < epochs; e++) {
    for (let i = 0; i < 4096; i++) perm[i] = i;
    shuffleInPlace(perm, createRng(firstSeed + e));
    let sum = 0;
    for (let b = 0; b < 128; b++) {
      for (let s = 0; s < 32; s++) {
        const src = perm[b * 32 + s];
        xb.set(d.X.subarray(src * 150, src * 150 + 150), s * 150);
        yb.set(d.Y.subarray(src * 6, src * 6 + 6), s * 6);
      }
      sum += tr.step(xb, yb, 32);
    }
    lastLoss = sum / 128;
  }
  return { model, lastLoss };
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
function time(fn, minMs = 1000, minReps = 3) {
  const ts = [];
  let total = 0;
  while (ts.length < minReps || (total < minMs && ts.length < 200)) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    ts.push(dt);
    total += dt;
  }
  return median(ts);
}

const d = w1Data();
trainW1(d, 1, 999);
let trained;
const t1 = time(() => { trained = trainW1(d); });
let hits = 0;
for (let s = 0; s < 4096; s++) {
  const o = trained.model.predict(d.X.subarray(s * 150, s * 150 + 150));
  let b = 0; for (let j = 1; j < 6; j++) if (o[j] > o[b]) b = j;
  if (b === d.labels[s]) hits++;
}
console.log(`W1 train: ${(5 * 4096 / (t1 / 1000)).toFixed(0)} samples/s; accuracy ${(hits / 4096).toFixed(4)} (${hits}/4096), last-epoch loss ${trained.lastLoss.toFixed(5)}`);

// W2
{
  const rng = createRng(42);
  const M = new Float64Array(6);
  for (let i = 0; i < 6; i++) M[i] = Math.fround(2 * rng.next() - 1);
  const X = new Float32Array(30);
  for (let i = 0; i < 30; i++) X[i] = 2 * rng.next() - 1;
  const Y = new Float32Array(20);
  for (let s = 0; s < 10; s++) for (let j = 0; j < 2; j++) { let a = 0; for (let i = 0; i < 3; i++) a += X[s * 3 + i] * M[i * 2 + j]; Y[s * 2 + j] = a; }
  const xs = [], ys = [];
  for (let s = 0; s < 10; s++) { xs.push(X.subarray(s * 3, s * 3 + 3)); ys.push(Y.subarray(s * 2, s * 2 + 2)); }
  let finalLoss = 0;
  const run = () => {
    const model = glorotModel([3, 2, 2], ['linear', 'linear'], 7, false);
    const tr = createTrainer(model, { loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 }, maxBatchSize: 1 });
    for (let e = 0; e < 1000; e++) for (let s = 0; s < 10; s++) tr.step(xs[s], ys[s], 1);
    let l = 0;
    for (let s = 0; s < 10; s++) { const o = model.predict(xs[s]); for (let j = 0; j < 2; j++) l += 0.5 * (o[j] - ys[s][j]) ** 2; }
    finalLoss = l / 10;
  };
  run();
  const t2 = time(run);
  console.log(`W2 per-sample SGD: ${(10000 / (t2 / 1000)).toFixed(0)} samples/s; final mean loss ${finalLoss.toFixed(5)}`);
}

// W3
{
  const m = trained.model;
  let acc = 0;
  const block = () => {
    acc = 0;
    for (let i = 0; i < 20000; i++) {
      const s = i % 4096;
      const o = m.predict(d.X.subarray(s * 150, s * 150 + 150));
      let b = 0; for (let j = 1; j < 6; j++) if (o[j] > o[b]) b = j;
      if (b === d.labels[s]) acc++;
    }
  };
  for (let i = 0; i < 500; i++) m.predict(d.X.subarray(0, 150));
  const t3 = time(block);
  console.log(`W3 batch-1 predict: ${(20000 / (t3 / 1000)).toFixed(0)} /s; accuracy ${(acc / 20000).toFixed(4)}`);
}

// W4
{
  const m = trained.model;
  const pass = () => { for (let b = 0; b < 16; b++) m.predictBatch(d.X.subarray(b * 256 * 150, (b + 1) * 256 * 150), 256); };
  pass();
  const t4 = time(pass);
  console.log(`W4 batch-256 predict: ${(4096 / (t4 / 1000)).toFixed(0)} samples/s`);
}
