import os from 'node:os';
import type { MachineInfo } from './report/bench-report.js';

/** Describes this machine for the report (CPU model, cores, memory, OS, Node/V8, gcc, tfjs). */
export function describeMachine(extra: {
  gcc: string | null;
  tfjs: string | null;
  wasmSimd: boolean | null;
  date: string;
  command: string;
}): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    ...extra,
  };
}
