import type { ResultEntry } from '../report/bench-report.js';
import type { ExtraContext } from './extra-context.js';

export function measureDemo(_x: ExtraContext): Promise<ResultEntry[]> {
  return Promise.resolve([{ workload: 'demo', engine: '-', samplesPerSecond: null, notes: 'not measured: studio demo stage timings not exposed' }]);
}
