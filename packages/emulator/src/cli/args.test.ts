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
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--json']).json).toBe(true);
    expect(parseCliArgs(['--allow-origin', 'https://a.example', '--allow-origin=http://b.example:8000']).allowedOrigins).toEqual(['https://a.example', 'http://b.example:8000']);
  });

  it('takes the token from --token, else TINYSPARK_TOKEN (an empty variable is no token)', () => {
    expect(parseCliArgs(['--token', 'abc']).token).toBe('abc');
    expect(parseCliArgs([], { TINYSPARK_TOKEN: 'env-token' }).token).toBe('env-token');
    expect(parseCliArgs(['--token=flag'], { TINYSPARK_TOKEN: 'env-token' }).token).toBe('flag');
    expect(parseCliArgs([], { TINYSPARK_TOKEN: '' }).token).toBeUndefined();
    expect(() => parseCliArgs(['--token='])).toThrowError(/--token: must not be empty/);
  });

  it('names the offending flag', () => {
    expect(() => parseCliArgs(['--port', '70000'])).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: '--port' }));
    expect(() => parseCliArgs(['--port', '80a'])).toThrowError(/--port: must be an integer 0..65535, got 80a/);
    expect(() => parseCliArgs(['--clock', 'fast'])).toThrowError(/--clock: must be real or virtual/);
    expect(() => parseCliArgs(['--seed'])).toThrowError(expect.objectContaining({ message: '[emulator] EMU_ERR_INVALID_OPTION: --seed: needs a value', field: '--seed' }));
    expect(() => parseCliArgs(['--frobnicate', '1'])).toThrowError(expect.objectContaining({ message: expect.stringMatching(/unknown option '--frobnicate'/), field: '--frobnicate' }));
    expect(() => parseCliArgs(['--allow-origin', 'https://a.example/path'])).toThrowError(/--allow-origin: must be an origin/);
    expect(() => parseCliArgs(['--boards', '0'])).toThrowError(/--boards: must be at least 1/);
  });

  it('says "did you mean" for a misspelt flag, and refuses stray arguments', () => {
    expect(() => parseCliArgs(['--prot', '1'])).toThrowError(/unknown option '--prot' \(did you mean --port\?\)/);
    expect(() => parseCliArgs(['--clok=virtual'])).toThrowError(/did you mean --clock\?/);
    expect(() => parseCliArgs(['--tokn', 'x'])).toThrowError(/did you mean --token\?/);
    expect(() => parseCliArgs(['8080'])).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', message: expect.stringMatching(/too many arguments/) }));
  });
});
