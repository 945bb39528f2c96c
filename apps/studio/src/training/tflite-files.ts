// TFLite files on disk: `tinyspark export --target tflite|tflm-c` and `tinyspark import-model model.tflite`.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { estimateTflmArena, generateTflmC } from '@tinyspark/quantizer/codegen';
import type { InputPipeline, QModel, QModelDocument, QRounding } from '@tinyspark/quantizer/runtime';
import type { FromTfliteResult } from '@tinyspark/quantizer/tflite';
import { fromTflite, readTflite, toTflite } from '@tinyspark/quantizer/tflite';
import { writeFileSafe } from '../dataset/atomic-write.js';
import { StudioError } from '../errors.js';

export type TfliteIo = 'int8' | 'float32';

/** A quantizer error as a studio error (exit 3) keeping its code and field in the message. */
function quantizerError(what: string, err: unknown, hint: string): StudioError {
  const e = err as { message?: string; code?: string; field?: string };
  return new StudioError('STUDIO_ERR_MODEL_FORMAT', `${what}: ${e.message ?? String(err)}${hint === '' ? '' : `; ${hint}`}`, { field: e.field ?? 'model', cause: err });
}

/** Writes `model.tflite` (toTflite) into `dir` atomically; returns the file. */
export async function exportTfliteFile(qmodel: QModel, dir: string, io: TfliteIo): Promise<{ file: string; bytes: number }> {
  let bytes: Uint8Array;
  try {
    bytes = toTflite(qmodel, { io });
  } catch (err) {
    throw quantizerError('export', err, '');
  }
  return { file: await writeFileSafe(dir, 'model.tflite', bytes), bytes: bytes.length };
}

export interface TflmCExport {
  files: string[];
  /** The MicroMutableOpResolver calls the firmware needs, e.g. ['AddFullyConnected']. */
  resolverOps: string[];
  arenaBytes: number;
  modelBytes: number;
}

/** Writes model_data.h / model_data.cc (TFLite Micro's C array) and README.md (the resolver lines, the arena size). */
export async function exportTflmC(qmodel: QModel, dir: string, io: TfliteIo, name: string): Promise<TflmCExport> {
  let files: ReturnType<typeof generateTflmC>;
  let arenaBytes: number;
  let modelBytes: number;
  try {
    files = generateTflmC(qmodel, { io, name });
    arenaBytes = estimateTflmArena(qmodel, io).arenaBytes;
    modelBytes = toTflite(qmodel, { io }).length;
  } catch (err) {
    throw quantizerError('export', err, '');
  }
  const written: string[] = [];
  // the header first: a reader that sees the new model_data.cc also finds its header
  for (const file of ['model_data.h', 'model_data.cc', 'README.md'] as const) written.push(await writeFileSafe(dir, file, files[file]));
  const resolverOps = io === 'float32' ? ['AddQuantize', 'AddFullyConnected', 'AddDequantize'] : ['AddFullyConnected'];
  return { files: written, resolverOps, arenaBytes, modelBytes };
}

export interface TfliteImportOptions {
  labels?: string[];
  pipeline?: InputPipeline;
  rounding?: QRounding;
}

export interface TfliteImport {
  document: QModelDocument;
  result: FromTfliteResult;
  /** True when neither the file's metadata nor the options gave a pipeline. */
  placeholderPipeline: boolean;
}

/** The graph input's element count (before fromTflite, to size a placeholder pipeline). */
function graphInputCount(bytes: Uint8Array): number | null {
  try {
    const sg = readTflite(bytes).subgraphs[0];
    const t = sg === undefined ? undefined : sg.tensors[sg.inputs[0] ?? -1];
    return t === undefined ? null : t.shape.reduce((a, b) => a * b, 1);
  } catch {
    return null; // fromTflite reports what is wrong with the file
  }
}

/**
 * Reads a .tflite file (TF's converter or `tinyspark export --target tflite`) as a tinyspark int8
 * qmodel document. Labels and the pipeline: the options, else the file's tinyspark metadata, else
 * class_0.. and a placeholder pipeline (one "input" axis x the model's inputs).
 */
export async function importTfliteModel(path: string, options: TfliteImportOptions = {}): Promise<TfliteImport> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `import-model: ${path} does not exist (or cannot be read)`, { field: 'model' });
  }
  const hint = 'tinyspark reads int8 FULLY_CONNECTED models (TF converter: full integer quantization with a representative dataset)';
  // labels are checked here (a count mismatch is named as such), not by fromTflite
  const { labels, ...opts } = options;
  let placeholderPipeline = false;
  let result: FromTfliteResult;
  try {
    result = fromTflite(bytes, opts);
  } catch (err) {
    const e = err as { field?: string };
    const n = graphInputCount(bytes);
    if (e.field !== 'options.pipeline' || opts.pipeline !== undefined || n === null) throw quantizerError(`import-model: ${path}`, err, hint);
    // no tinyspark metadata and no --like: a placeholder pipeline, as the tfjs import
    placeholderPipeline = true;
    opts.pipeline = { sensor: 'imu', axes: ['input'], windowLength: n, intervalMs: 10, scale: [1], offset: [0], layout: 'time-major' };
    try {
      result = fromTflite(bytes, opts);
    } catch (err2) {
      throw quantizerError(`import-model: ${path}`, err2, hint);
    }
  }
  const document: QModelDocument = { ...result.document };
  const outputs = document.layers[document.layers.length - 1]!.outputDepth;
  if (labels !== undefined) {
    if (labels.length !== outputs) throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `import-model: ${path}: the model has ${outputs} outputs but ${labels.length} label(s) were given`, { field: 'labels' });
    document.labels = [...labels];
  }
  const source = typeof document.source === 'object' && document.source !== null ? document.source : {};
  if (!result.hadTinysparkMetadata) document.source = { ...source, importedFrom: 'tflite', file: basename(path) };
  return { document, result, placeholderPipeline };
}
