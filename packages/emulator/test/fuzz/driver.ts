// Sends fuzz frames to one board, one at a time, and classifies what each gets: a reply (ack or
// error code) or a close (code). Shared by the suite's fuzz test and the long run (`pnpm fuzz`).
import { CLOSE_CODES, WIRE_ERROR_CODES } from '@tinyspark/protocol';
import WebSocket from 'ws';
import type { FrameGenerator, FuzzFrame } from './generator.js';

/** Close codes a client can cause by what it sends (the rest of CLOSE_CODES are documented too, but no frame should cause them). */
export const CLIENT_CAUSED_CLOSES: readonly number[] = [CLOSE_CODES.invalidPayload, CLOSE_CODES.messageTooBig, CLOSE_CODES.slowConsumer, CLOSE_CODES.simulatedDisconnect];
const DOCUMENTED_CLOSES = new Set<number>(Object.values(CLOSE_CODES));
const DOCUMENTED_ERRORS = new Set<string>(WIRE_ERROR_CODES);

/** What one frame got. */
export type Outcome = { readonly kind: 'reply'; readonly code: string; readonly id: unknown } | { readonly kind: 'close'; readonly code: number };

/** A frame whose outcome breaks a rule, with what it got (the seed and index reproduce it). */
export interface Violation {
  readonly index: number;
  readonly frameKind: string;
  readonly rule: string;
  readonly outcome: Outcome | null;
  /** The first 200 characters of the frame. */
  readonly sample: string;
}

export interface FuzzTally {
  frames: number;
  /** `ack` or the error code -> count. */
  replies: Record<string, number>;
  /** Close code -> count. */
  closes: Record<string, number>;
  /** Connections opened again after a close. */
  reconnects: number;
  /** Frames of each kind (`mutated:record`, ...). */
  kinds: Record<string, number>;
  violations: Violation[];
}

export interface RunFuzzOptions {
  /** `ws://host:port/boards/<id>` */
  readonly url: string;
  readonly generator: FrameGenerator;
  readonly frames: number;
  /** Called after every `progressEvery` frames. */
  readonly onProgress?: (t: Readonly<FuzzTally>) => void;
  readonly progressEvery?: number;
  /**
   * Real time a frame may go unanswered before it counts as a violation ("no answer") and the
   * connection is dropped; a watchdog for a hung server, not a budget. Default 60 s.
   */
  readonly stallMs?: number;
  /** Called when a connection cannot be opened (server gone); returns the URL to go on with (a restarted server), or throws. */
  readonly onConnectFailed?: (e: unknown) => Promise<string>;
  /** Most violations kept (the count goes on). Default 50. */
  readonly maxViolations?: number;
}

/** One connection: replies and closes in arrival order. */
class Link {
  private readonly events: Outcome[] = [];
  private wake: (() => void) | null = null;
  closed: number | null = null;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let m: { type?: unknown; id?: unknown; code?: unknown };
      try {
        m = JSON.parse((data as Buffer).toString('utf8')) as typeof m;
      } catch {
        this.push({ kind: 'reply', code: '(not JSON)', id: undefined });
        return;
      }
      if (m.type === 'ack') this.push({ kind: 'reply', code: 'ack', id: m.id });
      else if (m.type === 'error') this.push({ kind: 'reply', code: typeof m.code === 'string' ? m.code : '(no code)', id: m.id });
    });
    ws.on('close', (code) => {
      this.closed = code;
      this.push({ kind: 'close', code });
    });
    ws.on('error', () => {
      /* the close event follows */
    });
  }

  private push(o: Outcome): void {
    this.events.push(o);
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The next reply or close; null after `stallMs` of real time with neither. */
  async take(stallMs: number): Promise<Outcome | null> {
    for (;;) {
      const e = this.events.shift();
      if (e !== undefined) return e;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const woke = await new Promise<boolean>((resolve) => {
        this.wake = () => resolve(true);
        timer = setTimeout(() => resolve(false), stallMs);
      });
      clearTimeout(timer);
      if (!woke) return null;
    }
  }

  static open(url: string): Promise<Link> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const link = new Link(ws);
      const onHello = (data: WebSocket.RawData, isBinary: boolean): void => {
        if (isBinary) return;
        if ((JSON.parse((data as Buffer).toString('utf8')) as { type?: unknown }).type !== 'hello') return;
        ws.off('message', onHello);
        resolve(link);
      };
      ws.on('message', onHello);
      ws.once('close', (code) => reject(new Error(`closed ${code} before hello`)));
      ws.once('error', (e) => reject(e));
    });
  }
}

function sampleOf(f: FuzzFrame): string {
  const text = typeof f.data === 'string' ? f.data : f.data.subarray(0, 200).toString('latin1');
  return (f.binary ? '[binary] ' : '') + text.slice(0, 200);
}

