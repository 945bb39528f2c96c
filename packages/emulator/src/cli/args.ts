import { Command, CommanderError, Option } from 'commander';
import { EmulatorError } from '../errors.js';
import type { StartEmulatorOptions } from '../server/start-emulator.js';
import { closest } from './did-you-mean.js';

export const CLI_USAGE = `Usage: tinyspark-emulator [--host 127.0.0.1] [--port 8080] [--boards 1|id1,id2] [--seed 0] [--clock real|virtual]
                          [--token <token>] [--allow-origin <origin>]... [--gestures <file>...] [--json]

Runs emulated TinySpark boards (ESP32-S3 + LSM6DS3TR-C + APDS-9930) behind a WebSocket server
speaking tinyspark protocol v1. Each board is at ws://<host>:<port>/boards/<id>.

  --host          interface to bind (default 127.0.0.1; any other address needs a token)
  --port          TCP port, 0 = any free port (default 8080)
  --boards        number of boards (ids board-0, board-1, ...) or a comma-separated list of ids (default 1)
  --seed          server seed; board seeds derive from it and the board id (default 0)
  --clock         real (wall clock, default) or virtual (time moves only on sim.clock requests)
  --token         clients must present it (Authorization: Bearer <token> or ?token=<token>), else
                  HTTP 401; default: the TINYSPARK_TOKEN environment variable, else none
  --allow-origin  a web page origin allowed to connect besides loopback ones (repeatable); any
                  other Origin gets HTTP 403
  --gestures      learned gesture files (tinyspark gesture learn --out), performed like built-in
                  ones by sim.perform and scenarios; a bad file exits 3 naming the file and field
  --json          machine-readable output: one JSON object per line, no colours
  --help          print this text

Exit codes: 0 stopped cleanly (SIGINT / SIGTERM), 1 internal error, 2 bad flag, 3 bad gesture file,
4 port in use or address not bindable, 5 a gesture file cannot be read, 130 a second SIGINT / SIGTERM while shutting down.`;

/** What the command line asks for: the server's options plus the CLI's own switches. */
export type CliArgs = StartEmulatorOptions & { help?: boolean; json?: boolean; gestureFiles?: string[] };

function bad(flag: string, msg: string): never {
  throw new EmulatorError('EMU_ERR_INVALID_OPTION', `${flag}: ${msg}`, { field: flag });
}

function intIn(flag: string, v: string, max: number): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > max) bad(flag, `must be an integer 0..${max}, got ${v}`);
  return n;
}

function boardsOf(v: string): number | string[] {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n < 1) bad('--boards', 'must be at least 1');
    return n;
  }
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (ids.length === 0) bad('--boards', 'needs at least one board id');
  return ids;
}

/** commander's message ("error: unknown option '--prot'\n(Did you mean --port?)") as one line, and the flag it names. */
function usageError(err: CommanderError, flags: readonly string[]): EmulatorError {
  let msg = err.message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ');
  const quoted = /'([^']+)'/.exec(msg)?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? (/^-\w$/.test(quoted) ? quoted : undefined);
  if (err.code === 'commander.unknownOption' && flag !== undefined && !msg.includes('did you mean')) {
    const near = closest(flag, flags);
    if (near !== undefined) msg += ` (did you mean ${near}?)`;
  }
  const text = err.code === 'commander.optionMissingArgument' && flag !== undefined ? 'needs a value' : msg;
  return new EmulatorError('EMU_ERR_INVALID_OPTION', flag !== undefined && text === 'needs a value' ? `${flag}: ${text}` : text, { field: flag ?? '(arguments)' });
}

/**
 * Parses the CLI's arguments with commander (`--flag value` or `--flag=value`); throws
 * EMU_ERR_INVALID_OPTION naming the flag, with "did you mean" for a misspelt one. `env` supplies
 * TINYSPARK_TOKEN when `--token` is not given.
 */
export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliArgs {
  const program = new Command('tinyspark-emulator')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .helpOption(false)
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .addOption(new Option('-h, --help'))
    .addOption(new Option('--host <host>').default('127.0.0.1'))
    .addOption(new Option('--port <port>').default('8080'))
    .addOption(new Option('--boards <boards>').default('1'))
    .addOption(new Option('--seed <seed>').default('0'))
    .addOption(new Option('--clock <clock>').default('real'))
    .addOption(new Option('--token <token>'))
    .addOption(new Option('--allow-origin <origin>').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .addOption(new Option('--gestures <file...>'))
    .addOption(new Option('--json'));
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw usageError(e, program.options.map((opt) => opt.long ?? '').filter((f) => f !== ''));
    throw e;
  }
  const o = program.opts<{ help?: boolean; host: string; port: string; boards: string; seed: string; clock: string; token?: string; allowOrigin?: string[]; gestures?: string[]; json?: boolean }>();
  const out: CliArgs = { host: o.host, port: intIn('--port', o.port, 65535), boards: boardsOf(o.boards), seed: intIn('--seed', o.seed, 0xffffffff), clock: 'real' };
  if (o.host.trim() === '') bad('--host', 'needs an address');
  if (o.clock !== 'real' && o.clock !== 'virtual') bad('--clock', `must be real or virtual, got ${o.clock}`);
  out.clock = o.clock;
  if (o.token !== undefined) {
    if (o.token === '') bad('--token', 'must not be empty');
    out.token = o.token;
  } else if (env['TINYSPARK_TOKEN'] !== undefined && env['TINYSPARK_TOKEN'] !== '') {
    out.token = env['TINYSPARK_TOKEN'];
  }
  if (o.allowOrigin !== undefined) {
    for (const origin of o.allowOrigin) {
      let url: URL | undefined;
      try {
        url = new URL(origin);
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) bad('--allow-origin', `must be an origin like https://host:port (no path), got ${origin}`);
    }
    out.allowedOrigins = o.allowOrigin;
  }
  if (o.gestures !== undefined) {
    if (o.gestures.length === 0 || o.gestures.some((f) => f.trim() === '')) bad('--gestures', 'needs one or more gesture files');
    out.gestureFiles = o.gestures;
  }
  if (o.help === true) out.help = true;
  if (o.json === true) out.json = true;
  return out;
}
