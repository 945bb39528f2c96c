// Shared test data (tests only; excluded from the build).
import type { HelloMessage } from '../../src/messages.js';

/** A hello as the TinySpark emulator describes the kit's defaults (reference/hardware.md). */
export const KIT_HELLO: HelloMessage = {
  type: 'hello',
  protocol: 1,
  board: { model: 'TinySpark S3', firmware: 'tinyspark-emulator 0.1.0', id: '0' },
  sensors: [
    {
      name: 'accelerometer',
      axes: ['ax', 'ay', 'az'],
      unit: 'm/s^2',
      rangeUnit: 'g',
      rangeOptions: [2, 4, 8, 16],
      range: 4,
      rateOptionsHz: [12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664],
      rateHz: 104,
      lsb: 0.122 * 9.80665e-3,
    },
    {
      name: 'gyroscope',
      axes: ['gx', 'gy', 'gz'],
      unit: 'rad/s',
      rangeUnit: 'dps',
      rangeOptions: [125, 250, 500, 1000, 2000],
      range: 250,
      rateOptionsHz: [12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664],
      rateHz: 104,
      lsb: (8.75e-3 * Math.PI) / 180,
    },
    {
      name: 'proximity',
      axes: ['proximity'],
      unit: 'counts/8',
      rangeUnit: 'counts/8',
      rangeOptions: [127.875],
      range: 127.875,
      rateOptionsHz: [72.6],
      rateHz: 72.6,
      lsb: 0.125,
    },
  ],
  mode: 'idle',
  streaming: [],
  capabilities: { sim: true, inference: true, buttons: 2, neopixels: 5 },
  limits: { maxFrameBytes: 4_194_304, maxModelBytes: 1_048_576, maxRecordingMs: 60_000 },
};

