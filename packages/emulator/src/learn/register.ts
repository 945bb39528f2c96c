import { EmulatorError } from '../errors.js';
import { registerGesture } from '../motion/registry.js';
import type { RegisterGestureOptions } from '../motion/registry.js';
import { MAX_GESTURE_BYTES, parseGestureDoc } from './gesture-file.js';
import type { LearnedGestureDoc } from './gesture-file.js';
import { learnedDefinition } from './learned-shape.js';

/**
 * Adds a learned gesture (a `tinyspark.gesture` v1 document, parsed JSON or its text) to the
 * emulator's gesture table, so `perform`, `sim.perform`, scenarios and captures perform it like a
 * built-in one; its ground-truth label is its name. The table is the process's: every board of
 * every emulator in it sees the gesture. Returns the document and a function removing it.
 * Throws EMU_ERR_BAD_GESTURE_FILE naming the field, EMU_ERR_INVALID_OPTION for a name taken.
 */
export function registerLearnedGesture(input: unknown, options: RegisterGestureOptions = {}): { doc: LearnedGestureDoc; remove: () => void } {
  const doc = readGestureInput(input);
  const remove = registerGesture(doc.name, learnedDefinition(doc), options);
  return { doc, remove };
}

/** A `tinyspark.gesture` v1 document from parsed JSON or its text, validated (errors name the field). */
export function readGestureInput(input: unknown): LearnedGestureDoc {
  let json = input;
  if (typeof input === 'string') {
    if (input.length > MAX_GESTURE_BYTES) throw new EmulatorError('EMU_ERR_BAD_GESTURE_FILE', `is ${input.length} characters, more than ${MAX_GESTURE_BYTES}`, { field: '(document)' });
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new EmulatorError('EMU_ERR_BAD_GESTURE_FILE', `is not JSON (${e instanceof Error ? e.message : String(e)})`, { field: '(document)', cause: e });
    }
  }
  return parseGestureDoc(json);
}
