import type { ResultEntry } from '../report/bench-report.js';
import type { ExtraContext } from './extra-context.js';

export function measureWsStream(_x: ExtraContext): Promise<ResultEntry[]> {
  return Promise.resolve([{ workload: 'ws-stream', engine: '-', samplesPerSecond: null, notes: 'not measured: emulator server not integrated yet' }]);
}
