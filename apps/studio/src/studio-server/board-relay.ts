// The page's WebSocket to the board: the studio server relays every frame, unchanged, between the
// browser (same origin as the page) and the board (any URL the server can reach, token included).
// The browser runs @tinyspark/protocol's own client over it, so the page speaks protocol v1 exactly
// as the CLI does.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';

/** Sample frames are dropped (the client's gap detector reports it) while the browser is this far behind. */
const MAX_BROWSER_BUFFER = 4 * 1024 * 1024;
const MAX_PAYLOAD = 16 * 1024 * 1024;

function relayCode(code: number): number {
  return code === 1000 || code === 1001 || (code >= 1007 && code <= 1014 && code !== 1010) || (code >= 3000 && code <= 4999) ? code : 1011;
}

function refuse(socket: Duplex, status: number, text: string): void {
  const body = Buffer.from(text);
  socket.end(`HTTP/1.1 ${status} ${status === 502 ? 'Bad Gateway' : 'Error'}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${text}`);
}

export class BoardRelay {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  private readonly live = new Set<WebSocket>();

  /** Upgrades `req` to a relay to `boardUrl`; when the board cannot be reached, answers 502. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, boardUrl: string): void {
    socket.on('error', () => undefined);
    let upstream: WebSocket;
    try {
      upstream = new WebSocket(boardUrl, { maxPayload: MAX_PAYLOAD, handshakeTimeout: 10_000 });
    } catch (err) {
      refuse(socket, 502, `cannot reach the board at ${boardUrl}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.live.add(upstream);
    let opened = false;
    const onSocketClose = (): void => {
      if (!opened) upstream.terminate();
    };
    socket.once('close', onSocketClose);
    upstream.on('error', (err) => {
      if (!opened) refuse(socket, 502, `cannot reach the board at ${boardUrl}: ${err.message}`);
    });
    upstream.on('unexpected-response', (_r, res) => {
      refuse(socket, 502, `the board at ${boardUrl} refused the connection (HTTP ${res.statusCode})`);
      upstream.terminate();
    });
    upstream.on('close', () => this.live.delete(upstream));
    upstream.once('open', () => {
      opened = true;
      socket.off('close', onSocketClose);
      if (socket.destroyed) {
        upstream.close();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (client) => this.pipe(client, upstream));
    });
  }

  private pipe(client: WebSocket, upstream: WebSocket): void {
    this.live.add(client);
    client.on('error', () => undefined);
    client.on('message', (data: RawData, isBinary: boolean) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
    });
    upstream.on('message', (data: RawData, isBinary: boolean) => {
      if (client.readyState !== WebSocket.OPEN) return;
      if (isBinary && client.bufferedAmount > MAX_BROWSER_BUFFER) return;
      client.send(data, { binary: isBinary });
    });
    upstream.on('close', (code: number, reason: Buffer) => {
      if (client.readyState === WebSocket.OPEN) client.close(relayCode(code), reason.toString('utf8').slice(0, 120) || 'board connection closed');
    });
    client.on('close', () => {
      this.live.delete(client);
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.close();
    });
  }

  /** Closes every relayed connection (both sides). */
  closeAll(): void {
    for (const ws of this.live) ws.terminate();
    this.live.clear();
  }
}
