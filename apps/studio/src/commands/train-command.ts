import { augmentRecordings } from '@tinyspark/core';
import type { Activation, AugmentOptions, Diagnostic } from '@tinyspark/core';
import type { Parsed } from '../args.js';
import { choiceOpt, flag, intListOpt, intOpt, numOpt, requireStr, str } from '../args.js';
import type { Command } from '../command.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { AUGMENT_FLAGS, AUGMENT_OPTIONS, augmentTransforms } from '../training/augment-flags.js';
import { StudioError } from '../errors.js';
import { formatClassMetrics, formatConfusion } from '../render/confusion-table.js';
import { evaluateFloat } from '../training/evaluate.js';
import { buildExamples } from '../training/examples.js';
import { assertOneRate, derivePipeline } from '../training/pipeline-builder.js';
import { DEFAULT_TRAIN_SETTINGS, describeDiagnostic, trainClassifier } from '../training/train-model.js';
import { chooseValidation } from '../training/validation-split.js';

const D = DEFAULT_TRAIN_SETTINGS;
const HELP = `tinyspark train <dataset> --out model.json [options]

Window and scale the recordings as the model's input pipeline says, train a classifier with the
engine (live progress: loss, accuracy, validation), explain the engine's diagnostics in plain words,
and print the confusion matrix on data the model did NOT train on.

  --out <file>         where to write the float model (tinyspark.model v1 JSON)       (required)
  --arch 32,16         hidden layer sizes ("" for none: a linear softmax classifier)  (default ${D.hidden.join(',')})
  --activation relu    hidden activation: relu, tanh, sigmoid, linear                  (default ${D.activation})
  --epochs N           passes over the training data                                    (default ${D.epochs})
  --lr X               learning rate                                                     (default ${D.learningRate})
  --batch N            samples per optimizer step (1 = the course's per-sample SGD)     (default ${D.batchSize})
  --optimizer adam     sgd, momentum or adam                                            (default ${D.optimizer})
  --seed N             initial weights and shuffling                                     (default ${D.seed})
  --patience N         stop after N epochs without validation improvement, keep the best (default ${D.patience}; 0 = off)
  --holdout P[,P]      validate on these persons (default: the last person when there are 3 or more)
  --validation F       else validate on a seeded, stratified random fraction F (default 0.2; 0 = none)
  --window N           samples per axis fed to the network (default: up to 26 over the shortest recording)
  --interval-ms X      spacing of those samples (default: a multiple of the recording interval)
  --scale S[,S..]      per-axis scale (default 1/std of each axis); --offset O[,O..] (default the mean)
  --output softmax     output layer: softmax + cross-entropy (default) or linear + mse (the course's)
  --no-bias            no biases (the course's network has none)
  --init KIND          weight init: he (default for relu), glorot (default otherwise), uniform1, uniform0.1
Augmentation (off by default; only the training recordings, never the validation ones; seeded by
--seed, so the same command trains the same model; the magic-wand recipe):
  --augment-copies N        augmented copies of each training recording (default 0; 4 when any
                            transform below is given)
  --augment-time-warp E     smooth time warp: the middle of a recording moves by up to E/pi of its
                            length, faster then slower or the reverse (0..0.3, e.g. 0.2)
  --augment-amplitude S     each copy's motion (deviation from its mean) scaled by exp(S N(0,1)) (0..1, e.g. 0.2)
  --augment-rotation-deg D  the board turned in the hand: each xyz group (ax ay az, gx gy gz) rotated
                            about a random axis by N(0, D) degrees, gravity with it (0..180, e.g. 15)
  --augment-noise SD        white noise added to every value, in its units (m/s2, rad/s), e.g. 0.2
  --augment-offset SD       a constant offset per axis and copy (sensor bias), in its units, e.g. 0.2
The course's network: --arch 2 --activation linear --output linear --no-bias --init uniform1
  --optimizer sgd --lr 0.01 --batch 1 --epochs 100 --window 3 --interval-ms 250 --scale 0.01 --offset 0
Exit codes: 0 trained, 1 training failed (diverged), 2 usage, 3 dataset unusable.`;

