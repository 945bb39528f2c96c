import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WriterThread } from './writer-thread.js';

describe('WriterThread', () => {
  it('is not started from the sources (no built atomic-write.js beside it)', async () => {
    expect(await WriterThread.start(new URL('./atomic-write.ts', import.meta.url))).toBeUndefined();
  });

  it('writes through the entry module in its thread and brings its errors back as StudioErrors (code, field)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-writer-thread-'));
    const entry = join(dir, 'fake-atomic-write.mjs');
    await writeFile(
      entry,
      `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
export async function writeSmallFileSafe(root, name, text) {
  if (name === 'bad.json') throw Object.assign(new Error('refusing to write bad.json'), { code: 'STUDIO_ERR_UNSAFE_PATH', field: name });
  if (name === 'odd.json') throw new Error('disk full');
  writeFileSync(join(root, name), text);
  return join(root, name);
}
`,
    );
    const textEntry = join(dir, 'fake-ei-json.mjs');
    await writeFile(textEntry, 'export function recordingToEi(rec) { return { doc: rec.label, values: rec.values }; }\n');
    const t = await WriterThread.start(pathToFileURL(entry), pathToFileURL(textEntry));
    expect(t).toBeDefined();
    // one turn's writes go as one message, a recording's text made in the thread from its values
    const rec = { id: 'r1', label: 'wave', intervalMs: 10, axes: ['ax', 'ay'], units: ['m/s2', 'm/s2'], values: [[0.1, -0], [1e-9, 2.5]] };
    await Promise.all([t!.write(dir, 'a.json', 'A'), t!.write(dir, 'b.json', 'B'), t!.write(dir, 'odd.json', 'x').catch(() => undefined), t!.write(dir, 'rec.json', rec)]);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('A');
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('B');
    expect(await readFile(join(dir, 'rec.json'), 'utf8')).toBe('{"doc":"wave","values":[[0.1,0],[1e-9,2.5]]}');
    await expect(t!.write(dir, 'bad.json', 'x')).rejects.toMatchObject({ code: 'STUDIO_ERR_UNSAFE_PATH', field: 'bad.json', message: 'refusing to write bad.json' });
    await expect(t!.write(dir, 'odd.json', 'x')).rejects.toMatchObject({ code: 'STUDIO_ERR_IO', message: 'disk full' });
    await t!.close();
  });
});
