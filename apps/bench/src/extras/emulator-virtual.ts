import type { ResultEntry } from '../report/bench-report.js';
import type { ExtraContext } from './extra-context.js';

export function measureEmulatorVirtual(_x: ExtraContext): Promise<ResultEntry[]> {
  return Promise.resolve([{ workload: 'emulator-virtual', engine: '-', samplesPerSecond: null, notes: 'not measured: emulator not integrated yet' }]);
}
