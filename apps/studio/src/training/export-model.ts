import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateC, generateCircuitPython } from '@tinyspark/quantizer/codegen';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { writeFileAtomic } from '../dataset/atomic-write.js';
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
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new StudioError('STUDIO_ERR_IO', `export: cannot create ${dir}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
  }
  const written: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, file);
    await writeFileAtomic(path, text);
    written.push(path);
  }
  return written;
}
