import { decodeSampleFrame } from '@tinyspark/protocol';
import type { BoardMessage, SampleFrame } from '@tinyspark/protocol';
import WebSocket from 'ws';

/** A minimal test client over `ws`: collects JSON messages and decoded frames; request() awaits the answer. */
export class TestClient {
  readonly messages: BoardMessage[] = [];
  readonly frames: SampleFrame[] = [];
  readonly rawFrames: Uint8Array[] = [];
  readonly texts: string[] = [];
  closeCode: number | undefined;
  private nextId = 1;
  private waiters: { pred: (m: BoardMessage) => boolean; resolve: (m: BoardMessage) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];
  private sampleWaiters: { n: number; resolve: () => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const bytes = new Uint8Array(data as Buffer);
        this.rawFrames.push(bytes.slice());
        this.frames.push(decodeSampleFrame(bytes.slice()));
        const total = this.frames.reduce((t, f) => t + f.count, 0);
        this.sampleWaiters = this.sampleWaiters.filter((w) => (total >= w.n ? (w.resolve(), false) : true));
        return;
      }
      const text = (data as Buffer).toString('utf8');
      this.texts.push(text);
      const m = JSON.parse(text) as BoardMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(m)) {
          w.resolve(m);
          return false;
        }
        return true;
      });
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.closeWaiters) w(code);
    });
  }

  static async open(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    const c = new TestClient(ws);
    await c.next((m) => m.type === 'hello');
    return c;
  }

  /** Resolves with the first message (already received or future) matching pred. */
  next(pred: (m: BoardMessage) => boolean): Promise<BoardMessage> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** Waits for the NEXT message matching pred (ignores ones already received). */
  upcoming(pred: (m: BoardMessage) => boolean): Promise<BoardMessage> {
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** Resolves once at least `n` samples have arrived in binary frames. */
  samples(n: number): Promise<void> {
    if (this.frames.reduce((t, f) => t + f.count, 0) >= n) return Promise.resolve();
    return new Promise((resolve) => this.sampleWaiters.push({ n, resolve }));
  }

  async request(msg: Record<string, unknown>): Promise<BoardMessage> {
    const id = this.nextId++;
    const answer = this.upcoming((m) => (m.type === 'ack' || m.type === 'error') && m.id === id);
    this.ws.send(JSON.stringify({ ...msg, id }));
    return answer;
  }

  sendRaw(data: string | Buffer, options?: { binary?: boolean }): void {
    if (options === undefined) this.ws.send(data);
    else this.ws.send(data, options);
  }

  closed(): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const done = this.closed();
    this.ws.close();
    await done;
  }
}
