import type { Parsed } from '../args.js';
import { intOpt, numOpt, str } from '../args.js';
import type { CommandContext } from '../command.js';
import { boardAccess, boardError, openBoard } from '../board/connect.js';
import { verifyReplayOnBoard } from '../board/verify-replay.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { EXIT } from '../errors.js';
import { formatClassMetrics, formatConfusion } from '../render/confusion-table.js';
import type { loadInt8Model } from '../training/model-files.js';

/** `tinyspark verify --replay <dataset>`: the dataset's own recordings played through the board. */
export async function runVerifyReplay(p: Parsed, ctx: CommandContext, url: string, m: Awaited<ReturnType<typeof loadInt8Model>>): Promise<{ result: unknown; exitCode?: number }> {
  const dir = ctx.path(str(p, 'replay')!);
  const ds = await loadDataset(dir);
  for (const pr of ds.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
  const recs = requireRecordings(ds, 'nothing to replay');
  const minAcc = numOpt('verify', p, 'min-accuracy', 0, 0, 1);
  const hopMs = intOpt('verify', p, 'hop-ms', 50, 1, 60_000);
  const board = await openBoard(ctx.io, url, {}, boardAccess(p, ctx.io));
  try {
    await board.deployModel(m.doc as object).catch((err: unknown) => {
      throw boardError(url, err, 'verify (deploy)');
    });
    const bar = ctx.progress('verify --replay', recs.length);
    const res = await verifyReplayOnBoard(board, m.qmodel, recs, { hopMs }, { bar, ...(ctx.io.signal !== undefined ? { signal: ctx.io.signal } : {}) });
    bar.finish(`${res.predictions} predictions`);
    ctx.print(`on-device accuracy ${(res.accuracy * 100).toFixed(1)}% on ${res.gestures.length} replayed recordings of ${dir}, int8 model ${m.path}`);
    const none = res.confusion.reduce((a, r) => a + (r[res.labels.length] ?? 0), 0);
    const columns = none > 0 ? [...res.labels, '(none)'] : [...res.labels];
    ctx.print(formatConfusion([...res.labels], res.confusion, 'on-device confusion matrix (rows: recording label, columns: predicted)', columns));
    if (none > 0) ctx.print(`${none} recording(s) had no prediction window covering them`);
    ctx.print(formatClassMetrics(res.perClass));
    return { result: { ...res, model: m.path, board: url, replay: dir }, exitCode: res.accuracy < minAcc ? EXIT.failure : EXIT.ok };
  } finally {
    await board.close();
  }
}
