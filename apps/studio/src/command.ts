import type { OptionSpec, Parsed } from './args.js';
import { parseCommandArgs } from './args.js';
import type { StudioIo } from './io.js';
import type { ProgressBar } from './render/progress-bar.js';
import { createProgressBar } from './render/progress-bar.js';
import { resolve } from 'node:path';
import type { Colors } from './colors.js';
import { colorsFor } from './colors.js';

/** What a running command uses to talk to the user. */
export interface CommandContext {
  io: StudioIo;
  /** --json: stdout carries one JSON document, human text is suppressed. */
  json: boolean;
  quiet: boolean;
  /** Colours for stdout text (no-ops for pipes, --json, NO_COLOR). */
  color: Colors;
  /** Colours for stderr text (notes, warnings, errors). */
  errColor: Colors;
  /** Human-readable output (stdout); dropped under --json. */
  print(text: string): void;
  /** Side notes and progress (stderr); dropped under --quiet. */
  note(text: string): void;
  /** A warning the user must see (stderr, yellow on a terminal); kept under --quiet. */
  warn(text: string): void;
  progress(title: string, total: number): ProgressBar;
  /** Resolves a user path against the io's cwd. */
  path(p: string): string;
}

/**
 * One `tinyspark` command, as data: `main` parses `options` with commander (unknown flags get
 * "did you mean"), then calls `run`. A command with `subcommands` (e.g. `dataset stats|check|...`)
 * takes its subcommand as the first positional; an unknown one is a usage error with "did you mean".
 */
export interface Command {
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  options: OptionSpec;
  maxPositionals: number;
  subcommands?: readonly string[];
  /**
   * --json prints the result itself as the document (a contract of its own, e.g. sim2real's
   * `{ balancedAccuracy, accuracy, chance, realToReal, perClass, confusion, labels, ... }`) instead of
   * the `{ ok, command, exitCode, result }` envelope. Errors keep the envelope.
   */
  jsonDocument?: boolean;
  /** Runs the command; returns the JSON result (printed under --json) and the exit code. */
  run(args: Parsed, ctx: CommandContext): Promise<{ result: unknown; exitCode?: number }>;
}

export function createContext(io: StudioIo, json: boolean, quiet: boolean): CommandContext {
  const env = io.env ?? {};
  const color = colorsFor(io.stdout, env, json);
  const errColor = colorsFor(io.stderr, env, json);
  return {
    io,
    json,
    quiet,
    color,
    errColor,
    print(text) {
      if (!json) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note(text) {
      // On a terminal, clear a progress bar being drawn on this line first (it redraws on its next update).
      if (!quiet) io.stderr.write(`${io.stderr.isTTY === true ? '\r\x1b[K' : ''}${text.endsWith('\n') ? text : `${text}\n`}`);
    },
    warn(text) {
      const line = text.endsWith('\n') ? text.slice(0, -1) : text;
      io.stderr.write(`${io.stderr.isTTY === true ? '\r\x1b[K' : ''}${errColor.yellow(line)}\n`);
    },
    progress(title, total) {
      return createProgressBar(io.stderr, title, total, { quiet });
    },
    path(p) {
      return resolve(io.cwd, p);
    },
  };
}

export function parseFor(cmd: Command, argv: string[]): Parsed {
  return parseCommandArgs(cmd.name, argv, cmd.options, cmd.maxPositionals);
}
