import type { ResultEntry } from '../report/bench-report.js';
import type { ExtraContext } from './extra-context.js';

export function measureRealtimeBoards(_x: ExtraContext): Promise<ResultEntry[]> {
  return Promise.resolve([{ workload: 'emulator-realtime', engine: '-', samplesPerSecond: null, notes: 'not measured: emulator not integrated yet' }]);
}
