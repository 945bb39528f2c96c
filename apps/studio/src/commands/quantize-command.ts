import type { Parsed } from '../args.js';
import { choiceOpt, flag, numOpt, requireStr, str } from '../args.js';
import { renderCheckReport } from '@tinyspark/quantizer/check';
import type { CalibrationForward } from '@tinyspark/quantizer/convert';
import type { Command } from '../command.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { EXIT, StudioError } from '../errors.js';
import { buildExamples } from '../training/examples.js';
import { loadFloatModel } from '../training/model-files.js';
import { quantizeAndCheck } from '../training/quantize-model.js';

const HELP = `tinyspark quantize <model.json> --calibration <dataset> --out model.int8.json [--calibration tflite]
                   [--per-channel] [--rounding double|single] [--check <dataset>]

Post-training int8 quantization (what TFLM/ESP-NN computes on the ESP32-S3, bit for bit), then the
deployment check: float vs int8 argmax agreement, accuracy of each, per-layer error and saturation,
flash and RAM, MACs and an estimated latency at 240 MHz.
  --calibration <dataset>  recordings that set the activation ranges (the training data is fine)
  --calibration tflite|tinyspark
                           (give --calibration twice: once the dataset, once the keyword, any order)
                           the float forward pass calibration runs the data through:
                           tinyspark (default) core's float32 order, the arithmetic the model was
                             trained, evaluated and checked with, the same on every machine;
                           tflite TF's converter's order (float32 sums in x86 TFLite's lane order,
                             TF 2.21): the same data then gives the scales and zero points of TF's
                             own converter, to reproduce its .tflite exactly (a few activation
                             scales differ by one float32 ulp with the default).
                           The two words are reserved: a dataset folder named tflite or tinyspark
                           is given as ./tflite.
  --out <file>             the int8 model (tinyspark.qmodel)
  --per-channel            one weight scale per output unit (default: one per layer)
  --rounding R             requantization rounding of the int8 model: double (default: TFLite Micro
                           and ESP-NN on the device) or single (TFLITE_SINGLE_ROUNDING, desktop TF's
                           reference kernels; written as qmodel version 2)
  --check <dataset>        data for the check report (default: the calibration data; a held-out set is more honest)
  --min-agreement A        exit 1 when float/int8 agreement is below A (0..1, default 0: never)
Exit codes: 0 ok, 1 quantization failed or agreement below --min-agreement, 2 usage, 3 model/dataset unusable.`;

const FORWARDS = ['tinyspark', 'tflite'] as const;

/**
 * --calibration, given once or twice: the dataset, and optionally the forward pass keyword
 * (tflite | tinyspark, reserved words: a folder of that name is ./tflite).
 */
export function calibrationArgs(p: Parsed): { dataset: string; forward: CalibrationForward } {
  const raw = p.values['calibration'];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const keywords = values.filter((v): v is CalibrationForward => (FORWARDS as readonly string[]).includes(v));
  const datasets = values.filter((v) => !(FORWARDS as readonly string[]).includes(v));
  if (new Set(keywords).size > 1) throw new StudioError('STUDIO_ERR_BAD_OPTION', `quantize: --calibration ${keywords.join(' and --calibration ')}: choose one forward pass (tinyspark or tflite)`, { field: 'calibration' });
  if (datasets.length > 1) throw new StudioError('STUDIO_ERR_BAD_OPTION', `quantize: --calibration names ${datasets.length} datasets (${datasets.join(', ')}); give one (and optionally --calibration tflite|tinyspark)`, { field: 'calibration' });
  const dataset = datasets[0];
  if (dataset === undefined || dataset === '') {
    const hint = keywords.length > 0 ? `the dataset: --calibration ${keywords[0]!} selects the forward pass, give the dataset too (--calibration <dataset> --calibration ${keywords[0]!}; a folder named ${keywords[0]!} is ./${keywords[0]!})` : 'a dataset to calibrate the activation ranges, e.g. the training data';
    throw new StudioError('STUDIO_ERR_MISSING_OPTION', `quantize: --calibration is required (${hint}).`, { field: 'calibration' });
  }
  return { dataset, forward: keywords[0] ?? 'tinyspark' };
}

export const quantizeCommand: Command = {
  name: 'quantize',
  summary: 'int8 post-training quantization + the deployment check report',
  help: HELP,
  options: {
    calibration: { type: 'string', short: 'c', multiple: true },
    out: { type: 'string', short: 'o' },
    'per-channel': { type: 'boolean' },
    rounding: { type: 'string' },
    check: { type: 'string' },
    'min-agreement': { type: 'string' },
  },
  maxPositionals: 1,
  async run(p, ctx) {
    const modelPath = p.positionals[0] ?? requireStr('quantize', p, 'model', 'the float model.json from `tinyspark train`');
    const out = ctx.path(requireStr('quantize', p, 'out', 'the int8 model file to write, e.g. --out model.int8.json'));
    const { dataset: calPath, forward } = calibrationArgs(p);
    const rounding = choiceOpt('quantize', p, 'rounding', ['double', 'single'] as const, 'double');
    const minAgreement = numOpt('quantize', p, 'min-agreement', 0, 0, 1);
    const m = await loadFloatModel(ctx.path(modelPath));
    const cal = await loadDataset(ctx.path(calPath));
    for (const pr of cal.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
    const calEx = buildExamples(m.loaded.pipeline, m.loaded.labels, requireRecordings(cal, 'nothing to calibrate with'), 'calibration');
    const checkPath = str(p, 'check');
    let checkEx = calEx;
    if (checkPath !== undefined) {
      const cd = await loadDataset(ctx.path(checkPath));
      checkEx = buildExamples(m.loaded.pipeline, m.loaded.labels, requireRecordings(cd, 'nothing to check with'), 'check');
    }
    const { converted, report } = quantizeAndCheck(m.loaded, calEx, checkEx, flag(p, 'per-channel'), { floatModel: m.path }, { forward, rounding });
    await writeFileAtomic(out, `${JSON.stringify(converted.document)}\n`);
    ctx.print(renderCheckReport(report));
    ctx.print(`wrote ${out} (${flag(p, 'per-channel') ? 'per-channel' : 'per-tensor'} weights, ${rounding} rounding, ${forward} calibration forward pass, checked on ${checkPath ?? calPath})`);
    return { result: { model: out, report, warnings: converted.warnings, calibrationForward: forward, rounding }, exitCode: report.agreement < minAgreement ? EXIT.failure : EXIT.ok };
  },
};
