import { EmulatorError } from '../errors.js';
import { gestureNames } from '../motion/registry.js';
import type { LearnedGestureDoc } from './gesture-file.js';
import { registerLearnedGesture } from './register.js';

/** Most learned gestures one emulator (one {@link LearnedGestureSet}) holds. */
export const MAX_ADDED_GESTURES = 64;

/** The same error with its field inside `prefix` (`name` -> `gesture.name`; the whole document -> `gesture`). */
export function within(e: unknown, prefix: string): unknown {
  if (!(e instanceof EmulatorError)) return e;
  const inner = e.field === undefined || e.field === '(document)' ? '' : e.field;
  const field = inner === '' ? prefix : inner.startsWith('[') ? `${prefix}${inner}` : `${prefix}.${inner}`;
  return new EmulatorError(e.code, e.detail, { field, cause: e, ...(e.supported !== undefined ? { supported: e.supported } : {}) });
}

/**
 * The learned gestures one emulator added to the process's gesture table (`startEmulator({
 * gestures })`, `sim.gesture`): at most {@link MAX_ADDED_GESTURES}, removed again by {@link clear}
 * (when the emulator closes). The table itself is the process's, so every board sees them.
 */
export class LearnedGestureSet {
  private readonly removes = new Map<string, () => void>();

  /**
   * Validates and registers a `tinyspark.gesture` v1 document (parsed JSON or its text). Errors
   * name the field inside `field` (`gesture.examples[0].accel`, `gestures[1].version`): EMU_ERR_BAD_GESTURE_FILE
   * for a malformed document, EMU_ERR_INVALID_OPTION for a built-in name or a name taken without
   * `replace`, EMU_ERR_TOO_MANY_GESTURES beyond the cap.
   */
  add(doc: unknown, options: { replace?: boolean; field?: string } = {}): LearnedGestureDoc {
    const field = options.field ?? 'gesture';
    let added: { doc: LearnedGestureDoc; remove: () => void };
    const name = typeof doc === 'object' && doc !== null ? (doc as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && !this.removes.has(name) && this.removes.size >= MAX_ADDED_GESTURES) {
      throw new EmulatorError('EMU_ERR_TOO_MANY_GESTURES', `this emulator already holds ${MAX_ADDED_GESTURES} learned gestures (MAX_ADDED_GESTURES)`, { field });
    }
    try {
      added = registerLearnedGesture(doc, { replace: options.replace === true });
    } catch (e) {
      throw within(e, field);
    }
    if (!this.removes.has(added.doc.name) && this.removes.size >= MAX_ADDED_GESTURES) {
      added.remove();
      throw new EmulatorError('EMU_ERR_TOO_MANY_GESTURES', `this emulator already holds ${MAX_ADDED_GESTURES} learned gestures (MAX_ADDED_GESTURES)`, { field });
    }
    this.removes.set(added.doc.name, added.remove);
    return added.doc;
  }

  /** Names this set added, in order. */
  names(): string[] {
    return [...this.removes.keys()];
  }

  /** Every gesture the table knows now (built-in, then registered). */
  known(): string[] {
    return gestureNames();
  }

  /** Removes every gesture this set added from the table. */
  clear(): void {
    for (const r of this.removes.values()) r();
    this.removes.clear();
  }
}
