/* global process, console */
// Bundles the web app (app.js, worker.js, app.css, index.html) into dist/web with esbuild: every
// dependency is inside the bundle, so the page works offline. `node web/build.mjs [outDir]`.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildWeb(outDir = resolve(here, '..', 'dist', 'web')) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src', 'app.ts'), worker: join(here, 'src', 'train-worker.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@tinyspark/source'],
    outdir: outDir,
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
  });
  await copyFile(join(here, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildWeb(process.argv[2] !== undefined ? resolve(process.argv[2]) : undefined);
  console.log(`web app built in ${out}`);
}