/** The augmentation the flags ask for, or undefined when it is off. */
export function augmentFromFlags(p: Parsed, seed: number): (AugmentOptions & { copies: number }) | undefined {
  const { options: o, active: any } = augmentTransforms('train', p);
  const copies = intOpt('train', p, 'augment-copies', any ? 4 : 0, 0, 1000);
  if (copies > 0 && !any) throw new StudioError('STUDIO_ERR_BAD_OPTION', 'train: --augment-copies needs at least one transform (--augment-time-warp, --augment-amplitude, --augment-rotation-deg, --augment-noise, --augment-offset): copies without one are exact duplicates', { field: 'augment-copies' });
  return copies === 0 ? undefined : { ...o, copies, seed };
}

function numList(command: string, v: string | undefined, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isFinite(x))) throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be numbers separated by commas, got "${v}"`, { field: name });
  return xs;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a float model on a dataset (held-out validation, confusion matrix)',
  help: HELP,
  options: {
    out: { type: 'string', short: 'o' },
    arch: { type: 'string' },
    activation: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    optimizer: { type: 'string' },
    seed: { type: 'string' },
    patience: { type: 'string' },
    holdout: { type: 'string' },
    validation: { type: 'string' },
    window: { type: 'string' },
    'interval-ms': { type: 'string' },
    scale: { type: 'string' },
    offset: { type: 'string' },
    output: { type: 'string' },
    'no-bias': { type: 'boolean' },
    init: { type: 'string' },
    ...AUGMENT_OPTIONS,
  },
  maxPositionals: 1,
  async run(p, ctx) {
    const ds = p.positionals[0];
    if (ds === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'train: give the dataset folder, e.g. `tinyspark train ./data --out model.json`', { field: 'dataset' });
    const out = ctx.path(requireStr('train', p, 'out', 'the model file to write, e.g. --out model.json'));
    const settings = {
      hidden: intListOpt('train', p, 'arch', D.hidden),
      activation: choiceOpt('train', p, 'activation', ['relu', 'tanh', 'sigmoid', 'linear'] as const, D.activation as 'relu') as Activation,
      epochs: intOpt('train', p, 'epochs', D.epochs, 1, 1_000_000),
      learningRate: numOpt('train', p, 'lr', D.learningRate, 1e-9, 10),
      batchSize: intOpt('train', p, 'batch', D.batchSize, 1, 65536),
      optimizer: choiceOpt('train', p, 'optimizer', ['sgd', 'momentum', 'adam'] as const, D.optimizer),
      seed: intOpt('train', p, 'seed', D.seed, 0, 0xffffffff),
      patience: intOpt('train', p, 'patience', D.patience, 0),
      output: choiceOpt('train', p, 'output', ['softmax', 'linear'] as const, 'softmax'),
      useBias: !flag(p, 'no-bias'),
      ...(str(p, 'init') !== undefined ? { init: choiceOpt('train', p, 'init', ['he', 'glorot', 'uniform1', 'uniform0.1'] as const, 'glorot') } : {}),
    };
    const d = await loadDataset(ctx.path(ds));
    for (const pr of d.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
    const recs = requireRecordings(d, 'capture some with `tinyspark capture` first');
    assertOneRate(recs);
    const holdout = str(p, 'holdout');
    const fraction = str(p, 'validation') === undefined ? undefined : numOpt('train', p, 'validation', 0.2, 0, 0.99);
    const split = chooseValidation(recs, { ...(holdout !== undefined ? { holdout } : {}), ...(fraction !== undefined ? { fraction } : {}), seed: settings.seed });
    const labels = [...new Set(recs.map((r) => r.label))].sort();
    if (labels.length < 2) throw new StudioError('STUDIO_ERR_DATASET_EMPTY', `train: the dataset has only the label ${labels[0]}; a classifier needs at least two (record idle too)`, { field: 'dataset' });
    const scale = numList('train', str(p, 'scale'), 'scale');
    const offset = numList('train', str(p, 'offset'), 'offset');
    const window = str(p, 'window') === undefined ? undefined : intOpt('train', p, 'window', 26, 1, 10_000);
    const interval = str(p, 'interval-ms') === undefined ? undefined : numOpt('train', p, 'interval-ms', 10, 1e-3);
    const pipeline = derivePipeline(split.train, {
      ...(scale !== undefined ? { scale } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(window !== undefined ? { windowLength: window } : {}),
      ...(interval !== undefined ? { intervalMs: interval } : {}),
    });
    const augment = augmentFromFlags(p, settings.seed);
    const trainRecs = augment === undefined ? split.train : augmentRecordings(split.train, augment);
    if (augment !== undefined) {
      const what = AUGMENT_FLAGS.filter(([, key]) => (augment[key] ?? 0) > 0).map(([f, key]) => `${f.replace('augment-', '')} ${augment[key]}`).join(', ');
      ctx.note(`augmented: ${split.train.length} training recordings + ${trainRecs.length - split.train.length} copies (${augment.copies} each: ${what}; seed ${settings.seed})`);
    }
    const trainEx = buildExamples(pipeline, labels, trainRecs, 'train');
    const valEx = split.test.length > 0 ? buildExamples(pipeline, labels, split.test, 'validation') : undefined;
    ctx.note(`training on ${trainEx.inputs.length} recordings, validating on ${valEx?.inputs.length ?? 0} (${split.description}); input ${pipeline.windowLength} x [${pipeline.axes.join(',')}] every ${Number(pipeline.intervalMs.toFixed(4))} ms -> ${labels.length} labels`);
    const bar = ctx.progress('train', settings.epochs);
    const diagnostics: Diagnostic[] = [];
    const trained = trainClassifier(labels, pipeline, trainEx, valEx, settings, {
      bar,
      onDiagnostic: (dg) => {
        diagnostics.push(dg);
      },
    });
    const last = trained.result.history[trained.result.history.length - 1];
    bar.finish(last ? `loss ${last.loss.toFixed(4)}${last.valAccuracy !== undefined ? `  val acc ${(last.valAccuracy * 100).toFixed(1)}%` : ''}` : '');
    for (const dg of diagnostics) ctx.print(describeDiagnostic(dg));
    if (trained.result.stopReason === 'early_stopping') ctx.print(`stopped early after epoch ${trained.result.epochsRun}: no validation improvement for ${settings.patience} epochs; kept the weights of epoch ${trained.result.bestEpoch + 1}`);
    await writeFileAtomic(out, `${JSON.stringify(trained.document)}\n`);
    const trainEval = evaluateFloat(trained.model, labels, trainEx);
    const valEval = valEx !== undefined ? evaluateFloat(trained.model, labels, valEx) : undefined;
    ctx.print(`wrote ${out}`);
    ctx.print(`training accuracy ${(trainEval.accuracy * 100).toFixed(1)}% (data it learned from: optimistic)`);
    if (valEval !== undefined) {
      const chose = trained.result.stopReason === 'early_stopping' || (settings.patience > 0 && trained.result.bestEpoch + 1 !== trained.result.epochsRun);
      ctx.print(`validation accuracy ${(valEval.accuracy * 100).toFixed(1)}% on ${valEval.count} recordings it did not train on (${split.description})${chose ? '; they also chose the epoch kept, so for an untouched number run `tinyspark eval` on a held-out split' : ''}`);
      ctx.print(formatConfusion(labels, valEval.confusion, `confusion matrix on the validation data (rows: true, columns: predicted)`));
      ctx.print(formatClassMetrics(valEval.perClass));
    } else {
      ctx.print('no validation data: the accuracy above is not a measure of how the model does on new data');
    }
    return {
      result: {
        model: out,
        labels,
        pipeline,
        split: split.description,
        epochsRun: trained.result.epochsRun,
        stopReason: trained.result.stopReason,
        history: trained.result.history,
        diagnostics,
        trainAccuracy: trainEval.accuracy,
        trainingRecordings: trainRecs.length,
        augment: augment ?? null,
        validation: valEval === undefined ? null : { accuracy: valEval.accuracy, confusion: valEval.confusion, perClass: valEval.perClass, count: valEval.count },
      },
    };
  },
};
