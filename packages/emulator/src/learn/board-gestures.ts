import { EmulatorError } from '../errors.js';
import { checkRegistration, gestureDefinition, gestureNames, withGestureScope } from '../motion/registry.js';
import type { GestureDefinition } from '../motion/shape.js';
import type { LearnedGestureDoc } from './gesture-file.js';
import { MAX_ADDED_GESTURES, within } from './gesture-set.js';
import { learnedDefinition } from './learned-shape.js';
import { readGestureInput } from './register.js';

/**
 * One board's own learned gestures (`sim.gesture`): the board looks them up before the built-in and
 * process-wide ones (`withGestureScope`), so another board does not see them. At most
 * {@link MAX_ADDED_GESTURES}; they live as long as the board.
 */
export class BoardGestures {
  private readonly own = new Map<string, GestureDefinition>();

  /**
   * Validates and adds a `tinyspark.gesture` v1 document (parsed JSON or its text). Errors name the
   * field inside `field`: EMU_ERR_BAD_GESTURE_FILE for a malformed document, EMU_ERR_INVALID_OPTION
   * for a built-in name or a name this board knows without `replace`, EMU_ERR_TOO_MANY_GESTURES beyond the cap.
   */
  add(input: unknown, options: { replace?: boolean; field?: string } = {}): LearnedGestureDoc {
    const field = options.field ?? 'gesture';
    let doc: LearnedGestureDoc;
    let def: GestureDefinition;
    try {
      doc = readGestureInput(input);
      def = learnedDefinition(doc);
      checkRegistration(doc.name, def, this.own.has(doc.name) || gestureDefinition(doc.name) !== undefined, { replace: options.replace === true });
    } catch (e) {
      throw within(e, field);
    }
    if (!this.own.has(doc.name) && this.own.size >= MAX_ADDED_GESTURES) {
      throw new EmulatorError('EMU_ERR_TOO_MANY_GESTURES', `this board already holds ${MAX_ADDED_GESTURES} learned gestures (MAX_ADDED_GESTURES)`, { field });
    }
    this.own.set(doc.name, def);
    return doc;
  }

  /** Runs `fn` with this board's gestures looked up first. */
  run<T>(fn: () => T): T {
    return withGestureScope(this.own, fn);
  }

  /** Every gesture this board knows now (built-in, registered, then its own). */
  known(): string[] {
    return this.run(gestureNames);
  }
}
