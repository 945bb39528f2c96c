import { describe, expect, it } from 'vitest';
import { BatchForward } from './batch-forward.js';
import { createModel } from './create-model.js';
import { createRng } from './rng.js';
import { train } from './train.js';
import { createTrainer, type TrainerOptions } from './trainer.js';
import type { Activation } from './activation.js';
import type { Loss } from './loss.js';

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

interface Net {
  inputSize: number;
  layers: { units: number; activation: Activation; useBias?: boolean }[];
}

function data(net: Net, count: number, seed: number): { inputs: number[][]; targets: number[][] } {
  const rng = createRng(seed);
  const k = net.layers[net.layers.length - 1]!.units;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let s = 0; s < count; s++) {
    inputs.push(Array.from({ length: net.inputSize }, () => 2 * rng.next() - 1));
    const c = Math.floor(rng.next() * k);
    targets.push(Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
  }
  return { inputs, targets };
}

// random networks: every activation, with and without bias, odd sizes (every remainder mod 4)
const nets: { name: string; net: Net; loss: Loss; opt: TrainerOptions['optimizer'] }[] = [
  { name: 'W1 150-32-16-6 softmax', net: { inputSize: 150, layers: [{ units: 32, activation: 'relu' }, { units: 16, activation: 'relu' }, { units: 6, activation: 'softmax' }] }, loss: 'categorical_crossentropy', opt: { type: 'sgd', learningRate: 0.05 } },
  { name: '7-5-3 tanh/sigmoid mse', net: { inputSize: 7, layers: [{ units: 5, activation: 'tanh' }, { units: 3, activation: 'sigmoid' }] }, loss: 'mse', opt: { type: 'sgd', learningRate: 0.1 } },
  { name: '3-2-2 linear no bias', net: { inputSize: 3, layers: [{ units: 2, activation: 'linear', useBias: false }, { units: 2, activation: 'linear', useBias: false }] }, loss: 'mse', opt: { type: 'sgd', learningRate: 0.01 } },
  { name: '13-9-4 relu adam', net: { inputSize: 13, layers: [{ units: 9, activation: 'relu' }, { units: 4, activation: 'softmax' }] }, loss: 'categorical_crossentropy', opt: { type: 'adam', learningRate: 0.01 } },
  { name: '9-6-5-3 relu/sigmoid/softmax (a hidden sigmoid: per-layer path)', net: { inputSize: 9, layers: [{ units: 6, activation: 'relu' }, { units: 5, activation: 'sigmoid' }, { units: 3, activation: 'softmax' }] }, loss: 'categorical_crossentropy', opt: { type: 'sgd', learningRate: 0.05 } },
  { name: '17-10-1 relu/relu mse', net: { inputSize: 17, layers: [{ units: 10, activation: 'relu' }, { units: 1, activation: 'relu' }] }, loss: 'mse', opt: { type: 'sgd', learningRate: 0.02 } },
  { name: '6-11-2 momentum', net: { inputSize: 6, layers: [{ units: 11, activation: 'relu' }, { units: 2, activation: 'linear' }] }, loss: 'mse', opt: { type: 'momentum', learningRate: 0.01, nesterov: true } },
];

