import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { extractFeatures } from '@tinyspark/quantizer/runtime';
import type { Recording } from '../dataset/recording.js';
import { toSensorRecording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';
import { assertPipelineFits } from './pipeline-builder.js';

export interface Examples {
  inputs: Float32Array[];
  targets: Float32Array[];
  /** Class index of each example. */
  classes: number[];
  recordings: Recording[];
}

/**
 * Every sample value of a recording must be a finite number: a `null` (what JSON makes of NaN) or an
 * overflow such as `1e999` (read as Infinity) is an error naming the file and the value, even when
 * the input window would not have picked that sample.
 */
export function assertFiniteValues(r: Recording, what: string): void {
  for (let i = 0; i < r.values.length; i++) {
    const row = r.values[i] ?? [];
    for (let a = 0; a < row.length; a++) {
      const v = row[a] ?? Number.NaN;
      if (!Number.isFinite(v)) {
        const field = `payload.values[${i}][${a}]`;
        throw new StudioError(
          'STUDIO_ERR_RECORDING_PARSE',
          `${what}: ${r.label}.${r.id}.json: ${field} (axis ${r.axes[a] ?? a}) is ${Number.isNaN(v) ? 'null/NaN' : 'infinite (e.g. 1e999)'}, not a finite number; run \`tinyspark dataset check\` and delete or re-record it`,
          { field },
        );
      }
    }
  }
}

/**
 * Turns recordings into network inputs with the quantizer runtime's extractFeatures (the one
 * definition of the input pipeline, the same the device runs) and one-hot targets.
 * A label the model does not know is an error naming it (and the labels it knows).
 */
export function buildExamples(pipeline: InputPipeline, labels: readonly string[], recordings: Recording[], what: string): Examples {
  const inputs: Float32Array[] = [];
  const targets: Float32Array[] = [];
  const classes: number[] = [];
  for (const r of recordings) {
    const k = labels.indexOf(r.label);
    if (k < 0) {
      throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `${what}: label "${r.label}" (${r.label}.${r.id}.json) is not one the model knows (${labels.join(', ')}); train a model that includes it, or leave those recordings out`, { field: 'label' });
    }
    assertPipelineFits(pipeline, r, what);
    assertFiniteValues(r, what);
    const x = Float32Array.from(extractFeatures(pipeline, toSensorRecording(r)));
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i] ?? 0)) {
        throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${what}: ${r.label}.${r.id}.json gives a non-finite input (NaN or infinite sample values); run \`tinyspark dataset check\` and delete it`, { field: 'values' });
      }
    }
    const t = new Float32Array(labels.length);
    t[k] = 1;
    inputs.push(x);
    targets.push(t);
    classes.push(k);
  }
  return { inputs, targets, classes, recordings };
}
