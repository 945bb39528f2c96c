// A tiny real board server on 127.0.0.1, port 0, built on the ws package: says hello, answers requests.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ackMessage, parseTextFrame, toErrorMessage, type HostMessage } from '../src/index.js';
import { KIT_HELLO } from './support/fixtures.js';

export class FakeBoardServer {
  /** When false, new connections are refused at the HTTP upgrade (the client sees an error, then close). */
  accepting = true;
  /** When false, pings get no answer (a stuck board). */
  answerPings = true;
  /** Close code to use right after the hello, instead of serving (e.g. 4004). */
  closeAfterHello: number | undefined;
  readonly received: HostMessage[] = [];
  connections = 0;
  /** WebSocket upgrade requests seen, accepted or not. */
  upgradeAttempts = 0;
  private requestWaiters: ((request: HostMessage) => void)[] = [];
  private wss: WebSocketServer | undefined;
  private time = 0;

  async start(): Promise<string> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      maxPayload: 1 << 20,
      verifyClient: (_info, done) => {
        this.upgradeAttempts++;
        done(this.accepting, 503, 'not accepting');
      },
    });
    this.wss = wss;
    wss.on('connection', (socket) => this.serve(socket));
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/boards/0`;
  }

  private serve(socket: WebSocket): void {
    this.connections++;
    socket.send(JSON.stringify(KIT_HELLO));
    if (this.closeAfterHello !== undefined) {
      socket.close(this.closeAfterHello, 'closing as told');
      return;
    }
    socket.on('message', (data, isBinary) => {
      let request: HostMessage;
      try {
        if (isBinary) throw new Error('binary frames are not requests');
        request = parseTextFrame(String(data), { from: 'host' });
      } catch (error) {
        socket.send(JSON.stringify(toErrorMessage(error)));
        return;
      }
      this.received.push(request);
      for (const resolve of this.requestWaiters.splice(0)) resolve(request);
      if (request.type === 'ping') {
        if (this.answerPings) socket.send(JSON.stringify(ackMessage(request, { t: (this.time += 10) })));
      } else if (request.type === 'stream.start') {
        socket.send(JSON.stringify(ackMessage(request, { streaming: request.sensors })));
      } else {
        socket.send(JSON.stringify(ackMessage(request)));
      }
    });
  }

  /** Resolves with the next request the server receives. */
  nextRequest(): Promise<HostMessage> {
    return new Promise((resolve) => this.requestWaiters.push(resolve));
  }

  /** Kills every connection without a close handshake (like a cable pulled). */
  dropAll(): void {
    for (const client of this.wss?.clients ?? []) client.terminate();
  }

  /** Closes every connection with `code`. */
  closeAll(code: number, reason = ''): void {
    for (const client of this.wss?.clients ?? []) client.close(code, reason);
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
  }
}
