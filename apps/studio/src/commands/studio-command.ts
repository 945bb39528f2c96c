import { choiceOpt, intOpt, str } from '../args.js';
import type { Command } from '../command.js';
import { StudioError } from '../errors.js';
import { gestureFileList, readGestureFiles } from '../gesture/gesture-files.js';
import { startStudioServer } from '../studio-server/start-studio.js';

const HELP = `tinyspark studio [--board <url>] [--data <dir>] [--port 0] [--host 127.0.0.1] [--token T]

Start tinyspark studio, the web app: a local server (127.0.0.1; foreign origins refused) that serves
the app (bundled: works offline), prints its URL and runs until Ctrl-C. Pages: Device (live sensor
traces, LED/NeoPixels, buttons, serial console, perform and fault panels on the emulator), Data
(record, review, rename, move to test, import/export), Train (in a Web Worker in the browser, live
curves, confusion matrix), Deploy (quantize, deployment check, exports, deploy, live classification).
  --board <url>   the board (ws://host:port/boards/<id>; default: a built-in emulator, real clock)
  --data <dir>    the project folder (default ./tinyspark-project): dataset/, test/, model.json,
                  model.int8.json, check.json, verify.json, export/; the CLI reads the same files
  --port N        TCP port (default 0: a free one)
  --host H        interface to bind (default 127.0.0.1; anything else requires a token, one is
                  generated when --token is not given)
  --token T       access token (or TINYSPARK_TOKEN): the printed URL carries it
  --clock real|virtual   clock of the built-in emulator (default real)
  --seed N        seed of the built-in emulator (default 0)
  --gestures <file>...  learned gestures for the built-in emulator (\`tinyspark gesture learn\`),
                  performed like built-in ones (the Device page's perform panel, capture --gesture)
Exit codes: 0 stopped cleanly, 2 bad option, 3 bad gesture file (named), 4 port in use, 5 project folder unusable.`;

export const studioCommand: Command = {
  name: 'studio',
  summary: 'start the web app (capture, train, deploy, live classification in the browser)',
  help: HELP,
  options: { board: { type: 'string', short: 'b' }, data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, clock: { type: 'string' }, seed: { type: 'string' }, gestures: { type: 'string', variadic: true } },
  maxPositionals: 0,
  async run(p, ctx) {
    const board = str(p, 'board');
    const token = str(p, 'token') ?? (process.env['TINYSPARK_TOKEN'] || undefined);
    const gestures = readGestureFiles('studio', gestureFileList(p.values['gestures']).map((f) => ctx.path(f)));
    if (gestures.length > 0 && board !== undefined) throw new StudioError('STUDIO_ERR_BAD_OPTION', 'studio: --gestures loads learned gestures into the built-in emulator; with --board start that emulator with them (`tinyspark emulator --gestures ...`)', { field: 'gestures' });
    const studio = await startStudioServer({
      dataDir: ctx.path(str(p, 'data') ?? 'tinyspark-project'),
      ...(board !== undefined ? { board } : {}),
      host: str(p, 'host') ?? '127.0.0.1',
      port: intOpt('studio', p, 'port', 0, 0, 65535),
      ...(token !== undefined ? { token } : {}),
      emulatorClock: choiceOpt('studio', p, 'clock', ['real', 'virtual'] as const, 'real'),
      emulatorSeed: intOpt('studio', p, 'seed', 0, 0, 0xffffffff),
      ...(gestures.length > 0 ? { emulatorGestures: gestures } : {}),
    });
    ctx.print(`tinyspark studio: open ${studio.url}`);
    ctx.print(`  project folder ${studio.project.dir}`);
    ctx.print(`  board ${studio.boardUrl()}${studio.emulator !== undefined ? ' (built-in emulator)' : ''}`);
    if (ctx.json) ctx.io.stdout.write(`${JSON.stringify({ event: 'listening', url: studio.url, project: studio.project.dir, board: studio.boardUrl() })}\n`);
    ctx.note('press Ctrl-C to stop');
    const signal = ctx.io.signal;
    if (signal !== undefined && !signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await studio.close();
    ctx.note('studio stopped');
    return { result: { url: studio.url, project: studio.project.dir, stopped: true } };
  },
};
