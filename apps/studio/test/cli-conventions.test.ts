// CLI conventions: commander parsing, "did you mean", one exit code per kind of failure, colours.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../src/args.js';
import { EXIT, toStudioError } from '../src/errors.js';
import type { StudioIo } from '../src/io.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let dir: string;
async function run(argv: string[], extra: Partial<StudioIo> = {}, tty = false): Promise<{ code: number; out: string; err: string }> {
  const io = createBufferedIo(dir, extra);
  io.stdout.isTTY = tty;
  io.stderr.isTTY = tty;
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-conv-'));
  await writeSyntheticDataset(join(dir, 'data'));
});

describe('tinyspark CLI conventions', () => {
  it('a misspelt flag is a usage error with "did you mean"', async () => {
    const r = await run(['train', 'data', '--epoch', '3', '--out', 'm.json']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/STUDIO_ERR_BAD_OPTION: train: unknown option '--epoch' \(did you mean --epochs\?\)/);
    const m = await run(['train', 'data', '--out']);
    expect(m.code).toBe(EXIT.usage);
    expect(m.err).toMatch(/option --out needs a value/);
  });

  it('a misspelt command or subcommand is a usage error with "did you mean"', async () => {
    const r = await run(['dataset', 'stat', 'data']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/STUDIO_ERR_UNKNOWN_COMMAND: unknown dataset command "stat" \(did you mean stats\?\)/);
    const c = await run(['captur']);
    expect(c.code).toBe(EXIT.usage);
    expect(c.err).toMatch(/did you mean capture\?/);
    const h = await run(['help', 'train']);
    expect(h.code).toBe(EXIT.ok);
    expect(h.out).toMatch(/tinyspark train/);
  });

  it('an unknown --gesture is a usage error before any connection', async () => {
    // Port 9 on loopback has no board: a connection attempt would end in exit 4, not 2.
    const r = await run(['capture', '--board', 'ws://127.0.0.1:9/boards/board-0', '--label', 'circle', '--out', 'cap', '--gesture', 'circel']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/--gesture "circel" is not a gesture of the emulator \(did you mean circle\?\)/);
  });

  it('"no-" flags are flags of their own, values keep their names', () => {
    const p = parseCommandArgs('train', ['d', '--no-bias', '--offset', '-5', '--min-per-label=3'], { 'no-bias': { type: 'boolean' }, offset: { type: 'string' }, 'min-per-label': { type: 'string' } }, 1);
    expect(p.values).toEqual({ 'no-bias': true, offset: '-5', 'min-per-label': '3' });
    expect(p.positionals).toEqual(['d']);
    expect(parseCommandArgs('train', [], { 'no-bias': { type: 'boolean' } }, 0).values['no-bias']).toBeUndefined();
  });

  it('one exit code per kind of failure: port in use is a board/network error (4)', () => {
    const e = Object.assign(new Error('8080 on 127.0.0.1 is already in use'), { code: 'EMU_ERR_PORT_IN_USE' });
    expect(toStudioError(e).exitCode).toBe(EXIT.board);
    expect(toStudioError(Object.assign(new Error('x'), { code: 'EADDRINUSE' })).exitCode).toBe(EXIT.board);
    expect(toStudioError(Object.assign(new Error('x'), { code: 'EACCES' })).exitCode).toBe(EXIT.io);
  });

  it('colours only on a terminal, never for NO_COLOR, pipes or --json', async () => {
    const esc = '\u001b[';
    expect((await run(['trian'], { env: {} }, true)).err).toContain(esc);
    expect((await run(['trian'], { env: { NO_COLOR: '1' } }, true)).err).not.toContain(esc);
    expect((await run(['trian'], { env: {} }, false)).err).not.toContain(esc);
    const j = await run(['trian', '--json'], { env: {} }, true);
    expect(j.err).not.toContain(esc);
    expect(j.out).not.toContain(esc);
  });
});
