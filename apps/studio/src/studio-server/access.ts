// Who may talk to the studio server: the same rules as the emulator's server (loopback origins only,
// a token when exposed), plus a Host check so a DNS-rebinding page cannot reach a loopback server.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AccessPolicy {
  /** When set, every request must present it (Bearer header, `?token=` or the session cookie). */
  token: string | undefined;
  /** The port the server listens on (known after listen). */
  port: number;
  /** The host it is bound to (a non-loopback bind also accepts that name in Host/Origin). */
  host: string;
}

export const TOKEN_COOKIE = 'tinyspark_studio_token';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The server's token: the one given, else none on a loopback host, else a fresh random one (a non-loopback server is never open). */
export function studioToken(host: string, given: string | undefined): string | undefined {
  return given ?? (isLoopbackHost(host) ? undefined : randomBytes(18).toString('base64url'));
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostNames(policy: AccessPolicy): string[] {
  const names = [...LOOPBACK_NAMES];
  if (!isLoopbackHost(policy.host) && policy.host !== '0.0.0.0' && policy.host !== '::') names.push(policy.host.includes(':') ? `[${policy.host}]` : policy.host);
  return names;
}

function sameToken(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents, if any. */
export function presentedToken(headers: Record<string, string | string[] | undefined>, url: URL): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const q = url.searchParams.get('token');
  if (q !== null) return q;
  const cookie = headers['cookie'];
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
    }
  }
  return undefined;
}

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * Checks one request (HTTP or WebSocket upgrade). A foreign `Origin` or `Host` is refused with 403;
 * a missing or wrong token (when one is set) with 401. Requests without `Origin` (programs) are fine.
 */
export function checkAccess(headers: Record<string, string | string[] | undefined>, url: URL, policy: AccessPolicy): AccessVerdict {
  const names = hostNames(policy);
  const host = headers['host'];
  // Exposed (non-loopback bind, so a token is required): any Host name reaching it, same-origin pages only.
  const exposed = !isLoopbackHost(policy.host) && policy.token !== undefined;
  if (exposed && typeof host === 'string' && /^[A-Za-z0-9.:[\]-]+$/.test(host)) names.push(host.toLowerCase().replace(/:\d+$/, ''));
  const allowed = new Set(names.map((n) => `${n}:${policy.port}`));
  if (typeof host !== 'string' || !allowed.has(host.toLowerCase())) {
    return { ok: false, status: 403, message: `Host ${JSON.stringify(host ?? '')} is not this studio (open http://127.0.0.1:${policy.port}/)` };
  }
  const origin = headers['origin'];
  if (origin !== undefined) {
    const o = typeof origin === 'string' ? origin.toLowerCase() : '';
    const ok = names.some((n) => o === `http://${n}:${policy.port}`);
    if (!ok) return { ok: false, status: 403, message: `Origin ${JSON.stringify(origin)} may not use this studio` };
  }
  if (policy.token !== undefined) {
    const given = presentedToken(headers, url);
    if (given === undefined || !sameToken(given, policy.token)) {
      return { ok: false, status: 401, message: 'a token is required: open the URL the studio printed (it carries ?token=...)' };
    }
  }
  return { ok: true };
}
