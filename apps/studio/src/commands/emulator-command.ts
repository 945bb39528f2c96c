import { startEmulator } from '@tinyspark/emulator';
import { choiceOpt, intOpt, str } from '../args.js';
import type { Parsed } from '../args.js';
import type { Command } from '../command.js';
import { StudioError, toStudioError } from '../errors.js';
import { gestureFileList, readGestureFiles } from '../gesture/gesture-files.js';

const HELP = `tinyspark emulator [--host 127.0.0.1] [--port 8080] [--boards 1|a,b,...] [--seed 0] [--clock real|virtual]
                   [--token <token>] [--allow-origin <origin>]... [--gestures <file>...]

Start the built-in TinySpark board emulator (the same as \`tinyspark-emulator\`) and print the board
URLs; it runs until Ctrl-C (SIGINT) or SIGTERM. Use a board URL with capture, deploy and verify.
  --host    interface to bind (default 127.0.0.1, loopback only; any other address needs a token)
  --port    TCP port (default 8080; 0 picks a free one)
  --boards  how many boards (default 1), or their ids: --boards left,right
  --seed    seed of the boards' sensors and gestures (default 0)
  --clock   real (default: time passes as for a real board) or virtual (time advances only on
            sim.clock requests: for scripts and bulk capture)
  --token   clients must present it (Authorization: Bearer <token> or ?token=<token>), else
            HTTP 401; default: the TINYSPARK_TOKEN environment variable, else none
  --allow-origin <origin>  a web page origin allowed to connect besides loopback ones
            (repeatable, e.g. https://studio.example:8443); any other Origin gets HTTP 403
  --gestures <file>...  learned gestures (\`tinyspark gesture learn\`), performed like built-in ones
            (capture --gesture <name>, sim.perform, scenarios)
Exit codes: 0 stopped cleanly, 2 bad option (also a non-loopback --host without a token), 3 bad gesture file (named), 4 port in use or network failure.`;

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'start the built-in board emulator (prints the board URLs)',
  help: HELP,
  options: { host: { type: 'string' }, port: { type: 'string' }, boards: { type: 'string' }, seed: { type: 'string' }, clock: { type: 'string' }, token: { type: 'string' }, 'allow-origin': { type: 'string', multiple: true }, gestures: { type: 'string', variadic: true } },
  maxPositionals: 0,
  async run(p, ctx) {
    const host = str(p, 'host') ?? '127.0.0.1';
    const port = intOpt('emulator', p, 'port', 8080, 0, 65535);
    const boardsRaw = str(p, 'boards') ?? '1';
    const boards: number | string[] = /^\d+$/.test(boardsRaw) ? Number(boardsRaw) : boardsRaw.split(',').map((s) => s.trim());
    if (typeof boards === 'number' && boards < 1) throw new StudioError('STUDIO_ERR_BAD_OPTION', 'emulator: --boards must be at least 1', { field: 'boards' });
    const seed = intOpt('emulator', p, 'seed', 0, 0, 0xffffffff);
    const clock = choiceOpt('emulator', p, 'clock', ['real', 'virtual'] as const, 'real');
    const token = accessToken(p, ctx.io.env ?? {});
    const allowedOrigins = originList(p.values['allow-origin']);
    const files = gestureFileList(p.values['gestures']);
    const gestures = readGestureFiles('emulator', files.map((f) => ctx.path(f)));
    let emu;
    try {
      emu = await startEmulator({
        host,
        port,
        boards,
        seed,
        clock,
        ...(token !== undefined ? { token } : {}),
        ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
        ...(gestures.length > 0 ? { gestures } : {}),
        onBoardCreated: (b) => ctx.print(`  board ${b.id}: ${b.url} (created because a client asked for it: check the board id if that was a typo)`),
      });
    } catch (err) {
      const e = toStudioError(err);
      if (/EADDRINUSE|in use/i.test(e.message) || (err as { code?: string }).code === 'EMU_ERR_PORT_IN_USE') {
        throw new StudioError('STUDIO_ERR_PORT_IN_USE', `emulator: port ${port} on ${host} is in use: choose another with --port (0 picks a free one) or stop the program using it`, { field: 'port', cause: err });
      }
      // the emulator's own refusals of an option (a non-loopback --host without a token): the
      // same message as \`tinyspark-emulator\`, and the same exit code (2, usage)
      if ((err as { code?: string }).code === 'EMU_ERR_INVALID_OPTION') {
        const field = (err as { field?: string }).field;
        throw new StudioError('STUDIO_ERR_BAD_OPTION', (err as Error).message, { ...(field !== undefined ? { field } : {}), cause: err });
      }
      throw e;
    }
    ctx.print(`emulator listening on ${emu.url} (clock ${clock}, seed ${seed}${token !== undefined ? ', token required' : ''})`);
    for (const b of emu.boards) ctx.print(`  board ${b.id}: ${b.url}`);
    for (const [i, g] of gestures.entries()) ctx.print(`  learned gesture ${g.name} (${files[i]}, ${g.examples.length} example(s))`);
    if (ctx.json) ctx.io.stdout.write(`${JSON.stringify({ event: 'listening', url: emu.url, token: token !== undefined, boards: emu.boards, gestures: gestures.map((g) => g.name) })}\n`);
    ctx.note('press Ctrl-C to stop');
    const signal = ctx.io.signal;
    if (signal !== undefined && !signal.aborted) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    await emu.close();
    ctx.note('emulator stopped');
    return { result: { url: emu.url, boards: emu.boards, stopped: true } };
  },
};

/** `--token`, else TINYSPARK_TOKEN (an empty one counts as none), as `tinyspark-emulator` reads them. */
function accessToken(p: Parsed, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const flag = str(p, 'token');
  if (flag !== undefined) {
    if (flag === '') throw new StudioError('STUDIO_ERR_BAD_OPTION', 'emulator: --token must not be empty', { field: 'token' });
    return flag;
  }
  const fromEnv = env['TINYSPARK_TOKEN'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

/** The `--allow-origin` values, each an origin like https://host:port (no path), as `tinyspark-emulator` checks them. */
function originList(raw: unknown): string[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  for (const origin of list) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
      throw new StudioError('STUDIO_ERR_BAD_OPTION', `emulator: --allow-origin must be an origin like https://host:port (no path), got ${origin}`, { field: 'allow-origin' });
    }
  }
  return list;
}
