import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { Parsed } from '../args.js';
import { choiceOpt, intOpt, numOpt, requireStr, str } from '../args.js';
import { isoNow } from '../clock.js';
import type { Command, CommandContext } from '../command.js';
import { checkDataset, formatIssues } from '../dataset/check.js';
import { recordingsFromCsv, recordingsToCsv } from '../dataset/csv.js';
import { DatasetWriter, loadDataset, requireRecordings, writeRecordings } from '../dataset/dataset-store.js';
import type { DatasetProblem } from '../dataset/dataset-store.js';
import { recordingFromEi, recordingToEi } from '../dataset/ei-json.js';
import { convertRecording, hasConversion, parseImportConversion, recordingsFromDataSetDoc } from '../dataset/convert-recording.js';
import { isInside, writeFileAtomic, writeFileSafe } from '../dataset/atomic-write.js';
import type { Recording } from '../dataset/recording.js';
import { assertLabel } from '../dataset/recording.js';
import { splitByPerson, splitRandom } from '../dataset/split.js';
import { datasetStats, formatStats } from '../dataset/stats.js';
import { EXIT, StudioError } from '../errors.js';

const HELP = `tinyspark dataset <stats|check|split|import|export> <dataset> [options]

Look after a dataset folder (manifest.json + one Edge Impulse JSON file per recording).

  stats  <dataset>                       counts per label and person, durations, rates, axes
  check  <dataset>                       the course's deployment problems: class imbalance, duplicates,
                                         outliers, mixed rates or axes, non-finite values, too few
                                         recordings, unreadable files (exit 1 if an ERROR is found)
         [--min-per-label 5] [--max-imbalance 2]
  split  <dataset> --out <dir>           writes <dir>/train and <dir>/test
         --by person --holdout <p[,p...]>      hold out whole persons (honest evaluation)
         --by random [--test-fraction 0.2] [--seed 1]   stratified by label, seeded
  import <dataset> --from <file|dir>     add recordings from Edge Impulse JSON files, CSV, or a data set's
                                         { recordings: [{ label, ax, ay, az }] } JSON file
         [--label <name>] [--interval-ms <ms>]  (for a single-recording CSV without label/timestamp,
                                         and for { recordings } files, which do not say their rate)
         recordings from another device (a phone, another board):
         [--units g|m/s2[,dps|rad/s]]    what the input is in (default: what the file says; the board's
                                         m/s2 / rad/s); converted to the board's units
         [--rate <Hz>]                   resample (band-limited) to the board's configured rate, e.g. 104
         [--axis-map x=-y,y=x,z=z]       board axes from the input's (signed permutation)
         [--sensors accel[,gyro,prox]]   keep only these sensors
         [--skip-bad]                    import the readable files even when some are not
                                         (without it, one bad file = nothing imported)
  export <dataset> --format csv|ei --out <path>   one CSV file, or a folder of Edge Impulse JSON files

Files that do not parse are named and skipped; the rest of the dataset stays usable. A command that
fails changes nothing on disk. --from/--out may not be the dataset itself or inside it.
Options: --json (machine-readable result on stdout), --quiet, --help`;

/** The real path of p (symlinks resolved) when it exists, else its absolute path. */
async function real(p: string): Promise<string> {
  return realpath(p).catch(() => resolve(p));
}

async function statsCmd(ds: string, ctx: CommandContext): Promise<{ result: unknown; exitCode?: number }> {
  const d = await loadDataset(ctx.path(ds));
  for (const p of d.problems) ctx.note(`[studio] skipped ${p.file}: ${p.message}`);
  const s = datasetStats(requireRecordings(d, 'capture or import some first'));
  ctx.print(formatStats(s));
  return { result: { dataset: d.dir, ...s, problems: d.problems } };
}

async function checkCmd(ds: string, p: Parsed, ctx: CommandContext): Promise<{ result: unknown; exitCode?: number }> {
  const d = await loadDataset(ctx.path(ds));
  const issues = checkDataset(d.recordings, d.problems, {
    minPerLabel: intOpt('dataset check', p, 'min-per-label', 5, 1),
    maxImbalance: numOpt('dataset check', p, 'max-imbalance', 2, 1),
  });
  const errors = issues.filter((i) => i.severity === 'error').length;
  ctx.print(`${d.recordings.length} readable recording(s) in ${d.dir}`);
  ctx.print(formatIssues(issues));
  ctx.print(`${errors} error(s), ${issues.length - errors} warning(s)`);
  return { result: { dataset: d.dir, recordings: d.recordings.length, errors, issues }, exitCode: errors > 0 ? EXIT.failure : EXIT.ok };
}

