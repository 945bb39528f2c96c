import type { Command } from '../command.js';
import { captureCommand } from './capture-command.js';
import { checkCommand } from './check-command.js';
import { datasetCommand } from './dataset-command.js';
import { demoCommand } from './demo-command.js';
import { quantizeCommand } from './quantize-command.js';
import { deployCommand } from './deploy-command.js';
import { verifyCommand } from './verify-command.js';
import { emulatorCommand } from './emulator-command.js';
import { evalCommand } from './eval-command.js';
import { exportCommand } from './export-command.js';
import { importModelCommand } from './import-model-command.js';
import { explainCommand } from './explain-command.js';
import { gestureCommand } from './gesture-command.js';
import { inferCommand } from './infer-command.js';
import { trainCommand } from './train-command.js';
import { sim2realCommand } from './sim2real-command.js';
import { studioCommand } from './studio-command.js';
import { reportCommand } from './report-command.js';

/*
 * The command registry. To add a command:
 *   1. write `src/commands/<name>-command.ts` exporting `const <name>Command: Command` (see
 *      command.ts): `name`, `summary` (one line for `tinyspark --help`), `help` (full text, with its
 *      exit codes), `options` as data (`{ 'my-flag': { type: 'string' | 'boolean', short?: 'x' } }`;
 *      --help/--json/--quiet are added for you), `maxPositionals`, optional `subcommands`, and
 *      `run(parsed, ctx)` returning `{ result, exitCode? }` (result = the --json document's `result`);
 *   2. read values with the helpers of args.ts (requireStr, intOpt, numOpt, choiceOpt, flag), which
 *      throw usage errors (exit 2) naming the flag; throw `StudioError(code, message, { field })`
 *      for everything else (errors.ts maps each code to its exit code);
 *   3. print with ctx.print (stdout, dropped under --json), ctx.note (stderr, dropped under --quiet),
 *      ctx.warn (stderr, always); colours only through ctx.color / ctx.errColor;
 *   4. add it to COMMANDS below. Parsing is commander's (args.ts): unknown flags and commands get
 *      "did you mean". Command, flag and JSON field names are contracts: never rename them.
 */

/** Every command of the CLI, in the order `tinyspark --help` lists them. */
export const COMMANDS: Command[] = [demoCommand, emulatorCommand, captureCommand, datasetCommand, trainCommand, evalCommand, explainCommand, quantizeCommand, checkCommand, inferCommand, exportCommand, importModelCommand, deployCommand, verifyCommand, sim2realCommand, gestureCommand, studioCommand, reportCommand];
