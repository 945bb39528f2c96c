// Terminal colours (picocolors): on only where a person reads a terminal.
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours for one stream: off when it is not a TTY (pipes, files, tests), under --json, when
 * NO_COLOR is set to anything (https://no-color.org) or TERM=dumb; FORCE_COLOR (not 0) turns them on.
 */
export function colorsFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>, json: boolean): Colors {
  let on = isTTY && !json;
  if (json || (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '')) on = false;
  else if (env['TERM'] === 'dumb') on = false;
  else if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== '') on = true;
  return pc.createColors(on);
}