async function splitCmd(ds: string, p: Parsed, ctx: CommandContext): Promise<{ result: unknown; exitCode?: number }> {
  const out = requireStr('dataset split', p, 'out', 'the folder that receives train/ and test/');
  const by = choiceOpt('dataset split', p, 'by', ['person', 'random'] as const, 'person');
  const d = await loadDataset(ctx.path(ds));
  const [src, dst] = await Promise.all([real(d.dir), real(ctx.path(out))]);
  if (isInside(src, dst) || isInside(join(dst, 'train'), src) || isInside(join(dst, 'test'), src)) {
    throw new StudioError('STUDIO_ERR_SAME_FOLDER', `dataset split: --out ${out} is inside the dataset ${ds} (or would write over it): choose a folder outside it, e.g. --out ${basename(d.dir)}-split`, { field: 'out' });
  }
  const recs = requireRecordings(d, 'nothing to split');
  let split;
  if (by === 'person') {
    const holdout = requireStr('dataset split', p, 'holdout', 'the person(s) to hold out for testing, e.g. --holdout 5');
    split = splitByPerson(recs, holdout.split(',').map((s) => s.trim()));
  } else {
    split = splitRandom(recs, numOpt('dataset split', p, 'test-fraction', 0.2, 0, 1), intOpt('dataset split', p, 'seed', 1));
  }
  if (split.train.length === 0 || split.test.length === 0) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `the split leaves the ${split.train.length === 0 ? 'training' : 'test'} set empty; choose other persons or another fraction`, { field: by === 'person' ? 'holdout' : 'test-fraction' });
  }
  const dir = ctx.path(out);
  const trainFiles = await writeRecordings(join(dir, 'train'), split.train, isoNow);
  try {
    await writeRecordings(join(dir, 'test'), split.test, isoNow);
  } catch (err) {
    // all or nothing: take the train half back out
    const w = await DatasetWriter.open(join(dir, 'train'), isoNow);
    await w.remove(trainFiles);
    await w.writeManifest().catch(() => undefined);
    throw err;
  }
  ctx.print(`split (${split.description}): ${split.train.length} train -> ${join(dir, 'train')}, ${split.test.length} test -> ${join(dir, 'test')}`);
  return { result: { train: { dir: join(dir, 'train'), recordings: split.train.length }, test: { dir: join(dir, 'test'), recordings: split.test.length }, description: split.description } };
}

async function importCmd(ds: string, p: Parsed, ctx: CommandContext): Promise<{ result: unknown; exitCode?: number }> {
  const from = ctx.path(requireStr('dataset import', p, 'from', 'an Edge Impulse JSON file, a CSV file, or a folder of them'));
  const labelOpt = str(p, 'label');
  const label = labelOpt === undefined ? undefined : assertLabel(labelOpt);
  const skipBad = p.values['skip-bad'] === true;
  const [src, dst] = await Promise.all([real(from), real(ctx.path(ds))]);
  if (isInside(dst, src)) {
    throw new StudioError('STUDIO_ERR_SAME_FOLDER', `dataset import: --from ${from} is the dataset ${ds} itself (or inside it): importing it would add every recording a second time`, { field: 'from' });
  }
  const intervalMs = str(p, 'interval-ms') === undefined ? undefined : numOpt('dataset import', p, 'interval-ms', 0, 1e-6);
  const conv = parseImportConversion(withoutUndefined({ units: str(p, 'units'), rate: str(p, 'rate'), axisMap: str(p, 'axis-map'), sensors: str(p, 'sensors') }));
  let files: string[];
  try {
    const s = await stat(from);
    files = s.isDirectory() ? (await readdir(from)).filter((n) => /\.(json|csv)$/i.test(n) && n !== 'manifest.json' && !n.startsWith('.')).sort().map((n) => join(from, n)) : [from];
  } catch {
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `--from ${from} does not exist`, { field: 'from' });
  }
  const recs: Omit<Recording, 'id'>[] = [];
  const problems: DatasetProblem[] = [];
  for (const f of files) {
    const name = basename(f);
    try {
      const text = await readFile(f, 'utf8');
      if (extname(f).toLowerCase() === '.csv') {
        const opts: { fallbackLabel?: string; intervalMs?: number } = {};
        const fl = label ?? (name.split('.').length >= 3 ? name.split('.')[0] : undefined);
        if (fl !== undefined) opts.fallbackLabel = fl;
        if (intervalMs !== undefined) opts.intervalMs = intervalMs;
        recs.push(...recordingsFromCsv(text, name, opts).map((r) => (hasConversion(conv) ? convertRecording(r, conv, name) : r)));
      } else {
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (err) {
          throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${name} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
        }
        if (isDataSetDoc(doc)) {
          // these carry no units: --units is applied while reading them
          const { units, ...others } = conv;
          recs.push(...recordingsFromDataSetDoc(doc, name, intervalMs, label, units).map((r) => (hasConversion(others) ? convertRecording(r, others, name) : r)));
          continue;
        }
        const { id: _id, ...rest } = recordingFromEi(doc, name, 'x', label);
        recs.push(hasConversion(conv) ? convertRecording(rest, conv, name) : rest);
      }
    } catch (err) {
      if (!(err instanceof StudioError)) throw err;
      problems.push({ file: name, code: err.code, message: err.message });
      ctx.note(`[studio] ${skipBad ? 'skipped' : 'cannot import'} ${name}: ${err.message}`);
    }
  }
  if (problems.length > 0 && !skipBad) {
    throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `dataset import: ${problems.length} file(s) could not be imported (${problems.map((pr) => pr.file).join(', ')}; reasons above); nothing was imported. Fix them, or pass --skip-bad to import the other ${recs.length}`, { field: problems[0]?.file ?? 'from' });
  }
  const names = await writeRecordings(ctx.path(ds), recs as Recording[], isoNow);
  ctx.print(`imported ${names.length} recording(s) into ${ctx.path(ds)}${problems.length > 0 ? `; ${problems.length} file(s) skipped (named above)` : ''}`);
  return { result: { imported: names.length, files: names, problems }, exitCode: problems.length > 0 ? EXIT.badInput : EXIT.ok };
}