/** The rule a frame's outcome breaks, or null. */
export function checkOutcome(f: FuzzFrame, o: Outcome | null): string | null {
  if (o === null) return 'no answer';
  if (o.kind === 'close') {
    if (!DOCUMENTED_CLOSES.has(o.code)) return `undocumented close ${o.code}`;
    if (!CLIENT_CAUSED_CLOSES.includes(o.code)) return `close ${o.code} (a server-side failure)`;
    if (o.code === CLOSE_CODES.invalidPayload && f.binary) return 'binary frame closed 1007';
    if (f.expect === 'close-1009' && o.code !== CLOSE_CODES.messageTooBig) return `expected close 1009, got ${o.code}`;
    if (o.code === CLOSE_CODES.messageTooBig && f.expect !== 'close-1009') return 'closed 1009 under twice maxFrameBytes';
    if (o.code === CLOSE_CODES.invalidPayload && f.expect !== 'bad-json-or-1007' && f.expect !== 'any') return 'closed 1007 for a valid UTF-8 text frame';
    if (o.code === CLOSE_CODES.simulatedDisconnect && !f.disconnects) return 'closed 4099 without a disconnect fault';
    if (o.code === CLOSE_CODES.slowConsumer) return 'closed 4008 although the fuzzer reads every reply';
    return null;
  }
  if (o.code !== 'ack' && !DOCUMENTED_ERRORS.has(o.code)) return `undocumented error code ${o.code}`;
  if (o.code === 'INTERNAL') return 'INTERNAL error (a server-side failure)';
  if (f.replyId !== undefined && o.id !== f.replyId) return `reply id ${JSON.stringify(o.id)}, expected ${JSON.stringify(f.replyId)}`;
  switch (f.expect) {
    case 'bad-frame':
      return o.code === 'BAD_FRAME' ? null : `expected BAD_FRAME, got ${o.code}`;
    case 'too-large':
      return o.code === 'FRAME_TOO_LARGE' ? null : `expected FRAME_TOO_LARGE, got ${o.code}`;
    case 'close-1009':
      return `expected close 1009, got ${o.code}`;
    case 'error':
    case 'bad-json-or-1007':
      return o.code === 'ack' ? 'a bad frame was acked' : null;
    default:
      return null;
  }
}

/** Sends `frames` frames one by one, each answered (or closed) before the next; reconnects after a close. */
export async function runFuzz(o: RunFuzzOptions): Promise<FuzzTally> {
  const t: FuzzTally = { frames: 0, replies: {}, closes: {}, reconnects: 0, kinds: {}, violations: [] };
  const stallMs = o.stallMs ?? 60_000;
  const maxViolations = o.maxViolations ?? 50;
  let url = o.url;
  let violationCount = 0;
  const open = async (): Promise<Link> => {
    for (;;) {
      try {
        return await Link.open(url);
      } catch (e) {
        if (o.onConnectFailed === undefined) throw e;
        url = await o.onConnectFailed(e);
      }
    }
  };
  let link = await open();
  const violate = (f: FuzzFrame, rule: string, outcome: Outcome | null): void => {
    violationCount++;
    if (t.violations.length < maxViolations) t.violations.push({ index: f.index, frameKind: f.kind, rule, outcome, sample: sampleOf(f) });
  };
  for (let i = 0; i < o.frames; i++) {
    const f = o.generator.next();
    if (link.closed !== null) {
      link = await open();
      t.reconnects++;
    }
    t.frames++;
    t.kinds[f.kind] = (t.kinds[f.kind] ?? 0) + 1;
    link.ws.send(f.data, { binary: f.binary });
    let outcome = await link.take(stallMs);
    const rule = checkOutcome(f, outcome);
    if (rule !== null) violate(f, rule, outcome);
    if (outcome?.kind === 'reply') {
      t.replies[outcome.code] = (t.replies[outcome.code] ?? 0) + 1;
      if (outcome.code === 'ack' && f.disconnects) {
        outcome = await link.take(stallMs);
        if (outcome?.kind !== 'close' || outcome.code !== CLOSE_CODES.simulatedDisconnect) violate(f, 'a disconnect fault was acked but did not close 4099', outcome);
        if (outcome?.kind === 'close') t.closes[outcome.code] = (t.closes[outcome.code] ?? 0) + 1;
      }
    } else if (outcome?.kind === 'close') {
      t.closes[outcome.code] = (t.closes[outcome.code] ?? 0) + 1;
    } else {
      link.ws.terminate();
      link.closed ??= -1;
    }
    if (o.onProgress && o.progressEvery && t.frames % o.progressEvery === 0) o.onProgress(t);
  }
  await closeLink(link);
  if (violationCount > t.violations.length) t.violations.push({ index: -1, frameKind: '', rule: `... ${violationCount - t.violations.length} more violations`, outcome: null, sample: '' });
  return t;
}

async function closeLink(link: Link): Promise<void> {
  if (link.closed !== null) return;
  await new Promise<void>((resolve) => {
    link.ws.once('close', () => resolve());
    link.ws.close();
  });
}

/** The sum of several runs' tallies (lanes run side by side, each on its own board). */
export function mergeTallies(tallies: readonly FuzzTally[]): FuzzTally {
  const out: FuzzTally = { frames: 0, replies: {}, closes: {}, reconnects: 0, kinds: {}, violations: [] };
  const add = (into: Record<string, number>, from: Record<string, number>): void => {
    for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  };
  for (const t of tallies) {
    out.frames += t.frames;
    out.reconnects += t.reconnects;
    add(out.replies, t.replies);
    add(out.closes, t.closes);
    add(out.kinds, t.kinds);
    out.violations.push(...t.violations);
  }
  return out;
}

/** The seed of lane `lane` of a run seeded `seed` (lane 0 keeps the run's seed). */
export function laneSeed(seed: number, lane: number): number {
  return (seed + Math.imul(lane, 0x9e3779b9)) >>> 0;
}
