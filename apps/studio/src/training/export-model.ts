import { generateC, generateCircuitPython } from '@tinyspark/quantizer/codegen';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { writeFileSafe } from '../dataset/atomic-write.js';
import { StudioError } from '../errors.js';

export type ExportTarget = 'c' | 'circuitpython';

/** Writes the C99 (model.h, model.c) or CircuitPython (code.py) export of an int8 model; returns the files. */
export async function exportModel(qmodel: QModel, target: ExportTarget, dir: string, name = 'model'): Promise<string[]> {
  let files: Record<string, string>;
  try {
    files = target === 'c' ? { ...generateC(qmodel, { name }) } : { 'code.py': generateCircuitPython(qmodel) };
  } catch (err) {
    const e = err as { message?: string; code?: string; field?: string };
    throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `export: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`, { field: e.field ?? 'model', cause: err });
  }
  const written: string[] = [];
  for (const [file, text] of Object.entries(files)) written.push(await writeFileSafe(dir, file, text));
  return written;
}
