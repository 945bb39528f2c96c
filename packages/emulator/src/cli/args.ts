import { EmulatorError } from '../errors.js';
import type { StartEmulatorOptions } from '../server/start-emulator.js';

export const CLI_USAGE = `Usage: tinyspark-emulator [--host 127.0.0.1] [--port 8080] [--boards 1|id1,id2] [--seed 0] [--clock real|virtual]

Runs emulated TinySpark boards (ESP32-S3 + LSM6DS3TR-C + APDS-9930) behind a WebSocket server
speaking tinyspark protocol v1. Each board is at ws://<host>:<port>/boards/<id>.

  --host   interface to bind (default 127.0.0.1)
  --port   TCP port, 0 = any free port (default 8080)
  --boards number of boards (ids board-0, board-1, ...) or a comma-separated list of ids (default 1)
  --seed   server seed; board seeds derive from it and the board id (default 0)
  --clock  real (wall clock, default) or virtual (time moves only on sim.clock requests)
  --help   print this text`;

/** Parses the CLI's arguments; throws EMU_ERR_INVALID_OPTION naming the flag. */
export function parseCliArgs(argv: readonly string[]): StartEmulatorOptions & { help?: boolean } {
  const out: StartEmulatorOptions & { help?: boolean } = { host: '127.0.0.1', port: 8080, boards: 1, seed: 0, clock: 'real' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    const bad = (msg: string): never => {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `${flag}: ${msg}`, flag);
    };
    if (value === undefined) bad('needs a value');
    const v = value!;
    switch (flag) {
      case '--host':
        out.host = v;
        break;
      case '--port': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) bad(`must be an integer 0..65535, got ${v}`);
        out.port = n;
        break;
      }
      case '--boards': {
        if (/^\d+$/.test(v)) {
          const n = Number(v);
          if (n < 1) bad('must be at least 1');
          out.boards = n;
        } else {
          out.boards = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
          if (out.boards.length === 0) bad('needs at least one board id');
        }
        break;
      }
      case '--seed': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) bad(`must be an integer 0..4294967295, got ${v}`);
        out.seed = n;
        break;
      }
      case '--clock':
        if (v !== 'real' && v !== 'virtual') bad(`must be real or virtual, got ${v}`);
        out.clock = v as 'real' | 'virtual';
        break;
      default:
        bad('unknown flag (see --help)');
    }
  }
  return out;
}
