import type { Engine, Predictor, TrainOutcome, W1Job, W2Job } from './engine.js';
import { JsMlp } from './js-mlp.js';
import { runW1Epochs } from '../workload/w1-epochs.js';
import { W1 } from '../workload/w1-data.js';
import { W2, w2Rows } from '../workload/w2-data.js';

function predictorOf(net: JsMlp, features: number): Predictor {
  return {
    predictOne: (input) => net.forward(input.subarray(0, features), 1),
    predictBatch: (inputs, batch) => net.forward(inputs, batch),
    dispose: () => undefined,
  };
}

/** Trains W1 with the plain-JS network in the spec's order; shared by the reference engine and tests. */
export function trainW1Js(job: W1Job): { lastEpochLoss: number; net: JsMlp } {
  const { data } = job;
  const batch = W1.batchSize;
  const net = new JsMlp({
    init: job.init,
    activations: W1.activations,
    useBias: true,
    loss: 'categorical_crossentropy',
    learningRate: W1.learningRate,
    maxBatch: Math.max(batch, 256),
  });
  const lastEpochLoss = runW1Epochs(data, job.epochSeeds, batch, (xb, yb, n) => net.step(xb, yb, n));
  return { lastEpochLoss, net };
}

/** Per-sample SGD on W2 in the fixed order. */
export function trainW2Js(job: W2Job): JsMlp {
  const net = new JsMlp({
    init: job.init,
    activations: ['linear', 'linear'],
    useBias: false,
    loss: 'mse',
    learningRate: W2.learningRate,
    maxBatch: 1,
  });
  const { xs, ys } = w2Rows(job.data);
  for (let e = 0; e < job.epochs; e++) {
    for (let s = 0; s < job.data.samples; s++) net.step(xs[s]!, ys[s]!, 1);
  }
  return net;
}

/** The spec's math in plain Float32Array JS: the "plain JS" baseline and the harness's cross-check. */
export function createJsReferenceEngine(): Engine {
  return {
    id: 'js-reference',
    notes: 'plain Float32Array JS, same math as the C reference',
    activate: () => Promise.resolve(),
    trainW1(job): Promise<TrainOutcome> {
      const { lastEpochLoss, net } = trainW1Js(job);
      return Promise.resolve({ lastEpochLoss, model: predictorOf(net, job.data.features) });
    },
    trainW2(job): Promise<TrainOutcome> {
      const net = trainW2Js(job);
      return Promise.resolve({ lastEpochLoss: NaN, model: predictorOf(net, W2.inputs) });
    },
  };
}
