#!/usr/bin/env node
// Docs link only inside the repository. For every tracked Markdown file (git ls-files '*.md'), this
// fails on:
//   - a link or image (`[text](target)`, `![alt](target)`, `[label]: target`, `<img src="target">`)
//     whose target is an absolute path, resolves outside the repository, or names a missing file;
//   - a `#fragment` into a Markdown file that has no heading with that GitHub-style anchor;
//   - a code span naming a Markdown document by a path outside the repository (`/abs/notes.md`,
//     `../../outside/notes.md`): a reference no reader of the repository has.
// URLs (http:, https:, mailto:) are not fetched.
//
//   node scripts/check-links.mjs            exit 0 when every link resolves, 1 otherwise
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[`*_~]/g, (c) => (c === '_' ? '_' : ''))
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown document's headings (duplicates get -1, -2, ... as on GitHub). */
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

/** Link targets of a Markdown document, outside fenced code blocks, with their line numbers. */
export function links(markdown) {
  const found = [];
  let fence = false;
  markdown.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      return;
    }
    if (fence) return;
    const text = line.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length));
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ line: i + 1, target: m[1], kind: 'link' });
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(text);
    if (def) found.push({ line: i + 1, target: def[1], kind: 'link' });
    for (const m of text.matchAll(/<(?:img|a)\s[^>]*(?:src|href)="([^"]+)"/g)) found.push({ line: i + 1, target: m[1], kind: 'link' });
    for (const m of line.matchAll(/`([^`\s]+\.md)(#[^`\s]*)?`/g)) found.push({ line: i + 1, target: m[1], kind: 'code' });
  });
  return found;
}

/** Problems with the links of one file (paths relative to the repository root). */
export function checkFile(file, read = (p) => readFileSync(p, 'utf8')) {
  const problems = [];
  const abs = join(ROOT, file);
  const markdown = read(abs);
  for (const { line, target, kind } of links(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:, ...
    const [pathPart, fragment] = target.split('#', 2);
    const where = `${file}:${line}`;
    if (kind === 'code') {
      // A code span is only a problem when it names a document outside the repository.
      if (!isAbsolute(pathPart) && !pathPart.startsWith('../')) continue;
      const resolved = isAbsolute(pathPart) ? pathPart : resolve(dirname(abs), pathPart);
      if (isAbsolute(pathPart) || relative(ROOT, resolved).startsWith('..')) {
        problems.push(`${where}: \`${target}\` names a document outside the repository (bring it into docs/ and link it)`);
      }
      continue;
    }
    if (pathPart === '') {
      if (fragment && !anchors(markdown).has(decodeURIComponent(fragment))) problems.push(`${where}: #${fragment}: no such heading in this file`);
      continue;
    }
    if (isAbsolute(pathPart)) {
      problems.push(`${where}: ${target}: an absolute path (link relative to the file, inside the repository)`);
      continue;
    }
    const resolved = resolve(dirname(abs), decodeURIComponent(pathPart));
    const rel = relative(ROOT, resolved);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      problems.push(`${where}: ${target}: resolves outside the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${where}: ${target}: no such file (${rel.split(sep).join('/')})`);
      continue;
    }
    if (fragment && resolved.endsWith('.md') && statSync(resolved).isFile() && !anchors(read(resolved)).has(decodeURIComponent(fragment))) {
      problems.push(`${where}: ${target}: no heading #${fragment} in ${rel.split(sep).join('/')}`);
    }
  }
  return problems;
}

function main() {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && existsSync(join(ROOT, f)));
  const problems = files.flatMap((f) => checkFile(f));
  for (const p of problems) console.error(p);
  console.log(problems.length === 0 ? `check-links: ${files.length} Markdown files, every link inside the repository and present` : `check-links: ${problems.length} broken link(s)`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
