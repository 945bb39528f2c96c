// Learned gesture files (`tinyspark gesture learn --out`) for the commands that start the built-in
// emulator (`emulator --gestures`, `studio --gestures`).
import { readGestureFile } from '@tinyspark/emulator/learn';
import type { LearnedGestureDoc } from '@tinyspark/emulator/learn';
import { StudioError } from '../errors.js';

/**
 * Reads and validates learned gesture files. A file that is not a `tinyspark.gesture` v1 document
 * is STUDIO_ERR_GESTURE_FILE (exit 3) naming the file and field (`wave.json: examples[0].accel`);
 * a missing one STUDIO_ERR_FILE_NOT_FOUND (exit 3), an unreadable one STUDIO_ERR_IO (exit 5).
 */
export function readGestureFiles(command: string, paths: readonly string[]): LearnedGestureDoc[] {
  const seen = new Map<string, string>();
  return paths.map((path) => {
    let doc: LearnedGestureDoc;
    try {
      doc = readGestureFile(path);
    } catch (err) {
      const e = err as { code?: string; field?: string; message?: string; cause?: { code?: string } };
      if (e.code === 'EMU_ERR_IO') {
        if (e.cause?.code === 'ENOENT') throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `${command}: --gestures ${path} does not exist (write one with \`tinyspark gesture learn\`)`, { field: path, cause: err });
        throw new StudioError('STUDIO_ERR_IO', `${command}: --gestures ${path} cannot be read: ${e.message ?? String(err)}`, { field: path, cause: err });
      }
      if (e.code === 'EMU_ERR_BAD_GESTURE_FILE') throw new StudioError('STUDIO_ERR_GESTURE_FILE', `${command}: ${e.message ?? String(err)}`, { field: e.field ?? path, cause: err });
      throw err;
    }
    const before = seen.get(doc.name);
    if (before !== undefined) throw new StudioError('STUDIO_ERR_GESTURE_FILE', `${command}: ${path} and ${before} both define the gesture "${doc.name}"`, { field: `${path}: name` });
    seen.set(doc.name, path);
    return doc;
  });
}

/** The `--gestures <file...>` values of a parsed command line (commander collects a list). */
export function gestureFileList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
