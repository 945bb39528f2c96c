import type { Command } from '../command.js';
import { captureCommand } from './capture-command.js';
import { datasetCommand } from './dataset-command.js';
import { demoCommand } from './demo-command.js';
import { quantizeCommand } from './quantize-command.js';
import { deployCommand } from './deploy-command.js';
import { verifyCommand } from './verify-command.js';
import { emulatorCommand } from './emulator-command.js';
import { evalCommand } from './eval-command.js';
import { exportCommand } from './export-command.js';
import { explainCommand } from './explain-command.js';
import { inferCommand } from './infer-command.js';
import { trainCommand } from './train-command.js';
import { sim2realCommand } from './sim2real-command.js';
import { studioCommand } from './studio-command.js';
import { reportCommand } from './report-command.js';

/** Every command of the CLI, in the order `tinyspark --help` lists them. */
export const COMMANDS: Command[] = [demoCommand, emulatorCommand, captureCommand, datasetCommand, trainCommand, evalCommand, explainCommand, quantizeCommand, inferCommand, exportCommand, deployCommand, verifyCommand, sim2realCommand, studioCommand, reportCommand];
