import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from './report/bench-report.js';

/** Describes this machine for the report (CPU model, cores, memory, OS, Node/V8, gcc, tfjs). */
export function describeMachine(extra: {
  gcc: string | null;
  tfjs: string | null;
  wasmSimd: boolean | null;
  date: string;
  command: string;
  loadAverages?: { at: string; load: number[] }[];
}): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    cpuFlags: cpuFlags(),
    ...extra,
  };
}

/** The kernels' CPU features present on this machine (/proc/cpuinfo on Linux; [] elsewhere). */
function cpuFlags(): string[] {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const line = /^flags\s*:(.*)$/m.exec(text)?.[1] ?? '';
    const have = new Set(line.trim().split(/\s+/));
    return ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => have.has(f));
  } catch {
    return [];
  }
}

/** The 1/5/15-minute load average now, rounded (a loaded machine makes figures noisy). */
export function loadAverageNow(): number[] {
  return os.loadavg().map((v) => Math.round(v * 100) / 100);
}
