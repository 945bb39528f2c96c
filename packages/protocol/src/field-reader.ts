// Reads typed fields out of parsed JSON and throws a ProtocolError naming the field path.
import { IDENTIFIER_PATTERN, MAX_REQUEST_ID_LENGTH } from './limits.js';
import type { RequestId } from './messages.js';
import { ProtocolError } from './protocol-error.js';

/** Options of a number field. Bounds are inclusive unless `exclusiveMin`. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
}

/** Options of a string field. */
export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

/** Options of an array field (length bounds, inclusive). */
export interface ArrayRule {
  readonly min?: number;
  readonly max?: number;
}

/** Shared context of one validation: for error messages and limits. */
export interface ReadContext {
  readonly requestId: RequestId | null;
  readonly maxStringLength: number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${echo(value)}`;
}

/** Longest echo of a received value in an error message, in characters (then `... (N chars)`). */
export const MAX_ECHO_CHARS = 64;

/** A received value as an error message quotes it: JSON, cut to {@link MAX_ECHO_CHARS}. */
export function echo(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= MAX_ECHO_CHARS ? json : `${json.slice(0, MAX_ECHO_CHARS)}... (${json.length} chars)`;
}

/** Throws PROTO_ERR_BAD_FIELD for `path`. */
export function badField(ctx: ReadContext, path: string, expected: string, value: unknown): never {
  throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${path}" must be ${expected}, got ${describe(value)}`, {
    field: path,
    requestId: ctx.requestId,
  });
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a finite number obeying `rule`. */
export function readNumber(ctx: ReadContext, path: string, value: unknown, rule: NumberRule = {}): number {
  const { min, max, exclusiveMin = false, integer = false } = rule;
  // a valid number returns here, before the error text is built (recordings carry thousands)
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isSafeInteger(value)) &&
    (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
    (max === undefined || value <= max)
  ) {
    return value;
  }
  const parts: string[] = [integer ? 'an integer' : 'a finite number'];
  if (min !== undefined) parts.push(`${exclusiveMin ? '>' : '>='} ${min}`);
  if (max !== undefined) parts.push(`<= ${max}`);
  const expected = parts.join(' ');
  if (typeof value !== 'number' || !Number.isFinite(value)) badField(ctx, path, expected, value);
  if (integer && !Number.isSafeInteger(value)) badField(ctx, path, expected, value);
  if (min !== undefined && (exclusiveMin ? !(value > min) : !(value >= min))) badField(ctx, path, expected, value);
  if (max !== undefined && !(value <= max)) badField(ctx, path, expected, value);
  return value;
}

/** Reads a string obeying `rule` (default: 0..maxStringLength characters). */
export function readString(ctx: ReadContext, path: string, value: unknown, rule: StringRule = {}): string {
  const min = rule.min ?? 0;
  const max = rule.max ?? ctx.maxStringLength;
  const expected = rule.pattern
    ? `a string matching ${rule.patternText ?? String(rule.pattern)}`
    : `a string of ${min}..${max} characters`;
  if (typeof value !== 'string') badField(ctx, path, expected, value);
  if (value.length < min || value.length > max) badField(ctx, path, expected, value);
  if (rule.pattern && !rule.pattern.test(value)) badField(ctx, path, expected, value);
  return value;
}

/** Reads an identifier (label, gesture name): 1..64 of A-Z a-z 0-9 _ -. */
export function readIdentifier(ctx: ReadContext, path: string, value: unknown): string {
  return readString(ctx, path, value, { pattern: IDENTIFIER_PATTERN, patternText: '[A-Za-z0-9_-]{1,64}' });
}

/** Reads a boolean. */
export function readBoolean(ctx: ReadContext, path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') badField(ctx, path, 'a boolean', value);
  return value;
}

/** Reads one of the given literal values. */
export function readOneOf<T extends string | number>(ctx: ReadContext, path: string, value: unknown, options: readonly T[]): T {
  if (!(options as readonly unknown[]).includes(value)) {
    badField(ctx, path, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, value);
  }
  return value as T;
}

