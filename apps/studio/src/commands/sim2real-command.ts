import type { AugmentOptions } from '@tinyspark/core';
import type { Parsed } from '../args.js';
import { flag, intListOpt, intOpt, numOpt, requireStr, str } from '../args.js';
import type { Command } from '../command.js';
import { StudioError } from '../errors.js';
import { formatCalibration } from '../sim2real/calibration.js';
import { AUGMENT_OPTIONS, augmentTransforms } from '../training/augment-flags.js';
import { loadRealFile } from '../sim2real/real-file.js';
import { formatSim2Real } from '../sim2real/report.js';
import { runSim2Real, SIM2REAL_AUGMENT, SIM2REAL_HIDDEN } from '../sim2real/run-sim2real.js';
import { runLearnedSim2Real } from '../sim2real/learned.js';

const HELP = `tinyspark sim2real --real <file> [options]

Trains the studio's classifier on emulated recordings only (accelerometer, the real file's
gestures, segmented like the real ones), tests it on real recordings, and prints per-class recall,
balanced accuracy, the confusion matrix, chance and a real->real reference (the same classifier
trained and tested on the real file by k-fold). Real recordings are mapped to the board frame
(--axis-map), converted to m/s^2, resampled to 104 Hz and clipped at the board's +-4 g. The
held-out half (every second recording of each label) is reported on its own: calibrate on the
other half.

  --real <file>      real recordings in the calibration file's format                    (required)
  --labels a,b,...   real labels to use (default: all in the file); name=a+b merges labels
                     (the six of issue 10: shake,left,right,up,toward,circle=circle_left+circle_right)
  --seeds 1,2,3      one run per seed: emulated people, recordings and training (default 1)
  --persons N        emulated people (default 32: more people measured better than 16, ADR 0009)
  --per-person N     emulated recordings per gesture and person (default 10)
  --variation V      gesture variation of the emulated recordings (>= 0, default 1)
  --axis-map MAP     real frame -> board frame (default x=-y,y=x,z=z)
  --folds K          folds of the real->real reference (default 5)
  --epochs N         training epochs (default 150)
  --arch 64,32       the classifier's hidden layer sizes (default ${SIM2REAL_HIDDEN.join(',')})
Augmentation of the training recordings (on by default here: ${SIM2REAL_AUGMENT.copies} copies, rotation ${SIM2REAL_AUGMENT.rotationDeg} deg,
time warp ${SIM2REAL_AUGMENT.timeWarp}, amplitude ${SIM2REAL_AUGMENT.amplitude}, noise ${SIM2REAL_AUGMENT.noise} m/s2; the same options as \`tinyspark train\`; seeded by
the run's seed; the real->real reference's training folds get the same):
  --augment-copies N        copies per training recording (0: augmentation off)
  --augment-time-warp E, --augment-amplitude S, --augment-rotation-deg D, --augment-noise SD,
  --augment-offset SD       replace the default transforms (unnamed ones are then off)
  --calibration      also print the calibration table (emulated vs the real fit half)
  --learn N          also: per label learn a gesture from N real recordings, generate recordings of
                     it by new simulated people, train on those only, test on the label's other real
                     recordings; compared with training on the N real ones, without and with augmentation
                     (adds "learned": { balancedAccuracy, fewShotReal, fewShotAugmented, ... })
  --learn-generate N generated recordings per label for --learn (default 1000)
--json prints { balancedAccuracy, accuracy, chance, realToReal, perClass, confusion, labels,
heldOutBalancedAccuracy, runs, calibration, settings } (the result itself, no envelope).
Exit codes: 0 done, 2 usage, 3 the real file is missing or malformed.`;

/** The augmentation of the sim2real training sets: the default, the named transforms, or none (copies 0). */
export function sim2realAugment(p: Parsed): (AugmentOptions & { copies: number }) | null {
  const { options: named, given: any } = augmentTransforms('sim2real', p);
  const copies = intOpt('sim2real', p, 'augment-copies', SIM2REAL_AUGMENT.copies, 0, 100);
  if (copies === 0) return null;
  return any ? { ...named, copies } : { ...SIM2REAL_AUGMENT, copies };
}

function seedList(text: string | undefined): number[] {
  if (text === undefined) return [1];
  const seeds = text.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 1_000_000)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `sim2real: --seeds must be whole numbers 0..1000000 separated by commas, got "${text}"`, { field: 'seeds' });
  }
  return seeds;
}

export const sim2realCommand: Command = {
  name: 'sim2real',
  summary: 'train on emulated gestures only, test on real recordings (balanced accuracy, confusion)',
  help: HELP,
  options: {
    real: { type: 'string' },
    labels: { type: 'string' },
    seeds: { type: 'string' },
    persons: { type: 'string' },
    'per-person': { type: 'string' },
    variation: { type: 'string' },
    'axis-map': { type: 'string' },
    folds: { type: 'string' },
    epochs: { type: 'string' },
    calibration: { type: 'boolean' },
    learn: { type: 'string' },
    'learn-generate': { type: 'string' },
    arch: { type: 'string' },
    ...AUGMENT_OPTIONS,
  },
  maxPositionals: 0,
  jsonDocument: true,
  async run(p, ctx) {
    const path = ctx.path(requireStr('sim2real', p, 'real', 'the real recordings, e.g. <path>/gesturewiimote-calibration.json'));
    const labelsText = str(p, 'labels');
    const axisMap = str(p, 'axis-map');
    const real = await loadRealFile(path);
    const variation = str(p, 'variation') === undefined ? undefined : numOpt('sim2real', p, 'variation', 1, 0, 10);
    const result = runSim2Real({
      real,
      seeds: seedList(str(p, 'seeds')),
      persons: intOpt('sim2real', p, 'persons', 32, 1, 1000),
      perPerson: intOpt('sim2real', p, 'per-person', 10, 1, 1000),
      folds: intOpt('sim2real', p, 'folds', 5, 2, 20),
      epochs: intOpt('sim2real', p, 'epochs', 150, 1, 10_000),
      hidden: intListOpt('sim2real', p, 'arch', [...SIM2REAL_HIDDEN]),
      augment: sim2realAugment(p),
      ...(labelsText !== undefined ? { labels: labelsText.split(',').map((s) => s.trim()) } : {}),
      ...(axisMap !== undefined ? { axisMap } : {}),
      ...(variation !== undefined ? { variation } : {}),
      onProgress: (t) => ctx.note(t),
    });
    ctx.print(formatSim2Real(result));
    if (str(p, 'learn') !== undefined) {
      const learn = intOpt('sim2real', p, 'learn', 5, 1, 1000);
      const learned = runLearnedSim2Real({
        real,
        learn,
        generate: intOpt('sim2real', p, 'learn-generate', 1000, 1, 100_000),
        seeds: seedList(str(p, 'seeds')),
        epochs: intOpt('sim2real', p, 'epochs', 150, 1, 10_000),
        ...(axisMap !== undefined ? { axisMap } : {}),
        ...(variation !== undefined ? { variation } : {}),
        onProgress: (t) => ctx.note(t),
      });
      const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
      ctx.print(`\nlearned gestures (from ${learn} real per label): balanced accuracy ${pct(learned.balancedAccuracy)}; the same ${learn} real: ${pct(learned.fewShotReal)}; with augmentation: ${pct(learned.fewShotAugmented)}`);
      return { result: { ...result, learned } };
    }
    if (flag(p, 'calibration')) ctx.print(`\n${formatCalibration(result.calibration)}`);
    return { result };
  },
};
