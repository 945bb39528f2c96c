import { StudioError } from '../errors.js';

/** One labelled recording, in memory (SI units, `values[sample][axis]`). */
export interface Recording {
  /** File stem id, unique within a dataset (`<label>.<id>.json`). */
  id: string;
  label: string;
  intervalMs: number;
  axes: string[];
  units: string[];
  values: number[][];
  person?: number;
  seed?: number;
  gesture?: string;
  board?: string;
  capturedAt?: string;
  deviceName?: string;
  deviceType?: string;
}

const LABEL_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** True for a usable label: letters, digits, "_" and "-", at most 64, starting with a letter or digit. */
export function isLabel(label: string): boolean {
  return LABEL_RE.test(label);
}

export function assertLabel(label: string, field = 'label'): string {
  if (!LABEL_RE.test(label)) {
    throw new StudioError(
      'STUDIO_ERR_BAD_LABEL',
      `label "${label}" is not usable: use letters, digits, "_" or "-" (at most 64, starting with a letter or digit), e.g. moving_closer.`,
      { field },
    );
  }
  return label;
}

/** The SI unit string of a known axis name (as written in the Edge Impulse `sensors` list). */
export function unitOfAxis(axis: string): string {
  if (axis.startsWith('a')) return 'm/s2';
  if (axis.startsWith('g')) return 'rad/s';
  if (axis === 'proximity') return 'counts/8';
  return 'N/A';
}

export function durationMs(rec: Pick<Recording, 'intervalMs' | 'values'>): number {
  return rec.values.length * rec.intervalMs;
}

/** The in-memory form the quantizer runtime's extractFeatures takes. */
export function toSensorRecording(rec: Recording): { label?: string; intervalMs: number; axes: string[]; values: number[][] } {
  return { label: rec.label, intervalMs: rec.intervalMs, axes: rec.axes, values: rec.values };
}
