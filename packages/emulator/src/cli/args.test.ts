import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';

describe('tinyspark-emulator arguments', () => {
  it('has the documented defaults', () => {
    expect(parseCliArgs([])).toEqual({ host: '127.0.0.1', port: 8080, boards: 1, seed: 0, clock: 'real' });
  });

  it('reads every flag, with a space or =', () => {
    expect(parseCliArgs(['--host', '127.0.0.2', '--port=0', '--boards', 'a,b', '--seed', '7', '--clock=virtual'])).toEqual({
      host: '127.0.0.2',
      port: 0,
      boards: ['a', 'b'],
      seed: 7,
      clock: 'virtual',
    });
    expect(parseCliArgs(['--boards', '3']).boards).toBe(3);
    expect(parseCliArgs(['--help']).help).toBe(true);
  });

  it('names the offending flag', () => {
    expect(() => parseCliArgs(['--port', '70000'])).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: '--port' }));
    expect(() => parseCliArgs(['--clock', 'fast'])).toThrowError(/--clock: must be real or virtual/);
    expect(() => parseCliArgs(['--seed'])).toThrowError(/--seed: needs a value/);
    expect(() => parseCliArgs(['--frobnicate', '1'])).toThrowError(/unknown flag/);
  });
});
