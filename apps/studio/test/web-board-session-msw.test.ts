// The studio page's board connection (web/src/board-session.ts, no DOM) against an msw-mocked board
// (msw 2.x ws.link): the status texts a person reads in the page header when the board is
// connected, lost, reconnecting and back, or gone for good, and the CLI's error when the board never
// says hello. Node has no global WebSocket here: the ws package's is installed before msw starts.
import { ws } from 'msw';
import { setupServer } from 'msw/node';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HelloMessage } from '@tinyspark/protocol';
import { CLOSE_CODES } from '@tinyspark/protocol';
import type { BoardSession } from '../web/src/board-session.js';
import { openBoardSession } from '../web/src/board-session.js';

Object.defineProperty(globalThis, 'WebSocket', { value: NodeWebSocket, configurable: true, writable: true });

const URL = 'ws://127.0.0.1:9/api/board/ws';
const link = ws.link(URL);
const server = setupServer();

const HELLO: HelloMessage = {
  type: 'hello',
  protocol: 1,
  board: { model: 'TinySpark S3', firmware: 'mock 0', id: 'mock-1' },
  sensors: [{ name: 'accelerometer', axes: ['ax', 'ay', 'az'], unit: 'm/s^2', rangeUnit: 'g', rangeOptions: [4], range: 4, rateOptionsHz: [104], rateHz: 104, lsb: 0.122 * 9.80665e-3 }],
  mode: 'idle',
  streaming: [],
  capabilities: { sim: true, inference: true, buttons: 2, neopixels: 5 },
  limits: { maxFrameBytes: 1 << 20, maxModelBytes: 1 << 20, maxRecordingMs: 60_000 },
};

/** A board on a virtual clock; `drop(connection)` says which connections it cuts after the first request. */
function mockBoard(options: { drop: (connection: number) => number | null; hello?: boolean }): { connections: number } {
  const state = { connections: 0 };
  server.use(
    link.addEventListener('connection', ({ client }) => {
      state.connections++;
      const connection = state.connections;
      if (options.hello === false) {
        client.close(CLOSE_CODES.internalError, 'no firmware');
        return;
      }
      client.send(JSON.stringify(HELLO));
      client.addEventListener('message', (event) => {
        const r = JSON.parse(String(event.data)) as { type: string; id: string | number };
        client.send(JSON.stringify(r.type === 'sim.clock' ? { type: 'ack', id: r.id, result: { t: 0 } } : { type: 'ack', id: r.id }));
        const code = options.drop(connection);
        if (code !== null && r.type === 'sim.button') client.close(code, code === CLOSE_CODES.simulatedDisconnect ? 'simulated disconnect' : 'unknown board');
      });
    }),
  );
  return state;
}

let sessions: BoardSession[] = [];
const open = async (statuses: string[]): Promise<BoardSession> => {
  const s = await openBoardSession({
    relayUrl: URL,
    boardUrl: 'ws://127.0.0.1:8787/boards/mock-1',
    onStatus: (t) => statuses.push(t),
    client: { reconnect: { initialDelayMs: 1, maxDelayMs: 2, jitter: 0, maxAttempts: 5 } },
  });
  sessions.push(s);
  return s;
};

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.board.close()));
  sessions = [];
  server.resetHandlers();
});
afterAll(() => server.close());

describe('the page board session against an msw-mocked board', () => {
  it('says connected (virtual clock), then lost and reconnecting, then reconnected; the board answers again', async () => {
    const state = mockBoard({ drop: (c) => (c === 1 ? CLOSE_CODES.simulatedDisconnect : null) });
    const statuses: string[] = [];
    const s = await open(statuses);
    expect(s.virtual).toBe(true);
    expect(statuses).toEqual(['connecting to ws://127.0.0.1:8787/boards/mock-1...', 'connected: TinySpark S3 mock-1 (virtual clock)']);
    // the mock cuts the connection as it answers this request (the request itself may be canceled)
    void s.board.sim.button({ button: 1, action: 'click' }).catch(() => undefined);
    await expect.poll(() => statuses.at(-1), { timeout: 30_000 }).toBe('reconnected to mock-1 (virtual clock)');
    expect(statuses.slice(2)).toEqual(['board connection lost (4099: simulated disconnect); reconnecting...', 'board connection lost; reconnecting (attempt 1)...', 'reconnected to mock-1 (virtual clock)']);
    expect(state.connections).toBe(2);
    await expect(s.board.sim.clock(10)).resolves.toBe(0);
  });

  it('a close after which reconnecting cannot help says disconnected, with the code', async () => {
    mockBoard({ drop: () => CLOSE_CODES.unknownBoard });
    const statuses: string[] = [];
    const s = await open(statuses);
    // the mock cuts the connection as it answers this request (the request itself may be canceled)
    void s.board.sim.button({ button: 1, action: 'click' }).catch(() => undefined);
    await expect.poll(() => statuses.at(-1), { timeout: 30_000 }).toBe('board disconnected (4004: unknown board)');
  });

  it('a board that never says hello: the CLI error naming the URL, and the header says no board', async () => {
    mockBoard({ drop: () => null, hello: false });
    const statuses: string[] = [];
    await expect(openBoardSession({ relayUrl: URL, boardUrl: 'ws://127.0.0.1:8787/boards/mock-1', onStatus: (t) => statuses.push(t), client: { reconnect: false } })).rejects.toMatchObject({ code: expect.stringMatching(/^STUDIO_ERR_BOARD/), message: expect.stringContaining('ws://127.0.0.1:8787/boards/mock-1') });
    expect(statuses.at(-1)).toBe('no board connected');
  });
});
