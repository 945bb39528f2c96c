// no-import-cycle: a small local ESLint rule that reports an import which starts a circle of
// relative imports leading back to the file being linted. It follows every static relative
// specifier (`import`, `import type`, `export ... from`, `import('./x.js')`) through the files on
// disk, resolving `./x.js` to x.ts / x.tsx / x.mts / x.js / x/index.ts, so a cycle that runs
// through files outside the current lint run is found too. Package imports (`@tinyspark/...`,
// `node:...`) are not followed: packages cannot form a circle (pnpm's graph is acyclic).
//
// Why our own rule and not eslint-plugin-import-x's no-cycle: this one is ~100 lines with no
// dependency beyond the `typescript` the workspace already has (its preProcessFile scanner
// reads the import list without type-checking).
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs'];

/** @type {Map<string, { mtimeMs: number, imports: { spec: string, target: string }[] }>} */
const cache = new Map();

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Resolve a relative specifier from `fromFile` to a file on disk, or null. */
export function resolveRelative(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [];
  for (const ext of EXTENSIONS) candidates.push(stem + ext);
  candidates.push(base);
  for (const ext of EXTENSIONS) candidates.push(resolve(base, 'index' + ext));
  for (const c of candidates) if (isFile(c)) return c;
  return null;
}

/** The relative imports of a file (cached by modification time). */
function importsOf(file, text) {
  let mtimeMs = -1;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    // a file only in the editor's buffer: use `text`
  }
  const hit = cache.get(file);
  if (text === undefined && hit && hit.mtimeMs === mtimeMs) return hit.imports;
  let source = text;
  if (source === undefined) {
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
  }
  const imports = [];
  for (const f of ts.preProcessFile(source, true, true).importedFiles) {
    if (!f.fileName.startsWith('.')) continue;
    const target = resolveRelative(file, f.fileName);
    if (target !== null) imports.push({ spec: f.fileName, target });
  }
  if (text === undefined) cache.set(file, { mtimeMs, imports });
  return imports;
}

/** A path of files from `start` back to `goal` (both included), or null; depth-first. */
function pathBack(start, goal) {
  const seen = new Set();
  const stack = [];
  const visit = (file) => {
    if (file === goal) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    stack.push(file);
    for (const { target } of importsOf(file)) if (visit(target)) return true;
    stack.pop();
    return false;
  };
  return visit(start) ? [...stack, goal] : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid relative imports (type-only ones included) that lead back to the importing file.' },
    schema: [],
    messages: { cycle: 'Import circle: {{path}}. Move the shared declarations into a leaf module both sides import.' },
  },
  create(context) {
    const file = context.filename;
    const cwd = context.cwd;
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolveRelative(file, spec);
      if (target === null) return;
      const path = target === file ? [file, file] : pathBack(target, file);
      if (path === null) return;
      const shown = [file, ...path].map((p) => relative(cwd, p)).join(' -> ');
      context.report({ node, messageId: 'cycle', data: { path: shown } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

/** The rule as a plugin object for eslint.config.mjs: `plugins: { local: localRules }`. */
export const localRules = { rules: { 'no-import-cycle': noImportCycle } };
