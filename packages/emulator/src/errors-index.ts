// @tinyspark/emulator/errors: the error class and how its codes map to wire errors.
export { EmulatorError } from './errors.js';
export type { EmulatorErrorCode, EmulatorErrorOptions } from './errors.js';
export { EMU_TO_WIRE, toWireError } from './wire-error.js';
