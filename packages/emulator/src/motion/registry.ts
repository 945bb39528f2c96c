import { EmulatorError } from '../errors.js';
import { BUILTIN_GESTURES, BUILTIN_GESTURE_TABLE } from './builtin-gestures.js';
import type { BuiltinGestureName } from './builtin-gestures.js';
import type { GestureDefinition } from './shape.js';

/** The built-in gesture vocabulary (registered gestures are listed by {@link gestureNames}). */
export const GESTURES = BUILTIN_GESTURES;
export type { BuiltinGestureName };

/**
 * A gesture name: a built-in one, or one registered at run time with {@link registerGesture}
 * (any identifier `[A-Za-z0-9_-]{1,64}`, the protocol's identifier rule).
 */
export type GestureName = BuiltinGestureName | (string & Record<never, never>);

/** Built-in gestures read by the proximity sensor (the board lies still on the table). */
export const PROXIMITY_GESTURES: readonly GestureName[] = BUILTIN_GESTURES.filter((g) => BUILTIN_GESTURE_TABLE[g].kind === 'proximity');

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The gesture table: built-in entries first, then registered ones, in registration order. */
const table = new Map<string, GestureDefinition>(BUILTIN_GESTURES.map((g) => [g, BUILTIN_GESTURE_TABLE[g]]));

export interface RegisterGestureOptions {
  /** Replace an earlier registration of the same name (built-in names can never be replaced). */
  replace?: boolean;
}

/**
 * Adds a gesture to the table at run time, so that `perform`, `sim.perform`, scenarios and the
 * board perform it like a built-in one (the same trajectory -> specific force -> sensor path).
 * The name follows the protocol's identifier rule; built-in names are refused, as is a name
 * registered before unless `replace` is set. Returns a function that removes the registration.
 */
export function registerGesture(name: string, definition: GestureDefinition, options: RegisterGestureOptions = {}): () => void {
  checkRegistration(name, definition, table.has(name), options);
  table.set(name, definition);
  return () => {
    if (table.get(name) === definition) table.delete(name);
  };
}

/** The checks of {@link registerGesture} for a table where the name is (or is not) `taken`. */
export function checkRegistration(name: string, definition: GestureDefinition, taken: boolean, options: RegisterGestureOptions = {}): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `gesture name ${JSON.stringify(name)} must match [A-Za-z0-9_-]{1,64}`, { field: 'name' });
  }
  if ((BUILTIN_GESTURES as readonly string[]).includes(name)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `"${name}" is a built-in gesture and cannot be replaced`, { field: 'name' });
  }
  if (taken && options.replace !== true) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `"${name}" is already registered (pass { replace: true } to replace it)`, { field: 'name' });
  }
  if (typeof definition?.shape !== 'function' || !['handheld', 'proximity', 'still'].includes(definition.kind)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', 'a gesture definition needs kind (handheld, proximity or still) and a shape function', { field: 'definition' });
  }
}

/** A board's own gestures (added by `sim.gesture`): looked up before the process's table. */
export type GestureScope = ReadonlyMap<string, GestureDefinition>;
let scope: GestureScope | undefined;

/**
 * Runs `fn` with `own` looked up first (then built-in and registered gestures): a board performs
 * and plans its gestures inside its own scope, so a gesture added to one board is not seen by
 * another. Motions are built eagerly (perform, planGesture), so the scope is only needed while
 * `fn` runs.
 */
export function withGestureScope<T>(own: GestureScope | undefined, fn: () => T): T {
  const prev = scope;
  scope = own;
  try {
    return fn();
  } finally {
    scope = prev;
  }
}

/** Every gesture the table knows (built-in, then registered, then the current board's own). */
export function gestureNames(): GestureName[] {
  const names = [...table.keys()];
  if (scope !== undefined) for (const n of scope.keys()) if (!table.has(n)) names.push(n);
  return names;
}

/** The table entry of a gesture (the current board's own first), or undefined. */
export function gestureDefinition(name: string): GestureDefinition | undefined {
  return scope?.get(name) ?? table.get(name);
}

export function isGestureName(x: unknown): x is GestureName {
  return typeof x === 'string' && (table.has(x) || scope?.has(x) === true);
}

export function assertGestureName(x: unknown, field = 'gesture'): GestureName {
  if (!isGestureName(x)) {
    const known = gestureNames();
    throw new EmulatorError('EMU_ERR_UNKNOWN_GESTURE', `${field}: unknown gesture ${JSON.stringify(x)}; known: ${known.join(', ')}`, { field, supported: known });
  }
  return x;
}
