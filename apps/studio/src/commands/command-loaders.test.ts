import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, loadAllCommands, loadCommand } from './command-loaders.js';
import { COMMANDS } from './registry.js';

describe('command loaders', () => {
  it('load exactly the registry, name for name and in its order', async () => {
    expect(COMMAND_NAMES).toEqual(COMMANDS.map((c) => c.name));
    for (const c of COMMANDS) expect(await loadCommand(c.name)).toBe(c);
    expect(await loadAllCommands()).toBe(COMMANDS);
    expect(await loadCommand('nope')).toBeUndefined();
  });
});
