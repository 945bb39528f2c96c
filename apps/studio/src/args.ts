import { Command as Commander, CommanderError, Option } from 'commander';
import { StudioError } from './errors.js';

/** `multiple`: repeatable (`--x a --x b`); `variadic`: one or more values (`--x a b`, repeatable too). */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; variadic?: boolean; default?: string | boolean }>;

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

/** Edit distance (for "did you mean"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The candidates close to `word` (typo or prefix), best first: for "did you mean" messages. */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const scored = candidates
    .map((c) => ({ c, d: c.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, c) }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(Math.max(word.length, c.length) * 0.4)))
    .sort((x, y) => x.d - y.d);
  return scored.map(({ c }) => c);
}

/** " (did you mean x?)" or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const near = suggest(word, candidates).slice(0, 2);
  return near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
}

/**
 * Parses one command's arguments with commander (the options are data: `OptionSpec`). Usage errors
 * are StudioError (exit code 2) naming the option, with "did you mean" for misspelt flags.
 */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec, maxPositionals: number): Parsed {
  const spec: OptionSpec = { ...COMMON_OPTIONS, ...options };
  const prog = new Commander(command)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .helpOption(false)
    .allowExcessArguments(true)
    .showSuggestionAfterError(true)
    .argument('[args...]');
  const attr = new Map<string, string>();
  for (const [name, o] of Object.entries(spec)) {
    // A boolean named "no-x" is a flag of its own here (commander would read it as the negation of --x).
    const negated = name.startsWith('no-') && o.type === 'boolean';
    const flagName = negated ? `--${name}` : `--${name}${o.type === 'string' ? (o.variadic === true ? ' <value...>' : ' <value>') : ''}`;
    const opt = new Option(`${o.short !== undefined ? `-${o.short}, ` : ''}${flagName}`);
    if (o.multiple === true) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    if (o.default !== undefined && !negated) opt.default(o.default);
    attr.set(negated ? `!${opt.attributeName()}` : opt.attributeName(), name);
    prog.addOption(opt);
  }
  try {
    prog.parse(argv, { from: 'user' });
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const msg = raw.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)').replace(/\s*\n\s*/g, ' ');
    // commander names the option as "'-o, --out <value>'" or "'--epoch'": report the long name.
    const quoted = /'([^']+)'/.exec(msg)?.[1] ?? '';
    const flag = /--([\w-]+)/.exec(quoted)?.[1] ?? /-([\w])/.exec(quoted)?.[1];
    const text = err instanceof CommanderError && err.code === 'commander.optionMissingArgument' && flag !== undefined ? `option --${flag} needs a value` : msg;
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${command}: ${text}. Run \`tinyspark ${command} --help\` for the options.`, flag !== undefined ? { field: flag } : {});
  }
  const values: Parsed['values'] = {};
  for (const [k, v] of Object.entries(prog.opts())) {
    const negatedName = attr.get(`!${k}`);
    if (negatedName !== undefined) {
      if (v === false) values[negatedName] = true;
    } else {
      values[attr.get(k) ?? k] = v as string | boolean | string[];
    }
  }
  const parsed: Parsed = { values, positionals: [...prog.args] };
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
