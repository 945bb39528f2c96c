import { WebSocket } from 'ws';

/** The slice of `@tinyspark/emulator`'s server and `@tinyspark/protocol` used here, checked at run time. */
export interface RunningEmulatorLike {
  readonly boards: { id: string; url: string }[];
  close(): Promise<void>;
}
interface ServerModule {
  startEmulator(o: {
    host: string;
    port: number;
    boards: number;
    seed: number;
    clock: 'real' | 'virtual';
    limits?: Record<string, number>;
  }): Promise<RunningEmulatorLike>;
}
export interface DecodedFrame {
  readonly sensor: string;
  readonly seq: number;
  readonly t0Us: number;
  readonly intervalUs: number;
  readonly count: number;
}
interface FrameModule {
  decodeSampleFrame(input: Uint8Array): DecodedFrame;
}

export async function loadServer(): Promise<{ startEmulator: ServerModule['startEmulator']; decode: FrameModule['decodeSampleFrame'] }> {
  const emu = (await import('@tinyspark/emulator')) as unknown as Partial<ServerModule>;
  const proto = (await import('@tinyspark/protocol')) as unknown as Partial<FrameModule>;
  if (typeof emu.startEmulator !== 'function') throw new Error('@tinyspark/emulator has no startEmulator');
  if (typeof proto.decodeSampleFrame !== 'function') throw new Error('@tinyspark/protocol has no decodeSampleFrame');
  return { startEmulator: emu.startEmulator.bind(emu), decode: proto.decodeSampleFrame.bind(proto) };
}

export interface BoardClient {
  readonly ws: WebSocket;
  /** resolves with the board's first message (hello) */
  readonly ready: Promise<void>;
  /** sends a request and resolves with its ack (rejects on an error reply) */
  request(msg: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

/** A minimal protocol v1 client over `ws` (JSON requests with ids, binary frames to `onFrame`). */
export function connectClient(url: string, onFrame: (bytes: Uint8Array) => void): BoardClient {
  const ws = new WebSocket(url);
  const pending = new Map<string, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let readyResolve: () => void = () => undefined;
  let readyReject: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  ws.on('error', (e) => readyReject(e));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      const buf = data as Buffer;
      onFrame(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      return;
    }
    const msg = JSON.parse(String(data)) as Record<string, unknown>;
    if (msg['type'] === 'hello') readyResolve();
    const id = msg['id'];
    if (typeof id === 'string' && (msg['type'] === 'ack' || msg['type'] === 'error')) {
      const p = pending.get(id);
      pending.delete(id);
      if (msg['type'] === 'ack') p?.resolve(msg);
      else p?.reject(new Error(`${String(msg['code'])}: ${String(msg['message'])}`));
    }
  });
  return {
    ws,
    ready,
    request(msg) {
      const id = `b${nextId++}`;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ ...msg, id }));
      });
    },
    close: () => ws.close(),
  };
}
