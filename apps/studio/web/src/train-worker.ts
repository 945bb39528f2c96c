// Training in a Web Worker (train-run.ts): posts one `epoch` message per epoch, then `done` (or
// `error`, with the CLI's code and text).
import { toStudioError } from '../../src/errors.js';
import type { TrainRequest } from './train-run.js';
import { runTraining } from './train-run.js';

export type { TrainRequest } from './train-run.js';

self.onmessage = (ev: MessageEvent<TrainRequest>) => {
  try {
    self.postMessage(runTraining(ev.data, (m) => self.postMessage(m)));
  } catch (err) {
    const e = toStudioError(err);
    self.postMessage({ type: 'error', code: e.code, text: `[studio] ${e.code}: ${e.message}` });
  }
};
