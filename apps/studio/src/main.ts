import { didYouMean } from './args.js';
import { colorsFor } from './colors.js';
import type { Command } from './command.js';
import { createContext, parseFor } from './command.js';
import { COMMAND_NAMES, loadAllCommands, loadCommand } from './commands/command-loaders.js';
import { EXIT, StudioError, toStudioError } from './errors.js';
import type { StudioIo } from './io.js';

export const VERSION = '0.1.0';

function overview(commands: readonly Command[]): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return `tinyspark ${VERSION}: capture -> train -> quantize -> deploy -> verify, for the TinySpark kit (or its emulator)

usage: tinyspark <command> [options]     (tinyspark <command> --help for each)

${commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`).join('\n')}

Start with \`tinyspark demo\`: the whole workflow on an emulated board, results in ./tinyspark-demo/.
Common options: --json (one JSON document on stdout), --quiet (no progress), --help.
Colours on a terminal only (off for pipes, --json and NO_COLOR).
Exit codes: 0 ok, 1 the job failed, 2 usage error, 3 bad input data, 4 board/network problem
            (incl. port in use), 5 file system problem, 130 interrupted.`;
}

/**
 * Runs the CLI in-process: `argv` without the node/script prefix. Writes to the injected io and
 * returns the exit code (never calls process.exit).
 */
export async function main(argv: string[], io: StudioIo): Promise<number> {
  const [name, ...rest] = argv;
  const wantsJson = rest.includes('--json');
  const quiet = rest.includes('--quiet') || rest.includes('-q');
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout.write(`${overview(await loadAllCommands())}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  // `tinyspark help <command>` = `tinyspark <command> --help`
  if (name === 'help') return main([rest[0] ?? '', '--help'], io);
  const ctx = createContext(io, wantsJson, quiet);
  try {
    // only this command's modules are loaded
    const cmd: Command | undefined = await loadCommand(name);
    if (cmd === undefined) {
      throw new StudioError(
        'STUDIO_ERR_UNKNOWN_COMMAND',
        `unknown command "${name}"${didYouMean(name, [...COMMAND_NAMES])}. Run \`tinyspark --help\` for the list.`,
        { field: 'command' },
      );
    }
    const parsed = parseFor(cmd, rest);
    if (parsed.values['help'] === true) {
      io.stdout.write(`${cmd.help}\n`);
      return EXIT.ok;
    }
    const sub = parsed.positionals[0];
    if (cmd.subcommands !== undefined && sub !== undefined && !cmd.subcommands.includes(sub)) {
      throw new StudioError(
        'STUDIO_ERR_UNKNOWN_COMMAND',
        `unknown ${cmd.name} command "${sub}"${didYouMean(sub, cmd.subcommands)}; one of ${cmd.subcommands.join(', ')}. Run \`tinyspark ${cmd.name} --help\`.`,
        { field: 'subcommand' },
      );
    }
    const { result, exitCode } = await cmd.run(parsed, ctx);
    const code = exitCode ?? EXIT.ok;
    if (wantsJson) io.stdout.write(`${JSON.stringify(cmd.jsonDocument === true ? result : { ok: code === EXIT.ok, command: name, exitCode: code, result })}\n`);
    return code;
  } catch (raw) {
    const err = toStudioError(raw);
    const c = colorsFor(io.stderr, io.env ?? {}, wantsJson);
    io.stderr.write(`${c.red(`[studio] ${err.code}:`)} ${err.message}\n`);
    if (err.code === 'STUDIO_ERR_INTERNAL' && raw instanceof Error && raw.stack) io.stderr.write(`${c.dim(raw.stack)}\n`);
    if (wantsJson) {
      io.stdout.write(`${JSON.stringify({ ok: false, command: name, exitCode: err.exitCode, error: { code: err.code, message: err.message, field: err.field ?? null } })}\n`);
    }
    return err.exitCode;
  }
}
