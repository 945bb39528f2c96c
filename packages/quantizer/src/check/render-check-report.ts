import type { CheckReport } from './check-deployment.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The deployment check as readable text (one report, fixed layout). */
export function renderCheckReport(r: CheckReport): string {
  const lines: string[] = [];
  lines.push(`Deployment check (${r.samples} samples)`);
  lines.push(`  argmax agreement int8 vs float: ${pct(r.agreement)} (${r.agreeing}/${r.samples})`);
  if (r.floatAccuracy !== null && r.int8Accuracy !== null) {
    lines.push(`  accuracy: float ${pct(r.floatAccuracy)}, int8 ${pct(r.int8Accuracy)}`);
  }
  lines.push('  layer  shape      act    scale       zp    max err     mean err    saturated');
  for (const l of r.layers) {
    lines.push(
      `  ${String(l.index).padEnd(5)}  ${`${l.inputDepth}x${l.outputDepth}`.padEnd(9)}  ${l.activation.padEnd(5)}  ${l.outputScale.toPrecision(4).padEnd(10)}  ` +
        `${String(l.outputZeroPoint).padEnd(4)}  ${l.maxAbsError.toPrecision(3).padEnd(10)}  ${l.meanAbsError.toPrecision(3).padEnd(10)}  ${pct(l.saturatedShare)}`,
    );
  }
  lines.push(`  flash: ${r.memory.flashBytes} bytes (${r.memory.weightBytes} int8 weights + ${r.memory.parameterBytes} bias/multiplier bytes)`);
  lines.push(`  RAM: largest activation pair ${r.memory.largestActivationPairBytes} bytes (layer ${r.memory.largestActivationPairLayer} input + output)`);
  lines.push(`  MACs per inference: ${r.macs}`);
  lines.push(`  latency: ~${r.latency.microseconds.toFixed(1)} us (${r.latency.cycles} cycles; ${r.latency.assumption})`);
  if (r.warnings.length === 0) lines.push('  warnings: none');
  for (const w of r.warnings) lines.push(`  WARNING ${w.code} ${w.field}: ${w.message}`);
  return lines.join('\n') + '\n';
}
