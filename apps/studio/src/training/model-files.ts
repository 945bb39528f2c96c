import { readFile } from 'node:fs/promises';
import type { LoadedModel, ModelDocument } from '@tinyspark/core';
import { modelFromDocument } from '@tinyspark/core';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { loadQModel } from '@tinyspark/quantizer/runtime';
import { StudioError } from '../errors.js';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `${what} ${path} does not exist (or cannot be read)`, { field: what });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `${what} ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, { field: what });
  }
}

function formatError(path: string, err: unknown, hint: string): StudioError {
  const e = err as { message?: string; code?: string; field?: string };
  return new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path}: ${e.message ?? String(err)}${e.code ? ` (${e.code}${e.field ? `, field ${e.field}` : ''})` : ''}; ${hint}`, { field: e.field ?? 'model', cause: err });
}

export type AnyModel = { kind: 'float'; path: string; loaded: LoadedModel; doc: ModelDocument } | { kind: 'int8'; path: string; qmodel: QModel; doc: unknown };

/** Loads a float (`tinyspark.model`) or an int8 (`tinyspark.qmodel`) document, telling them apart by `format`. */
export async function loadAnyModel(path: string): Promise<AnyModel> {
  const doc = await readJson(path, 'model');
  const format = (doc as { format?: unknown } | null)?.format;
  if (format === 'tinyspark.qmodel') {
    try {
      return { kind: 'int8', path, qmodel: loadQModel(doc), doc };
    } catch (err) {
      throw formatError(path, err, 'quantize the float model again with `tinyspark quantize`');
    }
  }
  if (format === 'tinyspark.model') {
    try {
      return { kind: 'float', path, loaded: modelFromDocument(doc), doc: doc as ModelDocument };
    } catch (err) {
      throw formatError(path, err, 'train it again with `tinyspark train`');
    }
  }
  throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path}: "format" is ${JSON.stringify(format)}; expected "tinyspark.model" (from \`tinyspark train\`) or "tinyspark.qmodel" (from \`tinyspark quantize\`)`, { field: 'format' });
}

export async function loadFloatModel(path: string): Promise<Extract<AnyModel, { kind: 'float' }>> {
  const m = await loadAnyModel(path);
  if (m.kind !== 'float') throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path} is an int8 model; this command needs the float model.json from \`tinyspark train\``, { field: 'model' });
  return m;
}

export async function loadInt8Model(path: string): Promise<Extract<AnyModel, { kind: 'int8' }>> {
  const m = await loadAnyModel(path);
  if (m.kind !== 'int8') throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path} is a float model; quantize it first: \`tinyspark quantize ${path} --calibration <dataset> --out model.int8.json\``, { field: 'model' });
  return m;
}
