import type { LearnedGestureDoc } from '@tinyspark/emulator/learn';
import type { TrainSettings } from '../training/train-model.js';
import { DEFAULT_TRAIN_SETTINGS } from '../training/train-model.js';

export type DemoSize = 'small' | 'full';

/** Everything the demo does, as numbers. */
export interface DemoPlan {
  course: boolean;
  gestures: string[];
  /** Persons whose recordings train the model. */
  trainPersons: number[];
  /** The person held out of training: evaluation and on-device verification. */
  testPerson: number;
  perGesturePerPerson: number;
  durationMs: number;
  sensor: 'imu' | 'proximity';
  train: TrainSettings;
  /** Pipeline override (the course's: 3 readings 250 ms apart, /100). */
  pipeline?: { windowLength: number; intervalMs: number; scale: number[]; offset: number[] };
  verifyGestures: number;
  verifySeed: number;
  hopMs: number;
  boards: number;
  /** Learned gestures (`demo --gestures`) the built-in emulator loads; their names are in `gestures`. */
  learnedGestures?: readonly LearnedGestureDoc[];
}

/** Eight gestures plus idle. tap (a 0.1 s event) and tilt are left out: in our runs with few simulated people they were the most confused classes. */
const IMU_GESTURES = ['idle', 'shake', 'circle', 'swipe_left', 'swipe_right', 'lift', 'punch', 'wave', 'flex'];

export function demoPlan(size: DemoSize, course: boolean, seed: number): DemoPlan {
  if (course) {
    return {
      course: true,
      gestures: ['moving_closer', 'moving_away'],
      trainPersons: size === 'small' ? [1, 2] : [1, 2, 3],
      testPerson: 9,
      perGesturePerPerson: size === 'small' ? 5 : 7,
      durationMs: 1000,
      sensor: 'proximity',
      train: { hidden: [2], activation: 'linear', output: 'linear', useBias: false, init: 'uniform1', epochs: 100, learningRate: 0.01, batchSize: 1, optimizer: 'sgd', seed, patience: 0 },
      pipeline: { windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0] },
      verifyGestures: size === 'small' ? 40 : 100,
      verifySeed: seed + 7919,
      hopMs: 50,
      boards: 1,
    };
  }
  const persons = size === 'small' ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return {
    course: false,
    gestures: IMU_GESTURES,
    trainPersons: persons,
    testPerson: 12,
    perGesturePerPerson: size === 'small' ? 6 : 12,
    durationMs: 1000,
    sensor: 'imu',
    train: { ...DEFAULT_TRAIN_SETTINGS, epochs: size === 'small' ? 30 : 40, patience: 0, seed },
    verifyGestures: size === 'small' ? 100 : 200,
    verifySeed: seed + 7919,
    hopMs: 50,
    boards: 3,
  };
}
