import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compileC, cSourceDir } from '../engines/c-reference.js';
import { QUICK_TIMING, SPEC_TIMING } from '../timing/repeat-timed.js';
import type { ExtraContext } from './extra-context.js';
import type { Int8Setup } from './int8-setup.js';

const runExe = promisify(execFile);

interface CodegenModule {
  generateC(qmodel: unknown, options?: { name?: string }): Record<'model.h' | 'model.c', string>;
}
interface RuntimeModule {
  loadQModel(doc: unknown): unknown;
}

/** One timed run of the compiled generated C over the inputs. */
export interface GeneratedCRun {
  readonly samplesPerSecond: number;
  readonly reps: number;
  /** how many of its logits equal the runtime's (setup.logits) */
  readonly same: number;
}

/** The generated C compiled once; `run()` times it once more (the benchmark timing protocol, in the child). */
export interface GeneratedC {
  run(): Promise<GeneratedCRun>;
}

/**
 * The generated C (quantizer codegen, `model_invoke`) compiled with `gcc -O2` together with
 * `c/int8-driver.c`; each `run()` runs it over the same int8 inputs as the runtime and compares
 * its logits with the runtime's byte for byte.
 */
export async function prepareGeneratedC(x: ExtraContext, setup: Int8Setup): Promise<GeneratedC> {
  const codegen = (await import('@tinyspark/quantizer/codegen')) as unknown as Partial<CodegenModule>;
  const runtime = (await import('@tinyspark/quantizer/runtime')) as unknown as Partial<RuntimeModule>;
  if (typeof codegen.generateC !== 'function') throw new Error('@tinyspark/quantizer/codegen has no generateC');
  if (typeof runtime.loadQModel !== 'function') throw new Error('@tinyspark/quantizer/runtime has no loadQModel');
  const files = codegen.generateC(runtime.loadQModel(setup.document));
  const hash = createHash('sha256').update(files['model.c']).update(files['model.h']).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'tinyspark-bench', `int8-${hash}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'model.h'), files['model.h']);
  writeFileSync(path.join(dir, 'model.c'), files['model.c']);
  // one translation unit: the driver includes the model source, so no extra link step is needed
  const unit = path.join(dir, 'int8-bench.c');
  writeFileSync(unit, `${readFileSync(path.join(cSourceDir(), 'int8-driver.c'), 'utf8')}\n#include "model.c"\n`);
  const exe = await compileC({ source: unit, flags: ['-O2', `-I${dir}`], extraInputs: [path.join(dir, 'model.c')] });
  const n = setup.logits.length / 6;
  const t = x.quick ? QUICK_TIMING : SPEC_TIMING;
  const run = async (): Promise<GeneratedCRun> => {
    const inputsFile = path.join(dir, `inputs-${process.pid}.bin`);
    const logitsFile = path.join(dir, `logits-${process.pid}.bin`);
    writeFileSync(inputsFile, setup.inputs);
    const { stdout } = await runExe(exe, [inputsFile, String(n), logitsFile, '--min-seconds', String(t.minSeconds), '--min-reps', String(t.minReps), '--max-reps', String(t.maxReps)]);
    rmSync(inputsFile, { force: true });
    const r = JSON.parse(stdout.trim()) as { seconds: number; reps: number; samplesPerSecond: number };
    const raw = readFileSync(logitsFile);
    const cLogits = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    rmSync(logitsFile, { force: true });
    let same = 0;
    for (let i = 0; i < setup.logits.length; i++) if (cLogits[i] === setup.logits[i]) same++;
    return { samplesPerSecond: r.samplesPerSecond, reps: r.reps, same };
  };
  return { run };
}
