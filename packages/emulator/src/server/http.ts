import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { checkAccess } from './access.js';
import type { AccessPolicy, AccessRefusal } from './access.js';

const STATUS_TEXT: Readonly<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden' };

/** Answers a refused WebSocket upgrade with its HTTP status and closes the socket. */
export function refuseUpgrade(socket: Duplex, refusal: AccessRefusal): void {
  const body = `tinyspark-emulator: ${refusal.reason}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Plain HTTP: `GET /boards` lists the boards (same origin and token rules as the WebSocket);
 * anything else is 426 (use a WebSocket to /boards/<id>).
 */
export function serveHttp(req: IncomingMessage, res: ServerResponse, policy: AccessPolicy, boards: () => { id: string; url: string }[]): void {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/boards' || path === '/boards/') {
    const refusal = checkAccess(req, policy);
    if (refusal !== null) {
      res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`tinyspark-emulator: ${refusal.reason}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
      res.end('tinyspark-emulator: GET /boards\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify({ boards: boards() })}\n`);
    return;
  }
  res.writeHead(426, { 'content-type': 'text/plain' });
  res.end('tinyspark-emulator: connect with a WebSocket to /boards/<id>\n');
}
