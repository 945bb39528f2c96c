// Small HTTP helpers of the studio server: bounded bodies, JSON replies, errors as the CLI words them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXIT, StudioError, toStudioError } from '../errors.js';

/** Largest request body the server reads (an import of a few thousand recordings fits). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class HttpStatusError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(new HttpStatusError(413, `request body larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

/** Parses a JSON body; a body that is not JSON is a 400 naming the problem. */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const buf = await readBody(req, limit);
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new StudioError('STUDIO_ERR_USAGE', `the request body is not JSON (${err instanceof Error ? err.message : String(err)})`, { field: 'body' });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendDownload(res: ServerResponse, name: string, type: string, data: string | Buffer): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  res.writeHead(200, { 'content-type': type, 'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`, 'cache-control': 'no-store', 'content-length': buf.length });
  res.end(buf);
}

/** The HTTP status of a studio error: its exit code says whose fault it is. */
export function statusOf(err: StudioError): number {
  if (err.code === 'STUDIO_ERR_FILE_NOT_FOUND' || err.code === 'STUDIO_ERR_DATASET_NOT_FOUND') return 404;
  switch (err.exitCode) {
    case EXIT.usage:
    case EXIT.badInput:
      return 400;
    case EXIT.board:
      return 502;
    case EXIT.failure:
      return err.code === 'STUDIO_ERR_INTERNAL' ? 500 : 422;
    default:
      return 500;
  }
}

/** `{ error: { code, message, field, text } }`: `text` is the line the CLI prints on stderr. */
export function errorBody(err: StudioError): { error: { code: string; message: string; field: string | null; text: string } } {
  return { error: { code: err.code, message: err.message, field: err.field ?? null, text: `[studio] ${err.code}: ${err.message}` } };
}

export function sendError(res: ServerResponse, raw: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (raw instanceof HttpStatusError) {
    sendJson(res, raw.status, { error: { code: raw.status === 413 ? 'STUDIO_ERR_USAGE' : 'STUDIO_ERR_USAGE', message: raw.message, field: null, text: `[studio] STUDIO_ERR_USAGE: ${raw.message}` } });
    return;
  }
  const err = toStudioError(raw);
  sendJson(res, statusOf(err), errorBody(err));
}
