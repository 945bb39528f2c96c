import type { TimerHandle } from './clock.js';

/** The id inside a handle returned by RealClock or VirtualClock (`{ id }`); -1 for anything else. */
export function timerId(handle: TimerHandle): number {
  const id = (handle as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'number' ? id : -1;
}
