// Emulators and clients a test file opens, closed after each test (hardening, limits, memory tests).
import { afterEach } from 'vitest';
import { startEmulator } from '../../src/index.js';
import type { RunningEmulator } from '../../src/index.js';
import { TestClient } from '../helpers.js';

/** What {@link closedAfterEach} gives a test file. */
export interface TestServers {
  /** `startEmulator` on the virtual clock and a free port (unless `opts` says otherwise), closed after the test. */
  emulator(opts?: Parameters<typeof startEmulator>[0]): Promise<RunningEmulator>;
  /** A client of `url` that has seen its hello, closed after the test. */
  client(url: string): Promise<TestClient>;
  /** The clients of the running test, in the order they were opened. */
  readonly clients: TestClient[];
}

/** Call once at the top of a test file: clients, then emulators, are closed after each test. */
export function closedAfterEach(): TestServers {
  const running: RunningEmulator[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const e of running.splice(0)) await e.close();
  });
  return {
    emulator: async (opts = {}) => {
      const e = await startEmulator({ clock: 'virtual', port: 0, ...opts });
      running.push(e);
      return e;
    },
    client: async (url) => {
      const c = await TestClient.open(url);
      clients.push(c);
      return c;
    },
    clients,
  };
}
