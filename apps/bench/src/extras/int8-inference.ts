import type { ResultEntry } from '../report/bench-report.js';
import type { ExtraContext } from './extra-context.js';

export function measureInt8(_x: ExtraContext): Promise<ResultEntry[]> {
  return Promise.resolve([{ workload: 'int8-W1', engine: '-', samplesPerSecond: null, notes: 'not measured: @tinyspark/quantizer convert/codegen not integrated yet' }]);
}
