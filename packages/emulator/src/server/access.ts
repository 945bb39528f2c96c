import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Who may connect: the origins allowed besides loopback ones, and the token (if any). */
export interface AccessPolicy {
  /** Extra allowed `Origin` values (exact, e.g. `https://studio.example`), besides loopback origins. */
  readonly allowedOrigins: readonly string[];
  /** Required token (`Authorization: Bearer <token>` or `?token=`), or undefined for none. */
  readonly token: string | undefined;
}

/** The refusal of an upgrade or HTTP request: its status and a short reason. */
export interface AccessRefusal {
  readonly status: 401 | 403;
  readonly reason: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for a loopback interface: `localhost`, 127.0.0.0/8, ::1 (as a host to bind or a URL host). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  const bare = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.');
  return false;
}

/** True for `http(s)://` + a loopback host, any port (`http://localhost:5173`, `https://[::1]`). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/** The token a request presents: `Authorization: Bearer <token>`, else the `token` query parameter. */
export function presentedToken(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const q = (request.url ?? '').indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams((request.url ?? '').slice(q + 1)).get('token') ?? undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a WebSocket upgrade or HTTP request: a present `Origin` that is neither loopback nor
 * allowed gets 403 (a web page the user visits must not drive the board); with a token configured,
 * a missing or wrong token gets 401. Returns null when the request may go on.
 */
export function checkAccess(request: IncomingMessage, policy: AccessPolicy): AccessRefusal | null {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && !isLoopbackOrigin(origin) && !policy.allowedOrigins.includes(origin)) {
    return { status: 403, reason: `origin ${origin.slice(0, 100)} is not allowed (start the emulator with --allow-origin ${origin.slice(0, 100)})` };
  }
  if (policy.token !== undefined) {
    const presented = presentedToken(request);
    if (presented === undefined) return { status: 401, reason: 'a token is required (Authorization: Bearer <token> or ?token=<token>)' };
    if (!sameToken(presented, policy.token)) return { status: 401, reason: 'wrong token' };
  }
  return null;
}
