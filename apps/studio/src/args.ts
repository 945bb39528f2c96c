import { parseArgs } from 'node:util';
import { StudioError } from './errors.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies OptionSpec;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** parseArgs with usage errors as StudioError (exit code 2) that name the option. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec, maxPositionals: number): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: ${msg}. Run \`tinyspark ${command} --help\` for the options.`);
  }
  if (parsed.positionals.length > maxPositionals && parsed.values['help'] !== true) {
    throw new StudioError(
      'STUDIO_ERR_USAGE',
      `${command}: unexpected argument "${parsed.positionals[maxPositionals]}". Run \`tinyspark ${command} --help\`.`,
    );
  }
  return parsed;
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireStr(command: string, p: Parsed, name: string, hint: string): string {
  const v = str(p, name);
  if (v === undefined || v === '') {
    throw new StudioError('STUDIO_ERR_MISSING_OPTION', `${command}: --${name} is required (${hint}).`, { field: name });
  }
  return v;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

export function intOpt(command: string, p: Parsed, name: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = str(p, name);
  if (v === undefined) return def;
  if (!/^-?\d+$/.test(v.trim())) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be a whole number, got "${v}".`, { field: name });
  }
  const n = Number(v);
  if (n < min || n > max) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be between ${min} and ${max}, got ${n}.`, { field: name });
  }
  return n;
}

export function numOpt(command: string, p: Parsed, name: string, def: number, min = -Infinity, max = Infinity): number {
  const v = str(p, name);
  if (v === undefined) return def;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be a number, got "${v}".`, { field: name });
  }
  if (n < min || n > max) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be between ${min} and ${max}, got ${n}.`, { field: name });
  }
  return n;
}

export function choiceOpt<T extends string>(command: string, p: Parsed, name: string, choices: readonly T[], def: T): T {
  const v = str(p, name);
  if (v === undefined) return def;
  if (!(choices as readonly string[]).includes(v)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be one of ${choices.join(', ')}; got "${v}".`, { field: name });
  }
  return v as T;
}

/** "32,16" -> [32, 16]; "" -> []. */
export function intListOpt(command: string, p: Parsed, name: string, def: number[]): number[] {
  const v = str(p, name);
  if (v === undefined) return def;
  if (v.trim() === '') return [];
  const parts = v.split(',').map((s) => s.trim());
  if (parts.some((s) => !/^\d+$/.test(s) || Number(s) < 1)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: --${name} must be a comma-separated list of positive whole numbers (e.g. 32,16), got "${v}".`, { field: name });
  }
  return parts.map(Number);
}