function isDataSetDoc(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && Array.isArray((doc as { recordings?: unknown }).recordings);
}

function withoutUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

async function exportCmd(ds: string, p: Parsed, ctx: CommandContext): Promise<{ result: unknown; exitCode?: number }> {
  const format = choiceOpt('dataset export', p, 'format', ['csv', 'ei'] as const, 'csv');
  const out = ctx.path(requireStr('dataset export', p, 'out', format === 'csv' ? 'the CSV file to write' : 'the folder to write the JSON files to'));
  const d = await loadDataset(ctx.path(ds));
  for (const pr of d.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
  const recs = requireRecordings(d, 'nothing to export');
  if (format === 'csv') {
    await writeFileAtomic(out, recordingsToCsv(recs));
  } else {
    for (const r of recs) await writeFileSafe(out, `${r.label}.${r.id}.json`, JSON.stringify(recordingToEi(r)));
  }
  ctx.print(`exported ${recs.length} recording(s) as ${format === 'csv' ? 'CSV' : 'Edge Impulse JSON'} to ${out}`);
  return { result: { exported: recs.length, format, out, problems: d.problems } };
}

export const datasetCommand: Command = {
  name: 'dataset',
  summary: 'stats, check, split, import and export a dataset folder',
  help: HELP,
  options: {
    out: { type: 'string', short: 'o' },
    by: { type: 'string' },
    holdout: { type: 'string' },
    'test-fraction': { type: 'string' },
    seed: { type: 'string' },
    from: { type: 'string' },
    label: { type: 'string' },
    'interval-ms': { type: 'string' },
    units: { type: 'string' },
    rate: { type: 'string' },
    'axis-map': { type: 'string' },
    sensors: { type: 'string' },
    format: { type: 'string' },
    'min-per-label': { type: 'string' },
    'max-imbalance': { type: 'string' },
    'skip-bad': { type: 'boolean' },
  },
  maxPositionals: 2,
  subcommands: ['stats', 'check', 'split', 'import', 'export'],
  async run(p, ctx) {
    const [sub, ds] = p.positionals;
    const subs = datasetCommand.subcommands ?? [];
    if (sub === undefined || !subs.includes(sub)) {
      throw new StudioError('STUDIO_ERR_USAGE', `dataset: say what to do: one of ${subs.join(', ')} (e.g. \`tinyspark dataset stats ./data\`)`, { field: 'subcommand' });
    }
    if (ds === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', `dataset ${sub}: give the dataset folder, e.g. \`tinyspark dataset ${sub} ./data\``, { field: 'dataset' });
    switch (sub) {
      case 'stats':
        return statsCmd(ds, ctx);
      case 'check':
        return checkCmd(ds, p, ctx);
      case 'split':
        return splitCmd(ds, p, ctx);
      case 'import':
        return importCmd(ds, p, ctx);
      default:
        return exportCmd(ds, p, ctx);
    }
  },
};