describe('trainer kernels: wasm and js', () => {
  it.each(nets)('$name: train() gives bit-identical weights and history on both kernels, batch 1, 5 and 32', ({ net, loss, opt }) => {
    const d = data(net, 70, 11);
    for (const batchSize of [1, 5, 32]) {
      const run = (kernels: 'wasm' | 'js') => {
        const model = createModel(net, { rng: createRng(3) });
        const result = train(model, d, { epochs: 3, batchSize, seed: 5, loss, optimizer: opt, kernels, validationSplit: 0.2 });
        return { model, result };
      };
      const a = run('wasm');
      const b = run('js');
      expect(a.result.history).toEqual(b.result.history);
      a.model.layers.forEach((layer, l) => {
        expect(bits(layer.weights)).toEqual(bits(b.model.layers[l]!.weights));
        expect(bits(layer.bias)).toEqual(bits(b.model.layers[l]!.bias));
      });
    }
  });

  it('seeded training is bit-identical run to run on the wasm kernels', () => {
    const { net, loss, opt } = nets[0]!;
    const d = data(net, 64, 12);
    const once = () => {
      const model = createModel(net, { rng: createRng(4) });
      train(model, d, { epochs: 2, batchSize: 16, seed: 1, loss, optimizer: opt, kernels: 'wasm' });
      return model.layers.flatMap((layer) => bits(layer.weights));
    };
    expect(once()).toEqual(once());
  });

  it('a batch larger than the workspace grows it, and the grads views follow', () => {
    const net = nets[1]!.net;
    const model = createModel(net, { rng: createRng(5) });
    const jsModel = model.clone();
    const t = createTrainer(model, { loss: 'mse', learningRate: 0.1, maxBatchSize: 2, kernels: 'wasm' });
    const u = createTrainer(jsModel, { loss: 'mse', learningRate: 0.1, maxBatchSize: 2, kernels: 'js' });
    const d = data(net, 9, 6);
    const x = Float32Array.from(d.inputs.flat());
    const y = Float32Array.from(d.targets.flat());
    for (const b of [2, 9, 3]) {
      expect(t.step(x, y, b)).toBe(u.step(x, y, b));
      t.grads.forEach((g, p) => expect(bits(g)).toEqual(bits(u.grads[p]!)));
    }
    expect(t.kernels).toBe('wasm');
    expect(u.kernels).toBe('js');
  });

  it('gradient clipping and weight clipping (SGD outside the fused backward): same bits as JavaScript', () => {
    const net = nets[0]!.net;
    for (const opts of [{ gradientClipNorm: 0.05 }, { gradientClipValue: 0.001, weightClip: 0.2 }] as const) {
      const model = createModel(net, { rng: createRng(8) });
      const jsModel = model.clone();
      const t = createTrainer(model, { learningRate: 0.5, kernels: 'wasm', ...opts });
      const u = createTrainer(jsModel, { learningRate: 0.5, kernels: 'js', ...opts });
      const d = data(net, 16, 9);
      const x = Float32Array.from(d.inputs.flat());
      const y = Float32Array.from(d.targets.flat());
      for (let s = 0; s < 4; s++) expect(t.step(x, y, 16)).toBe(u.step(x, y, 16));
      model.layers.forEach((layer, l) => expect(bits(layer.weights)).toEqual(bits(jsModel.layers[l]!.weights)));
    }
  });

  it('parameters are resident in the module memory; predict/predictBatch between steps, memory growth and a shared layer keep the JavaScript bits', () => {
    const net = nets[0]!.net;
    const model = createModel(net, { rng: createRng(12) });
    const jsModel = model.clone();
    const t = createTrainer(model, { learningRate: 0.05, maxBatchSize: 4, kernels: 'wasm' });
    const u = createTrainer(jsModel, { learningRate: 0.05, maxBatchSize: 4, kernels: 'js' });
    const d = data(net, 300, 13);
    const x = Float32Array.from(d.inputs.flat());
    const y = Float32Array.from(d.targets.flat());
    const before = model.layers[0]!.weights;
    for (const [b, pb] of [[4, 1], [4, 300], [7, 2], [1, 299]] as const) {
      expect(t.step(x, y, b)).toBe(u.step(x, y, b));
      expect(t.lastCorrect).toBe(u.lastCorrect);
      expect(t.lastErrorSum).toBe(u.lastErrorSum);
      // predict between steps must not disturb the trainer's buffers or its lazy diagnostics
      expect(bits(new Float32Array(model.predictBatch(x, pb)))).toEqual(bits(new Float32Array(jsModel.predictBatch(x, pb))));
      expect(bits(new Float32Array(model.predict(d.inputs[5]!)))).toEqual(bits(new Float32Array(jsModel.predict(d.inputs[5]!))));
      model.layers.forEach((layer, l) => expect(bits(layer.weights)).toEqual(bits(jsModel.layers[l]!.weights)));
      expect(t.params[0]).toBe(model.layers[0]!.weights);
    }
    // the memory grew (predictBatch of 300): the layers were re-pointed to the new views, values kept
    expect(model.layers[0]!.weights === before).toBe(false);
    expect(before.length).toBe(0); // the old view is detached: read layer.weights from the layer
    expect(model.layers[0]!.weights.length).toBe(150 * 32);
    // a layer shared by a second model: both stay correct (the second copies in and out)
    const other = new (model.constructor as new (layers: typeof model.layers) => typeof model)([...model.layers]);
    const u2 = createTrainer(jsModel, { learningRate: 0.05, kernels: 'js' });
    const t2 = createTrainer(other, { learningRate: 0.05, kernels: 'wasm' });
    expect(t2.step(x, y, 3)).toBe(u2.step(x, y, 3));
    expect(t.step(x, y, 2)).toBe(u.step(x, y, 2));
    model.layers.forEach((layer, l) => expect(bits(layer.weights)).toEqual(bits(jsModel.layers[l]!.weights)));
    expect(bits(new Float32Array(model.predict(d.inputs[9]!)))).toEqual(bits(new Float32Array(jsModel.predict(d.inputs[9]!))));
  });

  it('gradient check: the wasm gradients match central differences of the loss', () => {
    const net: Net = { inputSize: 5, layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }] };
    const model = createModel(net, { rng: createRng(9) });
    const d = data(net, 4, 10);
    const x = Float32Array.from(d.inputs.flat());
    const y = Float32Array.from(d.targets.flat());
    // learning rate 0 is refused; a tiny one moves the weights by ~1e-12, far below the tolerance
    const t = createTrainer(model, { learningRate: 1e-12, kernels: 'wasm' });
    const lossAt = (): number => {
      const probe = createTrainer(model.clone(), { learningRate: 1e-30, kernels: 'js' });
      return probe.step(x, y, 4);
    };
    const saved = model.layers.map((layer) => new Float32Array(layer.weights));
    t.step(x, y, 4);
    model.layers.forEach((layer, l) => layer.weights.set(saved[l]!));
    const h = 1e-2;
    model.layers.forEach((layer, l) => {
      const g = t.grads[2 * l]!;
      for (let i = 0; i < layer.weights.length; i += 3) {
        const w0 = layer.weights[i]!;
        layer.weights[i] = w0 + h;
        const wUp = layer.weights[i]!;
        const up = lossAt();
        layer.weights[i] = w0 - h;
        const wDown = layer.weights[i]!;
        const down = lossAt();
        layer.weights[i] = w0;
        const numeric = (up - down) / (wUp - wDown);
        expect(Math.abs(g[i]! - numeric)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
      }
    });
  });

  it("kernels: 'auto' uses wasm here; an unknown value is refused naming the option", () => {
    const model = createModel(nets[1]!.net, { rng: createRng(1) });
    expect(createTrainer(model, {}).kernels).toBe('wasm');
    expect(() => createTrainer(model, { kernels: 'gpu' as never })).toThrow(/\[core\] CORE_ERR_INVALID_ARGUMENT: kernels:/);
  });
});

describe('inference kernels: Model.predict / predictBatch on wasm', () => {
  it.each(nets)('$name: predict and predictBatch give the JavaScript forward pass bit for bit, after weight edits too', ({ net }) => {
    const model = createModel(net, { rng: createRng(21) });
    const d = data(net, 37, 22);
    const x = Float32Array.from(d.inputs.flat());
    for (let round = 0; round < 2; round++) {
      const js = new BatchForward(model, 37);
      js.run(x, 37);
      const expected = js.a[model.layers.length - 1]!.subarray(0, 37 * model.outputSize);
      expect(bits(model.predictBatch(x, 37))).toEqual(bits(expected));
      expect(bits(new Float32Array(model.predictBatch(x, 5)))).toEqual(bits(expected.subarray(0, 5 * model.outputSize)));
      const k = model.outputSize;
      expect(bits(new Float32Array(model.predict(d.inputs[3]!)))).toEqual(bits(expected.subarray(3 * k, 4 * k)));
      model.layers[0]!.weights[0] = 0.75; // the layers' arrays stay the live parameters
    }
  });
});
