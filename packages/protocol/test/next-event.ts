import type { BoardClient, BoardClientEvents } from '../src/index.js';

/** Resolves with the next payload of `event` (no timers: the test's own timeout guards it). */
export function nextEvent<K extends keyof BoardClientEvents>(client: BoardClient, event: K): Promise<BoardClientEvents[K]> {
  return new Promise((resolve) => client.once(event, resolve));
}
