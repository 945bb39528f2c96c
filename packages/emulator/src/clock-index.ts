// @tinyspark/emulator/clock: the clocks (the Clock interface is the protocol's).
export { VirtualClock } from './virtual-clock.js';
export { RealClock } from './real-clock.js';
export type { Clock, TimerHandle } from './clock.js';
