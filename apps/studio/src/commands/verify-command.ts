import { intOpt, numOpt, str } from '../args.js';
import type { Command } from '../command.js';
import { BOARD_OPTIONS, boardAccess, boardError, openBoard } from '../board/connect.js';
import { readDeployed } from '../board/deployed-record.js';
import { verifyOnBoard } from '../board/verify-session.js';
import { EXIT, StudioError } from '../errors.js';
import { formatClassMetrics, formatConfusion } from '../render/confusion-table.js';
import { loadInt8Model } from '../training/model-files.js';
import { runVerifyReplay } from './verify-replay-run.js';

const HELP = `tinyspark verify --board <url> [--gestures 100] [--person P] [--seed S] [--model model.int8.json]
       tinyspark verify --board <url> --replay <dataset> [--model model.int8.json]

Have the emulator play a scenario of fresh gestures (with ground truth) while the board runs the
deployed int8 model on a sliding window; report on-device accuracy, the confusion matrix and the
inference latency. Each gesture is judged by the prediction of the window that covers it best.
  --model <file>     the int8 model on the board (default: the one \`tinyspark deploy\` last sent to this
                     URL from this folder); it is (re)deployed before the scenario
  --gestures N       gestures to play (default 100), drawn from the model's labels
  --person P         simulated person performing them (default 99: nobody the dataset saw)
  --seed S           scenario seed (default 1)
  --hop-ms H         inference every H ms of board time (default 50)
  --min-accuracy A   exit 1 when the accuracy is below A (0..1, default 0: never)
  --replay <dataset> instead of fresh gestures, play each recording of a dataset folder through the
                     board (sim.replay: resampled to the board's rate, quantised like the live
                     sensor) and score the board's own predictions against the recordings' labels
  --create-board     create the board id on the emulator if it does not exist (else: an error
                     naming the boards there)
  --token T          the emulator's access token (default: TINYSPARK_TOKEN)
Exit codes: 0 ok, 1 below --min-accuracy, 2 usage, 3 model unusable, 4 board problem (or a real board).`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'on-device accuracy on fresh emulated gestures with ground truth, latency',
  help: HELP,
  options: {
    ...BOARD_OPTIONS,
    model: { type: 'string', short: 'm' },
    gestures: { type: 'string' },
    person: { type: 'string' },
    seed: { type: 'string' },
    'hop-ms': { type: 'string' },
    'min-accuracy': { type: 'string' },
    replay: { type: 'string' },
  },
  maxPositionals: 0,
  async run(p, ctx) {
    const url = str(p, 'board');
    if (url === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'verify: --board is required (the emulator board URL)', { field: 'board' });
    let modelPath = str(p, 'model');
    if (modelPath === undefined) {
      modelPath = (await readDeployed(ctx.io.cwd))[url];
      if (modelPath === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', `verify: no model known for ${url}: deploy one first (\`tinyspark deploy model.int8.json --board ${url}\`) or pass --model`, { field: 'model' });
    }
    const m = await loadInt8Model(ctx.path(modelPath));
    if (str(p, 'replay') !== undefined) return runVerifyReplay(p, ctx, url, m);
    const gestures = intOpt('verify', p, 'gestures', 100, 1, 1000);
    const spec = {
      gestures,
      person: intOpt('verify', p, 'person', 99, 0, 1_000_000),
      seed: intOpt('verify', p, 'seed', 1, 0, 0xffffffff),
      hopMs: intOpt('verify', p, 'hop-ms', 50, 1, 60_000),
    };
    const minAcc = numOpt('verify', p, 'min-accuracy', 0, 0, 1);
    const board = await openBoard(ctx.io, url, {}, boardAccess(p, ctx.io));
    try {
      await board.deployModel(m.doc as object).catch((err: unknown) => {
        throw boardError(url, err, 'verify (deploy)');
      });
      const bar = ctx.progress('verify', gestures);
      const res = await verifyOnBoard(board, m.qmodel, spec, { bar, ...(ctx.io.signal !== undefined ? { signal: ctx.io.signal } : {}) });
      bar.finish(`${res.predictions} predictions`);
      ctx.print(`on-device accuracy ${(res.accuracy * 100).toFixed(1)}% on ${res.gestures.length} fresh gestures by person ${spec.person} (seed ${spec.seed}), int8 model ${m.path}`);
      const none = res.confusion.reduce((a, r) => a + (r[res.labels.length] ?? 0), 0);
      const columns = none > 0 ? [...res.labels, '(none)'] : [...res.labels];
      ctx.print(formatConfusion([...res.labels], res.confusion, 'on-device confusion matrix (rows: performed, columns: predicted)', columns));
      if (none > 0) ctx.print(`${none} gesture(s) had no prediction window covering them`);
      ctx.print(formatClassMetrics(res.perClass));
      ctx.print(`inference latency on the board: median ${res.latency.medianUs} us, p95 ${res.latency.p95Us} us, max ${res.latency.maxUs} us (${res.latency.count} inferences)`);
      return { result: { ...res, model: m.path, board: url }, exitCode: res.accuracy < minAcc ? EXIT.failure : EXIT.ok };
    } finally {
      await board.close();
    }
  },
};
