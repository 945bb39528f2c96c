import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpochRecord } from '@tinyspark/core';
import { renderCheckReport } from '@tinyspark/quantizer/check';
import type { BoardClient } from '@tinyspark/protocol';
import { boardError, openBoard } from '../board/connect.js';
import { verifyOnBoard } from '../board/verify-session.js';
import type { VerifyResult } from '../board/verify-session.js';
import { isoNow, monotonicMs } from '../clock.js';
import type { CommandContext } from '../command.js';
import { writeFileAtomic, writeFileSafe } from '../dataset/atomic-write.js';
import { DatasetWriter, keepingSink } from '../dataset/dataset-store.js';
import type { Recording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';
import { formatConfusion, noneColumns } from '../render/confusion-table.js';
import { renderReportHtml } from '../render/report-html.js';
import { evaluateFloat, evaluateInt8 } from '../training/evaluate.js';
import type { Evaluation } from '../training/evaluate.js';
import { buildExamples } from '../training/examples.js';
import { exportModel } from '../training/export-model.js';
import { derivePipeline } from '../training/pipeline-builder.js';
import { quantizeAndCheck } from '../training/quantize-model.js';
import { describeDiagnostic, trainClassifier } from '../training/train-model.js';
import { captureJobsOnBoard } from './demo-capture.js';
import type { DemoJob } from './demo-capture.js';
import { startDemoEmulator } from './demo-emulator.js';
import { buildDemoReport } from './demo-report.js';
import type { DemoPlan } from './demo-plan.js';

export interface DemoResult {
  out: string;
  recordings: number;
  trainRecordings: number;
  testRecordings: number;
  labels: string[];
  floatAccuracy: number;
  int8Accuracy: number;
  agreement: number;
  onDeviceAccuracy: number;
  verifyGestures: number;
  latencyMedianUs: number;
  flashBytes: number;
  files: string[];
  seconds: Record<string, number>;
}

async function clearOldDataset(dir: string): Promise<void> {
  try {
    await stat(dir);
  } catch {
    return;
  }
  const manifest = await readFile(join(dir, 'manifest.json'), 'utf8').then((t) => JSON.parse(t) as { format?: string }).catch(() => undefined);
  if (manifest?.format !== 'tinyspark.dataset') {
    throw new StudioError('STUDIO_ERR_IO', `demo: ${dir} exists and is not a tinyspark dataset; choose another --out`, { field: 'out' });
  }
  await rm(dir, { recursive: true, force: true });
}

/** The whole workflow on an embedded emulator (virtual clock): capture, train, evaluate, quantize, export, deploy, verify. */
export async function runDemo(plan: DemoPlan, outDir: string, seed: number, ctx: CommandContext): Promise<DemoResult> {
  const seconds: Record<string, number> = {};
  let t = monotonicMs();
  const lap = (name: string): void => {
    const now = monotonicMs();
    seconds[name] = Math.round(now - t) / 1000;
    t = now;
  };
  // the emulator thread starts (loads its modules) while this one clears the output folder
  const starting = startDemoEmulator({ host: '127.0.0.1', port: 0, seed, clock: 'virtual', boards: plan.boards, ...(plan.learnedGestures !== undefined ? { gestures: [...plan.learnedGestures] } : {}) });
  const datasetDir = join(outDir, 'dataset');
  // then the dataset writer and its thread start while the emulator thread is still starting
  const opening = (async () => {
    await mkdir(outDir, { recursive: true });
    await clearOldDataset(datasetDir);
    const w = await DatasetWriter.open(datasetDir, isoNow);
    await w.useWriterThread();
    return w;
  })();
  const [emuStart, writerOpen] = await Promise.allSettled([starting, opening]);
  if (emuStart.status === 'rejected' || writerOpen.status === 'rejected') {
    if (emuStart.status === 'fulfilled') await emuStart.value.close();
    if (writerOpen.status === 'fulfilled') await writerOpen.value.close().catch(() => undefined);
    throw writerOpen.status === 'rejected' ? writerOpen.reason : (emuStart as PromiseRejectedResult).reason;
  }
  const emu = emuStart.value;
  const writer = writerOpen.value;
  const boards: BoardClient[] = [];
  const closers: (() => Promise<void>)[] = [() => writer.close()];
  try {
    const opened = await Promise.allSettled(emu.boards.map((b) => openBoard(ctx.io, b.url)));
    for (const o of opened) if (o.status === 'fulfilled') boards.push(o.value);
    for (const o of opened) if (o.status === 'rejected') throw o.reason;
    const main = boards[0] as BoardClient;
    ctx.note(`[1/6] emulator on ${emu.url} (virtual clock, seed ${seed}, boards ${emu.where === 'worker' ? 'in a thread of their own' : 'in this thread'}); capturing ${plan.gestures.length} gestures x ${plan.trainPersons.length + 1} persons x ${plan.perGesturePerPerson} recordings each`);
    // 1. capture: every (person, gesture) job, spread over the boards.
    const persons = [...plan.trainPersons, plan.testPerson];
    const jobs = persons.flatMap((person) => plan.gestures.map((gesture) => ({ person, gesture })));
    // what is written is kept as loadDataset reads it back (same objects, same order): the demo trains on it without reading the files again
    const sink = keepingSink(writer);
    const bar = ctx.progress('capture', jobs.length * plan.perGesturePerPerson);
    let captured = 0;
    // Job k runs on board k mod n, whatever the timing: the same seed gives the same dataset.
    await Promise.all(
      boards.map(async (board, b) => {
        const mine: DemoJob[] = [];
        for (let k = b; k < jobs.length; k += boards.length) {
          const job = jobs[k] as { person: number; gesture: string };
          mine.push({ ...job, seed: seed * 100_000 + job.person * 1000 });
        }
        const res = await captureJobsOnBoard(board, mine, sink, {
          count: plan.perGesturePerPerson,
          durationMs: plan.durationMs,
          sensor: plan.sensor,
          now: isoNow,
          note: (text) => ctx.note(text),
          onJob: (job, n) => {
            captured += n;
            bar.update(captured, `${job.gesture} p${job.person}`);
          },
          ...(ctx.io.signal !== undefined ? { signal: ctx.io.signal } : {}),
        });
        if (res.interrupted) throw new StudioError('STUDIO_ERR_INTERRUPTED', `demo interrupted during capture; ${sink.recordings().length} recordings are in ${datasetDir}`);
      }),
    );
    await sink.writeManifest();
    bar.finish(`${captured} recordings`);
    lap('capture');
    // 2. train on the training persons; the test person is held out of training entirely.
    const ds = { recordings: sink.recordings() };
    const trainRecs = ds.recordings.filter((r) => r.person !== plan.testPerson);
    const testRecs = ds.recordings.filter((r) => r.person === plan.testPerson);
    const labels = [...plan.gestures].sort();
    const pipeline = plan.pipeline !== undefined ? { ...derivePipeline(trainRecs, plan.pipeline) } : derivePipeline(trainRecs);
    const trainEx = buildExamples(pipeline, labels, trainRecs, 'demo train');
    const testEx = buildExamples(pipeline, labels, testRecs, 'demo test');
    ctx.note(`[2/6] training ${plan.train.hidden.length > 0 ? `${trainEx.inputs[0]?.length}-${plan.train.hidden.join('-')}-${labels.length}` : ''} on ${trainEx.inputs.length} recordings of persons ${plan.trainPersons.join(',')}; person ${plan.testPerson} is held out`);
    const tbar = ctx.progress('train', plan.train.epochs);
    const trained = trainClassifier(labels, pipeline, trainEx, testEx, plan.train, { bar: tbar });
    const history: EpochRecord[] = trained.result.history;
    tbar.finish(`loss ${history[history.length - 1]?.loss.toFixed(4)} (val = held-out person ${plan.testPerson}, only watched: fixed epochs, no early stopping)`);
    for (const d of trained.result.diagnostics) ctx.note(`  ${describeDiagnostic(d)}`);
    const modelPath = join(outDir, 'model.json');
    await writeFileAtomic(modelPath, `${JSON.stringify(trained.document)}\n`);
    const floatEval: Evaluation = evaluateFloat(trained.model, labels, testEx);
    lap('train');
    // 3. quantize (calibrated on the training data) and check on the held-out person.
    ctx.note('[3/6] quantizing to int8 and checking against the float model');
    const loaded = { model: trained.model, labels, pipeline, loss: trained.document.loss, training: undefined };
    const { converted, report } = quantizeAndCheck(loaded, trainEx, testEx, false, { floatModel: 'model.json' });
    const qPath = join(outDir, 'model.int8.json');
    await writeFileAtomic(qPath, `${JSON.stringify(converted.document)}\n`);
    const int8Eval = evaluateInt8(converted.qmodel, labels, testEx);
    const checkText = renderCheckReport(report);
    await writeFileSafe(outDir, 'check-report.txt', `${checkText}\n`);
    lap('quantize');
    // 4. export for the board.
    ctx.note('[4/6] exporting C99 and CircuitPython');
    const cFiles = await exportModel(converted.qmodel, 'c', join(outDir, 'export', 'c'));
    const pyFiles = await exportModel(converted.qmodel, 'circuitpython', join(outDir, 'export', 'circuitpython'));
    lap('export');
    // 5. deploy and verify on fresh gestures by the held-out person.
    ctx.note(`[5/6] deploying to ${emu.boards[0]?.url} and verifying on ${plan.verifyGestures} fresh gestures by person ${plan.testPerson}`);
    await main.deployModel(converted.document as object).catch((err: unknown) => {
      throw boardError(main.url, err, 'demo deploy');
    });
    const vbar = ctx.progress('verify', plan.verifyGestures);
    const verify: VerifyResult = await verifyOnBoard(main, converted.qmodel, { gestures: plan.verifyGestures, person: plan.testPerson, seed: plan.verifySeed, hopMs: plan.hopMs }, { bar: vbar, ...(ctx.io.signal !== undefined ? { signal: ctx.io.signal } : {}) });
    vbar.finish(`${verify.predictions} predictions`);
    lap('deploy+verify');
    // 6. report.
    const examples: Recording[] = labels.map((l) => testRecs.find((r) => r.label === l)).filter((r): r is Recording => r !== undefined);
    const summary: [string, string][] = [
      ['recordings', `${ds.recordings.length} (${trainRecs.length} train, persons ${plan.trainPersons.join(',')}; ${testRecs.length} held out, person ${plan.testPerson})`],
      ['labels', labels.join(', ')],
      ['input pipeline', `${pipeline.windowLength} x [${pipeline.axes.join(',')}] every ${Number(pipeline.intervalMs.toFixed(3))} ms`],
      ['network', `${trainEx.inputs[0]?.length}-${[...plan.train.hidden, labels.length].join('-')} (${plan.train.activation}${plan.train.output === 'linear' ? ', linear output, mse' : ', softmax'}), ${trained.result.epochsRun} epochs, ${plan.train.optimizer} lr ${plan.train.learningRate}`],
      ['float accuracy, held-out person', `${(floatEval.accuracy * 100).toFixed(1)}% (${floatEval.count} recordings)`],
      ['int8 accuracy, held-out person', `${(int8Eval.accuracy * 100).toFixed(1)}%; float/int8 agreement ${(report.agreement * 100).toFixed(1)}%`],
      ['on-device accuracy (emulated board)', `${(verify.accuracy * 100).toFixed(1)}% on ${verify.gestures.length} fresh gestures by person ${plan.testPerson}`],
      ['on-device inference latency', `median ${verify.latency.medianUs} us (emulator's measure); estimate for the ESP32-S3 at 240 MHz: ${report.latency.microseconds.toFixed(0)} us`],
      ['model size', `${report.memory.flashBytes} bytes flash, ${report.memory.largestActivationPairBytes} bytes activation RAM`],
    ];
    const html = renderReportHtml(buildDemoReport({
      title: plan.course ? "tinyspark demo --course: the course's proximity mini-project" : 'tinyspark demo: capture -> train -> quantize -> deploy -> verify',
      subtitle: `seed ${seed}; every number measured on data the model did not train on (person ${plan.testPerson})`,
      summary,
      history,
      labels,
      floatEval,
      int8Eval,
      verify,
      checkText,
      check: report,
      examples,
      testPerson: plan.testPerson,
      lossName: trained.document.loss === 'mse' ? 'mean squared error' : 'cross-entropy loss',
    }));
    const reportPath = join(outDir, 'report.html');
    await writeFileAtomic(reportPath, html);
    const result: DemoResult = {
      out: outDir,
      recordings: ds.recordings.length,
      trainRecordings: trainRecs.length,
      testRecordings: testRecs.length,
      labels,
      floatAccuracy: floatEval.accuracy,
      int8Accuracy: int8Eval.accuracy,
      agreement: report.agreement,
      onDeviceAccuracy: verify.accuracy,
      verifyGestures: verify.gestures.length,
      latencyMedianUs: verify.latency.medianUs,
      flashBytes: report.memory.flashBytes,
      files: [datasetDir, modelPath, qPath, join(outDir, 'check-report.txt'), ...cFiles, ...pyFiles, reportPath, join(outDir, 'summary.json')],
      seconds,
    };
    lap('report');
    await writeFileSafe(outDir, 'summary.json', `${JSON.stringify({ ...result, summary, onDeviceConfusion: verify.confusion, floatConfusion: floatEval.confusion, int8Confusion: int8Eval.confusion }, null, 2)}\n`);
    ctx.print('');
    ctx.print(formatConfusion(labels, verify.confusion, `on-device confusion matrix, person ${plan.testPerson} (rows: performed, columns: predicted)`, noneColumns(labels, verify.confusion)));
    ctx.print('');
    for (const [k, v] of summary) ctx.print(`${k.padEnd(36)} ${v}`);
    ctx.print(`${'output'.padEnd(36)} ${outDir} (open report.html)`);
    return result;
  } finally {
    for (const c of closers) await c().catch(() => undefined);
    for (const b of boards) await b.close().catch(() => undefined);
    await emu.close();
  }
}