/** Reads an array, each item through `item`, with length bounds. */
export function readArray<T>(
  ctx: ReadContext,
  path: string,
  value: unknown,
  item: (value: unknown, path: string) => T,
  rule: ArrayRule = {},
): T[] {
  const min = rule.min ?? 0;
  const max = rule.max ?? Number.POSITIVE_INFINITY;
  const expected = max === Number.POSITIVE_INFINITY ? `an array of at least ${min} items` : `an array of ${min}..${max} items`;
  if (!Array.isArray(value)) badField(ctx, path, expected, value);
  if (value.length < min || value.length > max) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${path}" must be ${expected}, got ${value.length} items`, {
      field: path,
      requestId: ctx.requestId,
    });
  }
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/** Reads a JSON object of finite numbers (`{ [key]: number }`). */
export function readNumberMap(ctx: ReadContext, path: string, value: unknown): Record<string, number> {
  if (!isJsonObject(value)) badField(ctx, path, 'an object of numbers', value);
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.length > 64) badField(ctx, `${path}.${key.slice(0, 64)}`, 'a key of at most 64 characters', key);
    out[key] = readNumber(ctx, `${path}.${key}`, v);
  }
  return out;
}

/** Reads a request id: a string of 1..64 characters or a non-negative safe integer. */
export function readRequestId(ctx: ReadContext, path: string, value: unknown): RequestId {
  if (typeof value === 'string' && value.length >= 1 && value.length <= MAX_REQUEST_ID_LENGTH) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return badField(ctx, path, `a string of 1..${MAX_REQUEST_ID_LENGTH} characters or a non-negative integer`, value);
}

/** The request id of `value` when it is readable, else null (for error replies). */
export function peekRequestId(value: unknown): RequestId | null {
  if (!isJsonObject(value)) return null;
  const id = value['id'];
  if (typeof id === 'string' && id.length >= 1 && id.length <= MAX_REQUEST_ID_LENGTH) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  return null;
}

/**
 * An object being read: `req*` for required fields, `opt*` for optional ones (absent = undefined;
 * null is rejected unless the field allows it).
 */
export class ObjectReader {
  constructor(
    readonly ctx: ReadContext,
    readonly path: string,
    readonly obj: Record<string, unknown>,
  ) {}

  /** Wraps `value` (must be an object) found at `path`. */
  static of(ctx: ReadContext, path: string, value: unknown): ObjectReader {
    if (!isJsonObject(value)) badField(ctx, path === '' ? '(message)' : path, 'an object', value);
    return new ObjectReader(ctx, path, value);
  }

  /** Path of a key under this object. */
  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  required(key: string): unknown {
    const value = this.obj[key];
    if (value === undefined) {
      throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${this.at(key)}" is required`, {
        field: this.at(key),
        requestId: this.ctx.requestId,
      });
    }
    return value;
  }

  object(key: string): ObjectReader {
    return ObjectReader.of(this.ctx, this.at(key), this.required(key));
  }

  optObject(key: string): ObjectReader | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  num(key: string, rule?: NumberRule): number {
    return readNumber(this.ctx, this.at(key), this.required(key), rule);
  }

  optNum(key: string, rule?: NumberRule): number | undefined {
    return this.has(key) ? this.num(key, rule) : undefined;
  }

  str(key: string, rule?: StringRule): string {
    return readString(this.ctx, this.at(key), this.required(key), rule);
  }

  optStr(key: string, rule?: StringRule): string | undefined {
    return this.has(key) ? this.str(key, rule) : undefined;
  }

  ident(key: string): string {
    return readIdentifier(this.ctx, this.at(key), this.required(key));
  }

  optIdent(key: string): string | undefined {
    return this.has(key) ? this.ident(key) : undefined;
  }

  bool(key: string): boolean {
    return readBoolean(this.ctx, this.at(key), this.required(key));
  }

  oneOf<T extends string | number>(key: string, options: readonly T[]): T {
    return readOneOf(this.ctx, this.at(key), this.required(key), options);
  }

  optOneOf<T extends string | number>(key: string, options: readonly T[]): T | undefined {
    return this.has(key) ? this.oneOf(key, options) : undefined;
  }

  array<T>(key: string, item: (value: unknown, path: string) => T, rule?: ArrayRule): T[] {
    return readArray(this.ctx, this.at(key), this.required(key), item, rule);
  }

  optArray<T>(key: string, item: (value: unknown, path: string) => T, rule?: ArrayRule): T[] | undefined {
    return this.has(key) ? this.array(key, item, rule) : undefined;
  }

  numberMap(key: string): Record<string, number> {
    return readNumberMap(this.ctx, this.at(key), this.required(key));
  }

  optNumberMap(key: string): Record<string, number> | undefined {
    return this.has(key) ? this.numberMap(key) : undefined;
  }

  requestId(key = 'id'): RequestId {
    return readRequestId(this.ctx, this.at(key), this.required(key));
  }
}

/** Copies `obj` without keys whose value is undefined (so round trips compare equal). */
export function withoutUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as T;
}
