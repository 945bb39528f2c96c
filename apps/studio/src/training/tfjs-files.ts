// tfjs LayersModel files on disk: `tinyspark export --target tfjs` and `tinyspark import-model model.json`.
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  fromTfjsLayersModel,
  modelToDocument,
  TFJS_WEIGHTS_FILE,
  toTfjsLayersModel,
  validatePipeline,
  type InputPipeline,
  type LoadedModel,
  type Model,
  type ModelDocument,
} from '@tinyspark/core';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { StudioError } from '../errors.js';

function modelError(path: string, err: unknown, hint: string): StudioError {
  const e = err as { message?: string; field?: string };
  return new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path}: ${e.message ?? String(err)}; ${hint}`, { field: e.field ?? 'model', cause: err });
}

/** Writes `model.json` and `group1-shard1of1.bin` (a tfjs LayersModel) into `dir`; returns the files. */
export async function exportTfjs(loaded: LoadedModel, dir: string): Promise<string[]> {
  let exported: ReturnType<typeof toTfjsLayersModel>;
  try {
    exported = toTfjsLayersModel(loaded.model);
  } catch (err) {
    throw modelError('model', err, 'train the model again with `tinyspark train`');
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new StudioError('STUDIO_ERR_IO', `export: cannot create ${dir}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
  }
  const jsonPath = join(dir, 'model.json');
  const binPath = join(dir, TFJS_WEIGHTS_FILE);
  try {
    // weights first: a reader that sees the new model.json also finds its weights
    await writeFileAtomic(binPath, new Uint8Array(exported.weightData));
    await writeFileAtomic(jsonPath, `${JSON.stringify(exported.modelJson, null, 2)}\n`);
  } catch (err) {
    throw new StudioError('STUDIO_ERR_IO', `export: cannot write into ${dir}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
  }
  return [jsonPath, binPath];
}

/** Is this parsed JSON a tfjs LayersModel `model.json` (rather than a tinyspark document)? */
export function looksLikeTfjsModelJson(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'modelTopology' in doc && 'weightsManifest' in doc;
}

export interface TfjsImportOptions {
  /** Class labels, one per output; default `class_0`, `class_1`, ... */
  labels?: string[];
  /** The input pipeline; default a placeholder `{ sensor: 'imu', axes: ['input'], windowLength: inputs, ... }`. */
  pipeline?: InputPipeline;
}

export interface TfjsImport {
  model: Model;
  document: ModelDocument;
  /** The weight files read, in manifest order. */
  weightFiles: string[];
  /** True when the pipeline is the placeholder (no --like / --pipeline). */
  placeholderPipeline: boolean;
}

/**
 * Reads a tfjs `model.json` (already parsed, from `path`) and its weight files (the manifest's paths,
 * relative to the model.json's folder), and builds a `tinyspark.model` document as `tinyspark train`
 * saves it (labels and pipeline from the options, loss from the last activation).
 */
export async function importTfjsModel(path: string, json: unknown, options: TfjsImportOptions = {}): Promise<TfjsImport> {
  const manifest = (json as { weightsManifest?: unknown }).weightsManifest;
  const weightFiles: string[] = [];
  const shards: Uint8Array[] = [];
  if (Array.isArray(manifest)) {
    for (const [g, group] of manifest.entries()) {
      const paths = (group as { paths?: unknown } | null)?.paths;
      if (!Array.isArray(paths)) continue; // fromTfjsLayersModel names the field
      for (const [k, p] of paths.entries()) {
        if (typeof p !== 'string') throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path}: weightsManifest[${g}].paths[${k}] must be a file name`, { field: `weightsManifest[${g}].paths[${k}]` });
        const file = resolve(dirname(path), p);
        try {
          shards.push(await readFile(file));
        } catch {
          throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `${path}: the weights file ${file} (weightsManifest[${g}].paths[${k}]) does not exist or cannot be read; keep it beside model.json`, { field: `weightsManifest[${g}].paths[${k}]` });
        }
        weightFiles.push(file);
      }
    }
  }
  let model: Model;
  try {
    model = fromTfjsLayersModel(json, shards);
  } catch (err) {
    throw modelError(path, err, 'tinyspark imports Sequential models of Dense layers (linear, relu, sigmoid, tanh, softmax) with float32 weights');
  }
  const labels = options.labels ?? Array.from({ length: model.outputSize }, (_, i) => `class_${i}`);
  if (labels.length !== model.outputSize) {
    throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `${path}: the model has ${model.outputSize} outputs but ${labels.length} label(s) were given`, { field: 'labels' });
  }
  const placeholderPipeline = options.pipeline === undefined;
  const pipeline: InputPipeline = options.pipeline ?? {
    sensor: 'imu',
    axes: ['input'],
    windowLength: model.inputSize,
    intervalMs: 10,
    scale: [1],
    offset: [0],
    layout: 'time-major',
  };
  const last = model.layers[model.layers.length - 1]!;
  let document: ModelDocument;
  try {
    document = modelToDocument(model, {
      labels,
      pipeline,
      loss: last.activation === 'softmax' ? 'categorical_crossentropy' : 'mse',
      training: { importedFrom: 'tfjs-layers-model', source: basename(path), generatedBy: String((json as { generatedBy?: unknown }).generatedBy ?? null), convertedBy: String((json as { convertedBy?: unknown }).convertedBy ?? null) },
    });
  } catch (err) {
    throw modelError(path, err, 'give labels (one per output) and a pipeline that produces as many inputs as the model takes');
  }
  return { model, document, weightFiles, placeholderPipeline };
}

/** Reads a pipeline from a JSON file: a pipeline object, or a tinyspark model document's `pipeline`. */
export function pipelineFrom(value: unknown, file: string): InputPipeline {
  const v = typeof value === 'object' && value !== null && 'pipeline' in value ? (value as { pipeline: unknown }).pipeline : value;
  try {
    return validatePipeline(v);
  } catch (err) {
    throw modelError(file, err, 'give a pipeline object or a model.json from `tinyspark train`');
  }
}
