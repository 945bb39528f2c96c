import { createQRunner, extractFeatures, loadQModel } from '@tinyspark/quantizer/runtime';
import type { QModel, QRunner, SensorRecording } from '@tinyspark/quantizer/runtime';
import { EmulatorError } from '../errors.js';

/** ESP32-S3 model for the reported latency: 240 MHz, ~6 cycles per int8 MAC (scalar reference kernel), 20 us overhead. */
export const CPU_MHZ = 240;
export const CYCLES_PER_MAC = 6;
export const INFERENCE_OVERHEAD_US = 20;

const IMU_AXES: readonly string[] = ['ax', 'ay', 'az', 'gx', 'gy', 'gz'];
const PROXIMITY_AXES: readonly string[] = ['proximity'];

export interface InferenceResult {
  label: string;
  index: number;
  score: number;
  logits: number[];
  /** Modelled on-device time (deterministic, not measured on the host), microseconds. */
  latencyUs: number;
}

/** The deployed int8 model and how it is run (the quantizer's runtime: bit-exact with the device). */
export class InferenceEngine {
  private model: QModel | null = null;
  private runner: QRunner | null = null;
  private macs = 0;
  running = false;
  mode: 'sliding' | 'recording' = 'sliding';

  get loaded(): boolean {
    return this.model !== null;
  }

  get labels(): readonly string[] {
    return this.model?.labels ?? [];
  }

  get sensor(): 'imu' | 'proximity' {
    return this.model?.pipeline.sensor ?? 'imu';
  }

  /** Time spanned by one input window, ms. */
  spanMs(): number {
    const p = this.model?.pipeline;
    return p ? (p.windowLength - 1) * p.intervalMs : 0;
  }

  /** Validates and loads a qmodel document; throws EMU_ERR_INVALID_MODEL naming the field. */
  deploy(doc: unknown): string[] {
    let model: QModel;
    try {
      model = loadQModel(doc);
    } catch (e) {
      const err = e as { code?: string; field?: string; message?: string };
      const field = err.field !== undefined ? `model.${err.field}` : 'model';
      throw new EmulatorError('EMU_ERR_INVALID_MODEL', `${field}: ${err.message ?? String(e)}`, field, { cause: err.code ?? null });
    }
    const known = model.pipeline.sensor === 'imu' ? IMU_AXES : PROXIMITY_AXES;
    model.pipeline.axes.forEach((a, i) => {
      if (!known.includes(a)) {
        throw new EmulatorError(
          'EMU_ERR_INVALID_MODEL',
          `model.pipeline.axes[${i}]: ${JSON.stringify(a)} is not an axis of the ${model.pipeline.sensor} sensor (${known.join(', ')})`,
          `model.pipeline.axes[${i}]`,
        );
      }
    });
    this.model = model;
    this.runner = createQRunner(model);
    this.macs = model.layers.reduce((s, l) => s + l.inputDepth * l.outputDepth, 0);
    return [...model.labels];
  }

  clear(): void {
    this.stop();
    this.model = null;
    this.runner = null;
  }

  start(mode: 'sliding' | 'recording'): void {
    this.mode = mode;
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  predict(recording: SensorRecording): InferenceResult {
    const model = this.model;
    const runner = this.runner;
    if (model === null || runner === null) throw new EmulatorError('EMU_ERR_NO_MODEL', 'no model deployed', 'model');
    const features = extractFeatures(model.pipeline, recording);
    const p = runner.predict(features);
    return {
      label: p.label,
      index: p.index,
      score: Math.min(1, Math.max(0, p.score)),
      logits: Array.from(p.logits),
      latencyUs: Math.round(INFERENCE_OVERHEAD_US + (this.macs * CYCLES_PER_MAC) / CPU_MHZ),
    };
  }
}
