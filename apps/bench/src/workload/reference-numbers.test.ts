import { describe, expect, it } from 'vitest';
import { trainW1Js, trainW2Js } from '../engines/js-reference-engine.js';
import { argmax } from './argmax.js';
import { mulberry32 } from './mulberry32.js';
import { epochSeed } from './shuffle.js';
import { makeW1Data, W1, w1InitialWeights } from './w1-data.js';
import { makeW2Data, W2, w2InitialWeights, w2MeanLoss } from './w2-data.js';
import { W3 } from './w3-w4.js';

describe('workload generators reproduce the spec', () => {
  it('mulberry32(42) starts with 0.6011037519201636', () => {
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('W1 class counts are 712/673/642/690/649/730', () => {
    const data = makeW1Data();
    const counts = [0, 0, 0, 0, 0, 0];
    for (const l of data.labels) counts[l]!++;
    expect(counts).toEqual([712, 673, 642, 690, 649, 730]);
  });

  it('the plain-JS reference reproduces 0.7739 / 0.87999 / 0.7745 on W1 and 0.00124 on W2', () => {
    const data = makeW1Data();
    const epochs = Array.from({ length: W1.epochs }, (_, e) => epochSeed(e));
    const { lastEpochLoss, net } = trainW1Js({ data, init: w1InitialWeights(), epochSeeds: epochs });
    let correct = 0;
    for (let s = 0; s < data.samples; s++) {
      const y = net.forward(data.x.subarray(s * W1.features, (s + 1) * W1.features), 1);
      if (argmax(y, 0, W1.classes) === data.labels[s]) correct++;
    }
    expect(correct / data.samples).toBeCloseTo(W1.expectedAccuracy, 4);
    expect(lastEpochLoss).toBeCloseTo(W1.expectedLastEpochLoss, 4);
    let w3 = 0;
    for (let i = 0; i < W3.calls; i++) {
      const s = i % data.samples;
      const y = net.forward(data.x.subarray(s * W1.features, (s + 1) * W1.features), 1);
      if (argmax(y, 0, W1.classes) === data.labels[s]) w3++;
    }
    expect(w3 / W3.calls).toBeCloseTo(W3.expectedAccuracy, 4);

    const d2 = makeW2Data();
    const net2 = trainW2Js({ data: d2, init: w2InitialWeights(), epochs: W2.epochs });
    const loss = w2MeanLoss(d2, (s) => net2.forward(d2.x.subarray(s * 3, s * 3 + 3), 1));
    expect(loss).toBeCloseTo(W2.expectedFinalLoss, 5);
  });
});
