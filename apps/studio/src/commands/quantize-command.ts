import { flag, numOpt, requireStr, str } from '../args.js';
import { renderCheckReport } from '@tinyspark/quantizer/check';
import type { Command } from '../command.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { EXIT } from '../errors.js';
import { buildExamples } from '../training/examples.js';
import { loadFloatModel } from '../training/model-files.js';
import { quantizeAndCheck } from '../training/quantize-model.js';

const HELP = `tinyspark quantize <model.json> --calibration <dataset> --out model.int8.json [--per-channel] [--check <dataset>]

Post-training int8 quantization (what TFLM/ESP-NN computes on the ESP32-S3, bit for bit), then the
deployment check: float vs int8 argmax agreement, accuracy of each, per-layer error and saturation,
flash and RAM, MACs and an estimated latency at 240 MHz.
  --calibration <dataset>  recordings that set the activation ranges (the training data is fine)
  --out <file>             the int8 model (tinyspark.qmodel v1)
  --per-channel            one weight scale per output unit (default: one per layer)
  --check <dataset>        data for the check report (default: the calibration data; a held-out set is more honest)
  --min-agreement A        exit 1 when float/int8 agreement is below A (0..1, default 0: never)
Exit codes: 0 ok, 1 quantization failed or agreement below --min-agreement, 2 usage, 3 model/dataset unusable.`;

export const quantizeCommand: Command = {
  name: 'quantize',
  summary: 'int8 post-training quantization + the deployment check report',
  help: HELP,
  options: { calibration: { type: 'string', short: 'c' }, out: { type: 'string', short: 'o' }, 'per-channel': { type: 'boolean' }, check: { type: 'string' }, 'min-agreement': { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const modelPath = p.positionals[0] ?? requireStr('quantize', p, 'model', 'the float model.json from `tinyspark train`');
    const out = ctx.path(requireStr('quantize', p, 'out', 'the int8 model file to write, e.g. --out model.int8.json'));
    const calPath = requireStr('quantize', p, 'calibration', 'a dataset to calibrate the activation ranges, e.g. the training data');
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
    const { converted, report } = quantizeAndCheck(m.loaded, calEx, checkEx, flag(p, 'per-channel'), { floatModel: m.path });
    await writeFileAtomic(out, `${JSON.stringify(converted.document)}\n`);
    ctx.print(renderCheckReport(report));
    ctx.print(`wrote ${out} (${flag(p, 'per-channel') ? 'per-channel' : 'per-tensor'} weights, checked on ${checkPath ?? calPath})`);
    return { result: { model: out, report, warnings: converted.warnings }, exitCode: report.agreement < minAgreement ? EXIT.failure : EXIT.ok };
  },
};
