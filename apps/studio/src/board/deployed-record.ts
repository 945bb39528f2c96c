import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../dataset/atomic-write.js';

/** Which model `tinyspark deploy` last sent to which board URL, so `verify` can find it. */
const FILE = '.tinyspark-deployed.json';

export async function rememberDeployed(cwd: string, boardUrl: string, modelPath: string): Promise<void> {
  const all = await readDeployed(cwd);
  all[boardUrl] = modelPath;
  await writeFileAtomic(join(cwd, FILE), `${JSON.stringify(all, null, 2)}\n`);
}

export async function readDeployed(cwd: string): Promise<Record<string, string>> {
  try {
    const v = JSON.parse(await readFile(join(cwd, FILE), 'utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}
