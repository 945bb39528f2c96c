// Each command's module, loaded when that command runs: `tinyspark demo` loads the demo's modules
// and not the web app's, sim2real's or the rest (the whole registry is ~0.15 s more of start-up).
// The list is the registry's (registry.ts, COMMANDS), in its order; a test keeps the two equal.
import type { Command } from '../command.js';

/** Command name -> its module's command, in the order `tinyspark --help` lists them. */
export const COMMAND_LOADERS: readonly (readonly [string, () => Promise<Command>])[] = [
  ['demo', async () => (await import('./demo-command.js')).demoCommand],
  ['emulator', async () => (await import('./emulator-command.js')).emulatorCommand],
  ['capture', async () => (await import('./capture-command.js')).captureCommand],
  ['dataset', async () => (await import('./dataset-command.js')).datasetCommand],
  ['train', async () => (await import('./train-command.js')).trainCommand],
  ['eval', async () => (await import('./eval-command.js')).evalCommand],
  ['explain', async () => (await import('./explain-command.js')).explainCommand],
  ['quantize', async () => (await import('./quantize-command.js')).quantizeCommand],
  ['check', async () => (await import('./check-command.js')).checkCommand],
  ['infer', async () => (await import('./infer-command.js')).inferCommand],
  ['export', async () => (await import('./export-command.js')).exportCommand],
  ['import-model', async () => (await import('./import-model-command.js')).importModelCommand],
  ['deploy', async () => (await import('./deploy-command.js')).deployCommand],
  ['verify', async () => (await import('./verify-command.js')).verifyCommand],
  ['sim2real', async () => (await import('./sim2real-command.js')).sim2realCommand],
  ['gesture', async () => (await import('./gesture-command.js')).gestureCommand],
  ['studio', async () => (await import('./studio-command.js')).studioCommand],
  ['report', async () => (await import('./report-command.js')).reportCommand],
];

/** Every command name, in the registry's order. */
export const COMMAND_NAMES: readonly string[] = COMMAND_LOADERS.map(([name]) => name);

/** The command of that name, its module loaded now; undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const entry = COMMAND_LOADERS.find(([n]) => n === name);
  return entry === undefined ? undefined : entry[1]();
}

/** Every command (the whole registry), for the overview. */
export async function loadAllCommands(): Promise<readonly Command[]> {
  return (await import('./registry.js')).COMMANDS;
}
