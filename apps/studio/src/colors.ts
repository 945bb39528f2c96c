// Terminal colours (picocolors): on only where a person reads a terminal.
import pc from 'picocolors';
import type { OutputStream } from './io.js';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours for one stream: off when the stream is not a TTY (pipes, files, tests), under --json,
 * when NO_COLOR is set (any value, https://no-color.org) or TERM=dumb. FORCE_COLOR=1 turns them on.
 */
export function colorsFor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>, json: boolean): Colors {
  let on = stream.isTTY === true && !json;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') on = false;
  else if (env['TERM'] === 'dumb') on = false;
  else if (!json && env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== '') on = true;
  return pc.createColors(on);
}
