import { describe, expect, it, vi } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { ProtocolError } from '../protocol-error.js';
import { loadWsWebSocket } from './node-websocket.js';
import type { WebSocketConstructorLike } from './websocket-like.js';

const Fake = class {} as unknown as WebSocketConstructorLike;

describe('loadWsWebSocket (ws, the optional peer dependency, for Node 20)', () => {
  it('imports ws on first use', async () => {
    expect(await loadWsWebSocket()).toBe(WsWebSocket);
    const load = vi.fn(async () => ({ WebSocket: Fake }));
    expect(await loadWsWebSocket(load)).toBe(Fake);
    expect(load).toHaveBeenCalledWith('ws');
  });

  it('names the fix when ws is not installed', async () => {
    const missing = Object.assign(new Error("Cannot find package 'ws'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await loadWsWebSocket(async () => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'PROTO_ERR_CONNECT_FAILED', field: 'WebSocket', cause: missing });
    expect((error as Error).message).toMatch(/^\[protocol\] PROTO_ERR_CONNECT_FAILED: WebSocket: .*npm install ws/);
  });

  it('refuses a ws module without a WebSocket export', async () => {
    await expect(loadWsWebSocket(async () => ({}))).rejects.toMatchObject({ code: 'PROTO_ERR_CONNECT_FAILED', field: 'WebSocket' });
  });
});
