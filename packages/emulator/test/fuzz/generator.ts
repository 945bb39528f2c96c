// The frame generator of the server fuzzer (issue 9): seeded, so a failing frame is reproduced by its
// seed and index. Used by the suite's fuzz test and by `pnpm fuzz` (the long run), with the same code.
import { FAULT_KINDS, MAX_CLOCK_ADVANCE_MS, MAX_PERSON, MAX_SEED, MAX_VARIATION } from '@tinyspark/protocol';
import { createRng } from '../../src/rng.js';
import type { Rng } from '../../src/rng.js';
import { ACCEL_RANGES, GYRO_RANGES, HUGE_NUMBERS, RATES, Raw, SENSORS, toJson, TYPES } from './values.js';
import type { FrameExpectation, FrameGeneratorOptions, FuzzFrame, Value } from './values.js';

export type { FrameExpectation, FrameGeneratorOptions, FuzzFrame, FuzzLimits } from './values.js';

export interface FrameGenerator {
  /** The next frame (deterministic for a seed). */
  next(): FuzzFrame;
}

/** A seeded generator of fuzz frames: random bytes and JSON, valid requests of every type, mutated ones, oversized ones. */
export function createFrameGenerator(o: FrameGeneratorOptions): FrameGenerator {
  const rng = createRng(o.seed >>> 0, 0xf022);
  const maxAdvance = o.maxValidAdvanceMs ?? 2000;
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const chance = (p: number): boolean => rng.next() < p;
  let index = 0;
  let nextId = 1;

  const ident = (): string => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
    let s = '';
    const n = 1 + rng.int(12);
    for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
    return s;
  };

  /** A string of any characters: ASCII, controls, multi-byte, lone surrogates, NUL. */
  const anyString = (maxLen: number): string => {
    const n = rng.int(maxLen + 1);
    let s = '';
    for (let i = 0; i < n; i++) {
      const r = rng.next();
      if (r < 0.6) s += String.fromCharCode(32 + rng.int(95));
      else if (r < 0.7) s += String.fromCharCode(rng.int(32));
      else if (r < 0.85) s += String.fromCharCode(0x80 + rng.int(0xd800 - 0x80));
      else if (r < 0.92) s += String.fromCharCode(0xd800 + rng.int(0x800)); // lone surrogate
      else s += String.fromCodePoint(0x10000 + rng.int(0x10ffff - 0x10000));
    }
    return s;
  };

  const randomValue = (depth: number): Value => {
    const r = rng.int(depth > 3 ? 7 : 10);
    switch (r) {
      case 0:
        return null;
      case 1:
        return chance(0.5);
      case 2:
        return rng.int(2001) - 1000;
      case 3:
        return pick(HUGE_NUMBERS);
      case 4:
        return (rng.next() - 0.5) * 10 ** rng.int(12);
      case 5:
        return anyString(24);
      case 6:
        return chance(0.5) ? ident() : pick([...TYPES, ...SENSORS, 'imu', 'sliding', 'recording', 'disconnect', 'click', '']);
      case 7:
        return Array.from({ length: rng.int(6) }, () => randomValue(depth + 1));
      case 8:
      case 9: {
        const obj: { [k: string]: Value } = {};
        const n = rng.int(6);
        for (let i = 0; i < n; i++) obj[chance(0.5) ? ident() : anyString(8)] = randomValue(depth + 1);
        return obj;
      }
      default:
        return null;
    }
  };

  const deepNest = (levels: number): Raw => new Raw(chance(0.5) ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

  // -------------------------------------------------------------------------------------------
  // valid requests of every type

  const sensorSubset = (): string[] => {
    const s = SENSORS.filter(() => chance(0.5));
    return s.length > 0 ? s : [pick(SENSORS)];
  };
  const gestureParams = (): { [k: string]: Value } => {
    const p: { [k: string]: Value } = {};
    if (chance(0.3)) p['amplitude'] = 0.2 + rng.next() * 2;
    if (chance(0.3)) p['tempo'] = 0.5 + rng.next() * 1.5;
    if (chance(0.2)) p['durationMs'] = 100 + rng.int(2000);
    if (chance(0.2)) p['variation'] = rng.next() * MAX_VARIATION;
    return p;
  };
  const replayDoc = (): Value => {
    const n = 2 + rng.int(200);
    const series = (): number[] => Array.from({ length: n }, () => Math.round((rng.next() - 0.5) * 4000) / 1000);
    if (chance(0.3)) return `ax,ay,az\n${Array.from({ length: n }, () => series().slice(0, 3).join(',')).join('\n')}\n`;
    return { recordings: [{ label: ident(), ax: series(), ay: series(), az: series() }] };
  };

  const valid = (type: string): { [k: string]: Value } => {
    const id: Value = chance(0.5) ? nextId++ : `r${nextId++}`;
    const m: { [k: string]: Value } = { type, id };
    switch (type) {
      case 'configure':
        if (chance(0.6)) m['accelerometer'] = { range: pick(ACCEL_RANGES), rateHz: pick(RATES) };
        if (chance(0.4)) m['gyroscope'] = { range: pick(GYRO_RANGES), rateHz: pick(RATES) };
        if (chance(0.2)) m['proximity'] = {};
        break;
      case 'stream.start':
        m['sensors'] = sensorSubset();
        break;
      case 'stream.stop':
        if (chance(0.5)) m['sensors'] = sensorSubset();
        break;
      case 'record':
        m['label'] = ident();
        m['durationMs'] = 1 + rng.int(Math.min(2000, o.limits.maxRecordingMs));
        if (chance(0.3)) m['delayMs'] = rng.int(500);
        if (chance(0.5)) m['sensor'] = pick(['imu', 'proximity']);
        break;
      case 'model.deploy':
        m['model'] = structuredClone(o.model) as { [k: string]: Value };
        break;
      case 'infer.start':
        if (chance(0.5)) {
          m['mode'] = 'sliding';
          m['hopMs'] = 1 + rng.int(1000);
        } else m['mode'] = 'recording';
        break;
      case 'sim.perform':
        m['gesture'] = pick(o.gestures);
        if (chance(0.5)) m['person'] = rng.int(MAX_PERSON + 1);
        if (chance(0.5)) m['seed'] = rng.nextUint32() % (MAX_SEED + 1);
        if (chance(0.3)) m['variation'] = rng.next() * MAX_VARIATION;
        if (chance(0.3)) m['params'] = gestureParams();
        break;
      case 'sim.scenario':
        if (chance(0.5)) {
          let at = 0;
          m['steps'] = Array.from({ length: 1 + rng.int(5) }, () => {
            at += rng.int(2000);
            const step: { [k: string]: Value } = { atMs: at, gesture: pick(o.gestures) };
            if (chance(0.3)) step['label'] = chance(0.5) ? null : ident();
            if (chance(0.3)) step['params'] = gestureParams();
            return step;
          });
        } else {
          const g: { [k: string]: Value } = { count: 1 + rng.int(20), gestures: Array.from({ length: 1 + rng.int(3) }, () => pick(o.gestures)), seed: rng.nextUint32() };
          if (chance(0.3)) g['gapMs'] = [rng.int(500), 500 + rng.int(1000)];
          if (chance(0.3)) g['person'] = rng.int(100);
          m['generate'] = g;
        }
        if (chance(0.3)) m['windowStart'] = pick(['at', 'after']);
        break;
      case 'sim.button':
        m['button'] = pick([1, 2]);
        m['action'] = pick(['press', 'release', 'click']);
        if (m['action'] === 'click' && chance(0.5)) m['durationMs'] = 1 + rng.int(500);
        break;
      case 'sim.fault': {
        // a disconnect closes the connection: rare, so most frames are answered on an open one
        const kind = chance(0.05) ? 'disconnect' : pick(FAULT_KINDS.filter((k) => k !== 'disconnect'));
        m['kind'] = kind;
        if (chance(0.5)) m['sensor'] = pick(SENSORS);
        if (chance(0.5)) m['params'] = { probability: rng.next(), sigma: rng.next() * 3, axis: rng.int(3), maxMs: rng.int(50) };
        if (chance(0.7)) m['durationMs'] = 1 + rng.int(5000);
        break;
      }
      case 'sim.clock':
        m['advanceMs'] = rng.int(maxAdvance + 1);
        break;
      case 'sim.replay':
        m['recording'] = replayDoc();
        m['rateHz'] = pick([50, 100, 104, 208]);
        if (chance(0.3)) m['units'] = { accelerometer: pick(['g', 'mg', 'm/s2']) };
        if (chance(0.2)) m['loop'] = 1 + rng.int(3);
        if (chance(0.2)) m['speed'] = 0.5 + rng.next() * 2;
        break;
      default:
        // model.clear, infer.stop, ping, and request types this generator does not know yet
        if (!['model.clear', 'infer.stop', 'ping'].includes(type)) for (let i = rng.int(4); i > 0; i--) m[ident()] = randomValue(1);
    }
    return m;
  };

  // -------------------------------------------------------------------------------------------
  // mutations

  /** A path to a random field (object keys and array indices), possibly the message itself. */
  const randomPath = (m: Value): (string | number)[] => {
    const path: (string | number)[] = [];
    let cur: Value = m;
    for (;;) {
      if (Array.isArray(cur) && cur.length > 0 && chance(0.6)) {
        const i = rng.int(cur.length);
        path.push(i);
        cur = cur[i]!;
      } else if (cur !== null && typeof cur === 'object' && !(cur instanceof Raw) && !Array.isArray(cur) && Object.keys(cur).length > 0 && (path.length === 0 || chance(0.5))) {
        const k = pick(Object.keys(cur));
        path.push(k);
        cur = cur[k]!;
      } else return path;
    }
  };
  const container = (m: Value, path: readonly (string | number)[]): { [k: string]: Value } | Value[] | null => {
    let cur: Value = m;
    for (const p of path.slice(0, -1)) cur = (cur as Record<string | number, Value>)[p]!;
    return cur !== null && typeof cur === 'object' && !(cur instanceof Raw) ? cur : null;
  };

  const mutateOnce = (m: { [k: string]: Value }): void => {
    const path = randomPath(m);
    if (path.length === 0) {
      m[ident()] = randomValue(1);
      return;
    }
    const c = container(m, path);
    if (c === null) return;
    const key = path[path.length - 1]!;
    const set = (v: Value): void => {
      (c as Record<string | number, Value>)[key] = v;
    };
    const r = rng.int(10);
    switch (r) {
      case 0:
        if (Array.isArray(c)) c.splice(key as number, 1);
        else delete c[key as string];
        return;
      case 1:
      case 2:
        return set(randomValue(1));
      case 3:
      case 4:
        return set(pick(HUGE_NUMBERS));
      case 5:
        // an oversized field: past the 1024-character string limit and the 64-character echo cap
        return set(chance(0.5) ? 'x'.repeat(500 + rng.int(5000)) : anyString(3000));
      case 6:
        return set(deepNest(10 + rng.int(3000)));
      case 7:
        return set(pick([...TYPES, ...SENSORS, 'imu', '', 'sim.', 'PING']));
      case 8:
        m['type'] = pick(TYPES);
        return;
      default:
        m['id'] = pick<Value>(['a'.repeat(65 + rng.int(3000)), '', -1, 1.5, 2 ** 53, null, {}, [], true, new Raw('1e999'), anyString(70), nextId++]);
    }
  };

  /** The id a reply carries: the message's, when it is one a reply can carry, else null. */
  const readableId = (m: { [k: string]: Value }): string | number | null => {
    const raw = m['id'];
    let id: unknown = raw;
    if (raw instanceof Raw) id = JSON.parse(raw.text) as unknown;
    if (typeof id === 'string' && id.length >= 1 && id.length <= 64) return id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
    return null;
  };

  const randomBytes = (n: number): Buffer => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = rng.int(256);
    return b;
  };

  /** Text-level damage to a serialised frame: the result may be invalid JSON or invalid UTF-8. */
  const damageText = (text: string): { data: string | Buffer; expect: FrameExpectation } => {
    const r = rng.int(7);
    const bytes = Buffer.from(text, 'utf8');
    switch (r) {
      case 0:
        return { data: text.slice(0, rng.int(text.length)), expect: 'error' };
      case 1: {
        // invalid UTF-8 inside a string
        const at = rng.int(bytes.length + 1);
        return { data: Buffer.concat([bytes.subarray(0, at), Buffer.from(pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]])), bytes.subarray(at)]), expect: 'bad-json-or-1007' };
      }
      case 2: {
        const copy = Buffer.from(bytes);
        for (let k = 1 + rng.int(4); k > 0 && copy.length > 0; k--) copy[rng.int(copy.length)] = rng.int(256);
        return { data: copy, expect: 'any' };
      }
      case 3:
        return { data: `\ufeff${text}`, expect: 'error' };
      case 4:
        return { data: `${text}${pick([',', '}', ' x', '\u0000', '{}', ']'])}`, expect: 'error' };
      case 5:
        // a duplicate key: JSON.parse keeps the last one
        return { data: text.replace(/^\{/, `{"type":${JSON.stringify(pick(TYPES))},`), expect: 'any' };
      default:
        return { data: `${' \t\r\n'.repeat(rng.int(50))}${text}${'\n'.repeat(rng.int(5))}`, expect: 'any' };
    }
  };

  const frame = (kind: string, data: string | Buffer, binary: boolean, expect: FrameExpectation, replyId: string | number | null | undefined, disconnects = false): FuzzFrame => ({
    index: index++,
    kind,
    data,
    binary,
    replyId,
    expect,
    disconnects,
  });

  /**
   * Keeps the work of a frame bounded: a `sim.clock` that would be valid and advance more than
   * `maxValidAdvanceMs` (a day at 6664 Hz is minutes of sample synthesis, measured by
   * `pnpm fuzz --memory` instead) is pushed past the protocol's maximum, so it stays a bad value.
   */
  const bounded = (m: { [k: string]: Value }): { [k: string]: Value } => {
    const a = m['advanceMs'];
    if (m['type'] === 'sim.clock' && typeof a === 'number' && a > maxAdvance && a <= MAX_CLOCK_ADVANCE_MS) m['advanceMs'] = MAX_CLOCK_ADVANCE_MS + 1;
    return m;
  };

  const isDisconnect = (m: { [k: string]: Value }): boolean => m['type'] === 'sim.fault' && m['kind'] === 'disconnect';

  const next = (): FuzzFrame => {
    const r = rng.next();
    const { maxFrameBytes, maxModelBytes } = o.limits;
    if (r < 0.04) return frame('random-bytes-binary', randomBytes(rng.int(200)), true, 'bad-frame', null);
    if (r < 0.05) {
      // a valid request sent as a binary frame
      const m = valid(pick(TYPES));
      return frame('valid-as-binary', Buffer.from(toJson(m)), true, 'bad-frame', null);
    }
    if (r < 0.06) return frame('random-bytes-text', randomBytes(1 + rng.int(200)), false, 'bad-json-or-1007', undefined);
    if (r < 0.1) return frame('random-text', anyString(200), false, 'error', undefined);
    if (r < 0.18) return frame('random-json', toJson(randomValue(0)), false, 'error', undefined);
    if (r < 0.26) {
      // a valid type with random fields
      const m: { [k: string]: Value } = { type: pick(TYPES), id: nextId++ };
      for (let i = rng.int(5); i > 0; i--) m[chance(0.5) ? pick(['sensors', 'label', 'durationMs', 'model', 'gesture', 'steps', 'generate', 'kind', 'advanceMs', 'recording', 'mode', 'hopMs', 'button', 'action', 'params']) : ident()] = randomValue(1);
      return frame(`random-fields:${String(m['type'])}`, toJson(bounded(m)), false, 'any', readableId(m));
    }
    if (r < 0.28) {
      // oversized: just over maxFrameBytes (FRAME_TOO_LARGE, the id read from the frame's start), or past twice it (1009)
      if (chance(0.7)) {
        const id = nextId++;
        const pad = maxFrameBytes + 1 + rng.int(Math.floor(maxFrameBytes / 2));
        const data = chance(0.5) ? `{"type":"ping","id":${id},"pad":"${'p'.repeat(pad)}"}` : `{"pad":"${'p'.repeat(pad)}","type":"ping","id":${id}}`;
        return frame('oversized-frame', data, false, 'too-large', data.startsWith('{"type"') ? id : undefined);
      }
      return frame('oversized-1009', 'q'.repeat(2 * maxFrameBytes + 1 + rng.int(1024)), chance(0.2), 'close-1009', undefined);
    }
    if (r < 0.29) {
      // a model past maxModelBytes in a frame under maxFrameBytes: MODEL_TOO_LARGE
      const id = nextId++;
      const padding = 'm'.repeat(maxModelBytes + 1 + rng.int(Math.max(1, Math.min(maxFrameBytes - maxModelBytes - 2048, maxModelBytes))));
      return frame('model-too-large', JSON.stringify({ type: 'model.deploy', id, model: { ...o.model, padding } }), false, 'error', id);
    }
    if (r < 0.45) {
      const m = valid(pick(TYPES));
      return frame(`valid:${String(m['type'])}`, toJson(m), false, 'any', readableId(m), isDisconnect(m));
    }
    const m = valid(pick(TYPES));
    const kind = `mutated:${String(m['type'])}`;
    for (let k = 1 + rng.int(3); k > 0; k--) mutateOnce(m);
    const text = toJson(bounded(m));
    if (chance(0.15)) {
      const d = damageText(text);
      return frame(`${kind}+damaged`, d.data, false, d.expect, undefined);
    }
    return frame(kind, text, false, 'any', readableId(m), isDisconnect(m));
  };

  return { next };
}

/** Seeds as the CLI and the tests write them. */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`seed must be an integer 0..4294967295, got ${text}`);
  return n;
}

export type { Rng };
