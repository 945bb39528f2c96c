import { parseFor } from './command.js';
import type { Command } from './command.js';
import { createContext } from './command.js';
import { COMMANDS } from './commands/registry.js';
import { EXIT, StudioError, toStudioError } from './errors.js';
import type { StudioIo } from './io.js';

export const VERSION = '0.1.0';

function overview(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return `tinyspark ${VERSION}: capture -> train -> quantize -> deploy -> verify, for the TinySpark kit (or its emulator)

usage: tinyspark <command> [options]     (tinyspark <command> --help for each)

${COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`).join('\n')}

Start with \`tinyspark demo\`: the whole workflow on an emulated board, results in ./tinyspark-demo/.
Common options: --json (one JSON document on stdout), --quiet (no progress), --help.
Exit codes: 0 ok, 1 the job failed, 2 usage error, 3 bad input data, 4 board/network problem,
            5 file system problem, 130 interrupted.`;
}

/**
 * Runs the CLI in-process: `argv` without the node/script prefix. Writes to the injected io and
 * returns the exit code (never calls process.exit).
 */
export async function main(argv: string[], io: StudioIo): Promise<number> {
  const [name, ...rest] = argv;
  const wantsJson = rest.includes('--json');
  const quiet = rest.includes('--quiet') || rest.includes('-q');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const cmd: Command | undefined = COMMANDS.find((c) => c.name === name);
  const ctx = createContext(io, wantsJson, quiet);
  try {
    if (cmd === undefined) {
      const near = COMMANDS.filter((c) => c.name.startsWith(name.slice(0, 2))).map((c) => c.name);
      throw new StudioError(
        'STUDIO_ERR_UNKNOWN_COMMAND',
        `unknown command "${name}"${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}. Run \`tinyspark --help\` for the list.`,
      );
    }
    const parsed = parseFor(cmd, rest);
    if (parsed.values['help'] === true) {
      io.stdout.write(`${cmd.help}\n`);
      return EXIT.ok;
    }
    const { result, exitCode } = await cmd.run(parsed, ctx);
    const code = exitCode ?? EXIT.ok;
    if (wantsJson) io.stdout.write(`${JSON.stringify({ ok: code === EXIT.ok, command: name, exitCode: code, result })}\n`);
    return code;
  } catch (raw) {
    const err = toStudioError(raw);
    io.stderr.write(`[studio] ${err.code}: ${err.message}\n`);
    if (err.code === 'STUDIO_ERR_INTERNAL' && raw instanceof Error && raw.stack) io.stderr.write(`${raw.stack}\n`);
    if (wantsJson) {
      io.stdout.write(`${JSON.stringify({ ok: false, command: name, exitCode: err.exitCode, error: { code: err.code, message: err.message, field: err.field ?? null } })}\n`);
    }
    return err.exitCode;
  }
}
