import { readFileSync, statSync } from 'node:fs';
import { EmulatorError } from '../errors.js';
import { MAX_GESTURE_BYTES, parseGestureDoc } from './gesture-file.js';
import type { LearnedGestureDoc } from './gesture-file.js';

/**
 * Reads and validates a learned gesture file (`tinyspark gesture learn --out`). Throws EMU_ERR_IO
 * (field: the path) when it cannot be read, EMU_ERR_BAD_GESTURE_FILE with field `<path>: <field>`
 * (`wave.json: examples[0].accel[3][1]`) when it is not a valid `tinyspark.gesture` v1 document.
 */
export function readGestureFile(path: string): LearnedGestureDoc {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_GESTURE_BYTES) throw new EmulatorError('EMU_ERR_BAD_GESTURE_FILE', `is ${size} bytes, more than ${MAX_GESTURE_BYTES}`, { field: path });
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof EmulatorError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new EmulatorError('EMU_ERR_IO', `cannot read the gesture file (${code ?? (e instanceof Error ? e.message : String(e))})`, { field: path, cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new EmulatorError('EMU_ERR_BAD_GESTURE_FILE', `is not JSON (${e instanceof Error ? e.message : String(e)})`, { field: path, cause: e });
  }
  try {
    return parseGestureDoc(json);
  } catch (e) {
    if (e instanceof EmulatorError) throw new EmulatorError(e.code, e.detail, { field: `${path}: ${e.field ?? '(document)'}`, cause: e });
    throw e;
  }
}
