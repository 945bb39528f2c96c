// The one way the studio writes a file: inside the folder it was told to write to, atomically.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StudioError } from '../errors.js';

/** True when `path` is `root` or inside it (lexically, after resolving both). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (symlinks resolved). */
async function realish(p: string): Promise<string> {
  const abs = resolve(p);
  try {
    return await realpath(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(await realish(parent), basename(abs));
  }
}

/**
 * The path `name` names inside the output folder `root`, or a STUDIO_ERR_UNSAFE_PATH error when it
 * resolves outside it: `..` segments, an absolute name, or a symlink inside `root` that points out.
 * `name` usually comes from data (a label, an id): it is never trusted.
 */
export async function pathInside(root: string, name: string): Promise<string> {
  const path = resolve(root, name);
  const refuse = (): StudioError =>
    new StudioError('STUDIO_ERR_UNSAFE_PATH', `refusing to write ${path}: the name ${JSON.stringify(name)} resolves outside the output folder ${resolve(root)}`, { field: name });
  if (isAbsolute(name) || !isInside(root, path) || path === resolve(root)) throw refuse();
  // One segment directly in root (a recording's file name): only the file itself could be a
  // symlink leading out, and one lstat tells (instead of resolving both paths)
  if (isOneSegment(name)) {
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || !info.isSymbolicLink()) return path;
  }
  const [realRoot, realTarget] = await Promise.all([realish(root), realish(path)]);
  if (!isInside(realRoot, realTarget)) throw refuse();
  return path;
}

/** A plain file name: no separator of any platform, not `.` or `..`. */
function isOneSegment(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\') && !name.includes(sep);
}

/** The temporary file a write goes through: `.<name>.<pid>.<random>.tmp` beside the target. */
export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const TMP_RE = /^\..+\.tmp$/;

/** True for a temporary file name of `writeFileSafe` (what a killed process leaves behind). */
export function isTempName(name: string): boolean {
  return TMP_RE.test(name);
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed writer left in `dir` (those of a process that is no longer
 * running, or without a process id); returns their names. Files of a live process are left alone.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter(isTempName)) {
    const pid = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && pidAlive(Number(pid))) continue;
    try {
      if ((await stat(join(dir, name))).isFile()) {
        await unlink(join(dir, name));
        removed.push(name);
      }
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}

/**
 * Writes `data` to `name` inside the output folder `root`, refusing a name that resolves outside it
 * (see pathInside), creating the folders between, atomically: readers see the old content or the
 * whole new one, never a part (temporary file beside it, then rename). Returns the path written.
 * Every writer of the studio goes through here.
 */
export async function writeFileSafe(root: string, name: string, data: string | Uint8Array): Promise<string> {
  const path = await pathInside(root, name);
  const tmp = tempNameFor(path);
  try {
    // the folders between are made when the write finds them missing (one call fewer per file)
    await writeFile(tmp, data).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, data);
    });
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(path, name, err);
  }
  return path;
}

function writeError(path: string, name: string, err: unknown): StudioError {
  const e = err as NodeJS.ErrnoException;
  const what = e.code === 'EISDIR' || e.code === 'ENOTEMPTY' || e.code === 'EEXIST' ? `${path} is a directory, not a file: move it away` : e.message;
  return new StudioError('STUDIO_ERR_IO', `cannot write ${path}: ${what}`, { field: name, cause: err });
}

/**
 * writeFileSafe for a small file (a recording) named by one path segment: the same checks and the
 * same atomic write (temporary file, rename), made with synchronous calls. For the thousands of
 * small files a capture writes this is several times cheaper than a thread-pool round trip per
 * call; a name of more than one segment, or one that is a symlink now, goes through writeFileSafe.
 */
export async function writeSmallFileSafe(root: string, name: string, data: string | Uint8Array): Promise<string> {
  const path = resolve(root, name);
  if (!isOneSegment(name) || isAbsolute(name) || !isInside(root, path) || path === resolve(root)) return writeFileSafe(root, name, data);
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // not there yet: nothing to follow
  }
  if (link) return writeFileSafe(root, name, data);
  const tmp = tempNameFor(path);
  try {
    try {
      writeFileSync(tmp, data);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(tmp, data);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
    throw writeError(path, name, err);
  }
  return path;
}

/** writeFileSafe for a path the user chose: the output folder is the file's own folder. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const abs = resolve(path);
  await writeFileSafe(dirname(abs), basename(abs), data);
}
