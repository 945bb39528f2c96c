import { formatConfusion } from '../render/confusion-table.js';
import type { Sim2RealResult } from './run-sim2real.js';

const pc = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The human report of a sim2real run. */
export function formatSim2Real(r: Sim2RealResult): string {
  const s = r.settings;
  const lines = [
    `sim2real: trained on ${s.persons} emulated people x ${s.perPerson} recordings per gesture (variation ${s.variation ?? 'default'}), tested on ${s.realCount} real recordings (held-out half: ${s.heldOutCount}); axis map ${s.axisMap}`,
    `labels: ${r.labels.join(', ')}   chance ${pc(r.chance)}`,
    '',
    `${'seed'.padEnd(6)} ${'balanced (all real)'.padEnd(21)} ${'balanced (held-out)'.padEnd(21)} ${'accuracy'.padEnd(10)} real->real`,
    ...r.runs.map((x) => `${String(x.seed).padEnd(6)} ${pc(x.all.balancedAccuracy).padEnd(21)} ${pc(x.heldOut.balancedAccuracy).padEnd(21)} ${pc(x.all.accuracy).padEnd(10)} ${pc(x.realToReal)}`),
    `${'mean'.padEnd(6)} ${pc(r.balancedAccuracy).padEnd(21)} ${pc(r.heldOutBalancedAccuracy).padEnd(21)} ${pc(r.accuracy).padEnd(10)} ${pc(r.realToReal)}`,
    '',
    'per-class recall (mean over seeds): ' + r.labels.map((l) => `${l} ${pc(r.perClass[l] ?? 0)}`).join(', '),
    '',
    formatConfusion(r.labels, r.confusion, `confusion matrix, all real recordings, summed over ${r.runs.length} seed(s) (rows: true, columns: predicted)`),
  ];
  return lines.join('\n');
}
