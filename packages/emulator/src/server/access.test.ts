import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkAccess, isLoopbackHost, isLoopbackOrigin } from './access.js';

const req = (url: string, headers: Record<string, string> = {}): IncomingMessage => ({ url, headers }) as unknown as IncomingMessage;

describe('access policy', () => {
  it('knows loopback hosts and origins', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.2', '::', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
    for (const o of ['http://127.0.0.1:8080', 'https://localhost', 'http://[::1]:5173']) expect(isLoopbackOrigin(o)).toBe(true);
    for (const o of ['http://evil.example', 'null', 'file://', 'ws://127.0.0.1', 'http://127.0.0.1.evil.example']) expect(isLoopbackOrigin(o)).toBe(false);
  });

  it('refuses a foreign origin with 403 unless allowed; no origin (a program, not a page) is fine', () => {
    const policy = { allowedOrigins: ['https://studio.example'], token: undefined };
    expect(checkAccess(req('/boards/a', { origin: 'http://evil.example' }), policy)?.status).toBe(403);
    expect(checkAccess(req('/boards/a', { origin: 'https://studio.example' }), policy)).toBeNull();
    expect(checkAccess(req('/boards/a', { origin: 'http://localhost:3000' }), policy)).toBeNull();
    expect(checkAccess(req('/boards/a'), policy)).toBeNull();
  });

  it('with a token: 401 when missing or wrong; a Bearer header or the token query parameter passes', () => {
    const policy = { allowedOrigins: [], token: 's3cret' };
    expect(checkAccess(req('/boards/a'), policy)?.status).toBe(401);
    expect(checkAccess(req('/boards/a?token=nope'), policy)?.status).toBe(401);
    expect(checkAccess(req('/boards/a', { authorization: 'Bearer s3cre' }), policy)?.status).toBe(401);
    expect(checkAccess(req('/boards/a', { authorization: 'Bearer s3cret' }), policy)).toBeNull();
    expect(checkAccess(req('/boards/a?create=1&token=s3cret'), policy)).toBeNull();
    // the origin check comes first
    expect(checkAccess(req('/boards/a?token=s3cret', { origin: 'http://evil.example' }), policy)?.status).toBe(403);
  });
});
