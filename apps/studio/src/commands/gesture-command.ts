import { intOpt, numOpt, requireStr, str } from '../args.js';
import type { Command } from '../command.js';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { assertLabel } from '../dataset/recording.js';
import { StudioError } from '../errors.js';
import { defaultGestureName, learnFromDataset } from '../gesture/learn-from-dataset.js';
import { DEFAULT_TILT_CUTOFF_HZ } from '@tinyspark/emulator/learn';

const HELP = `tinyspark gesture learn <dataset> --label <name> --out <file> [options]

Learn a new gesture for the emulator from a few recordings of it (3-5 are enough to start): each
recording of the label becomes a trajectory (orientation and world-frame linear acceleration,
recovered from the accelerometer, and the gyroscope where the recordings have one), the most typical
one (the medoid) is the template and all of them are its variation; the emulator widens that with
its person layers (tempo, amplitude, grip, tremor). The file is a tinyspark.gesture v1 document
(JSON, validated on load). It prints what the sensors could identify and what the fit assumed.

  --label <name>        which recordings of the dataset to learn from                     (required)
  --out <file>          the gesture file to write (e.g. wave.json)                          (required)
  --name <gesture>      the gesture's name in the emulator (default: the label; learned_<label>
                        when a built-in gesture has that name)
  --knots N             instants per performance (default 96; 8..1024)
  --tilt-cutoff-hz F    accelerometer only: below F Hz the specific force is taken as gravity (default 0.5)

Then perform it like a built-in gesture:
  tinyspark emulator --gestures wave.json            (or tinyspark-emulator --gestures wave.json)
  tinyspark capture --board ws://127.0.0.1:8080/boards/board-0 --gesture wave --label wave --count 200 --out data
Exit codes: 0 written, 2 usage, 3 the dataset or a recording is unusable (named), 5 cannot write --out.`;

export const gestureCommand: Command = {
  name: 'gesture',
  summary: 'learn a new gesture for the emulator from a few recordings (tinyspark.gesture v1 file)',
  help: HELP,
  options: { label: { type: 'string', short: 'l' }, out: { type: 'string', short: 'o' }, name: { type: 'string' }, knots: { type: 'string' }, 'tilt-cutoff-hz': { type: 'string' } },
  maxPositionals: 2,
  subcommands: ['learn'],
  async run(p, ctx) {
    if (p.positionals[0] !== 'learn') throw new StudioError('STUDIO_ERR_USAGE', 'gesture: give a subcommand: `tinyspark gesture learn <dataset> --label <name> --out <file>`', { field: 'subcommand' });
    const ds = p.positionals[1];
    if (ds === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'gesture learn: give the dataset folder, e.g. `tinyspark gesture learn ./data --label wave --out wave.json`', { field: 'dataset' });
    const label = assertLabel(requireStr('gesture learn', p, 'label', 'the label of the recordings to learn from, e.g. --label wave'));
    const out = ctx.path(requireStr('gesture learn', p, 'out', 'the gesture file to write, e.g. --out wave.json'));
    const name = str(p, 'name') ?? defaultGestureName(label);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new StudioError('STUDIO_ERR_BAD_OPTION', `gesture learn: --name "${name}" must be 1..64 of letters, digits, _ and -`, { field: 'name' });
    const knots = intOpt('gesture learn', p, 'knots', 96, 8, 1024);
    const tiltCutoffHz = numOpt('gesture learn', p, 'tilt-cutoff-hz', DEFAULT_TILT_CUTOFF_HZ, 0.01, 49);
    const d = await loadDataset(ctx.path(ds));
    for (const pr of d.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
    const all = requireRecordings(d, 'capture or import some recordings of the gesture first');
    if (name !== label && str(p, 'name') === undefined) ctx.note(`[studio] "${label}" is a built-in gesture of the emulator: the learned one is called "${name}" (choose with --name)`);
    const count = all.filter((r) => r.label === label).length;
    const bar = ctx.progress(`learn ${name}`, Math.max(1, count));
    const r = learnFromDataset(all, { label, name, knots, tiltCutoffHz, onProgress: (done) => bar.update(done) });
    bar.finish(`${r.recordings.length} fitted`);
    if (r.recordings.length < 3) ctx.warn(`[studio] warning: learned from ${r.recordings.length} recording(s) only: the variation of the performed gesture is the emulator's person layers alone; 3-5 recordings by different people give a better spread`);
    await writeFileAtomic(out, `${JSON.stringify(r.doc)}\n`).catch((err: unknown) => {
      throw new StudioError('STUDIO_ERR_IO', `gesture learn: cannot write ${out}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
    });
    const sensors = r.hasGyro ? 'accelerometer + gyroscope' : 'accelerometer only';
    ctx.print(`learned gesture "${name}" from ${r.recordings.length} recording(s) of "${label}" (${sensors}, ${r.rateHz.join('/')} Hz): template ${r.doc.template.durationS.toFixed(2)} s (the medoid), ${r.doc.examples.length} example(s) as its variation`);
    ctx.print(ctx.color.bold('identifiable from the recordings:'));
    for (const t of r.identifiability.identifiable) ctx.print(`  - ${t}`);
    ctx.print(ctx.color.bold('assumed:'));
    for (const t of r.identifiability.assumed) ctx.print(`  - ${t}`);
    ctx.print(`wrote ${out}`);
    ctx.print(`perform it: tinyspark emulator --gestures ${out}   then   tinyspark capture --board <url> --gesture ${name} --label ${name} --out <dataset>`);
    return {
      result: {
        out,
        name,
        label,
        recordings: r.recordings.length,
        sensors: r.hasGyro ? ['accelerometer', 'gyroscope'] : ['accelerometer'],
        rateHz: r.rateHz,
        durationS: r.doc.template.durationS,
        knots: r.doc.knots,
        identifiable: r.identifiability.identifiable,
        assumed: r.identifiability.assumed,
      },
    };
  },
};
