import type { Command } from '../command.js';
import { datasetCommand } from './dataset-command.js';

/** Every command of the CLI, in the order `tinyspark --help` lists them. */
export const COMMANDS: Command[] = [datasetCommand];
