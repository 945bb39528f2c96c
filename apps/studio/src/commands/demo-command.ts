import { choiceOpt, flag, intOpt, str } from '../args.js';
import type { Command } from '../command.js';
import { StudioError } from '../errors.js';
import { demoPlan } from '../demo/demo-plan.js';
import { runDemo } from '../demo/run-demo.js';
import { gestureFileList, readGestureFiles } from '../gesture/gesture-files.js';

const HELP = `tinyspark demo [--out ./tinyspark-demo] [--size full|small] [--seed 1] [--course] [--gestures <file>...]

The whole workflow on an embedded emulator (virtual clock, no hardware, no network beyond loopback):
capture 8 gestures plus idle from several simulated people, train, evaluate on a person held out of
training, quantize to int8 and check, export C and CircuitPython, deploy to the emulated board and
verify on fresh gestures against the emulator's ground truth; print a short summary. Writes
everything to the output folder: dataset/, model.json, model.int8.json, check-report.txt, export/c,
export/circuitpython, report.html (loss curves, confusion matrices float/int8/on-device, example
sensor traces), summary.json.
  --out <dir>     output folder (default ./tinyspark-demo; its dataset/ is replaced)
  --size small    a reduced run (fewer people and recordings) for tests and slow machines
  --seed S        seed of the emulator, the gestures and the training (default 1)
  --course        the course's own mini-project instead: three proximity readings 250 ms apart, the
                  3-2-2 linear network, learning rate 0.01, 100 epochs, per-sample SGD, deployed and
                  tried on fresh moving_closer / moving_away gestures
  --gestures <file>...  learned gestures (\`tinyspark gesture learn\`): loaded into the built-in
                  emulator and captured, trained and verified beside the built-in ones (not with --course)
Exit codes: 0 done, 1 a step failed, 3 a bad gesture file, 4 emulator/network problem, 5 cannot write the output, 130 interrupted.`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the whole workflow on an emulated board, results and report.html in ./tinyspark-demo',
  help: HELP,
  options: { out: { type: 'string', short: 'o' }, size: { type: 'string' }, seed: { type: 'string' }, course: { type: 'boolean' }, gestures: { type: 'string', variadic: true } },
  maxPositionals: 0,
  async run(p, ctx) {
    const size = choiceOpt('demo', p, 'size', ['full', 'small'] as const, 'full');
    const seed = intOpt('demo', p, 'seed', 1, 0, 40_000);
    const course = flag(p, 'course');
    const out = ctx.path(str(p, 'out') ?? (course ? './tinyspark-demo-course' : './tinyspark-demo'));
    const files = gestureFileList(p.values['gestures']);
    if (course && files.length > 0) throw new StudioError('STUDIO_ERR_USAGE', 'demo: --gestures adds hand-held gestures; the --course mini-project is proximity only', { field: 'gestures' });
    const learned = readGestureFiles('demo', files.map((f) => ctx.path(f)));
    const plan = demoPlan(size, course, seed);
    const result = await runDemo(learned.length > 0 ? { ...plan, gestures: [...plan.gestures, ...learned.map((g) => g.name)], learnedGestures: learned } : plan, out, seed, ctx);
    return { result };
  },
};
