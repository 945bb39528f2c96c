// `tinyspark export --target tfjs` and `tinyspark import-model model.json`: the files on disk, the round
// trip back to the same model document, and clear errors. (tf.loadLayersModel on the export is proven in
// packages/core/test/tfjs-layers-model.test.ts.)
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let dir: string;
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string; json: () => { ok: boolean; result: Record<string, unknown>; error?: { code: string; message: string; field?: string } } }> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out().trim().split('\n').pop() ?? '{}') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-tfjs-'));
  await writeSyntheticDataset(join(dir, 'data'), 4);
  expect((await run('train', 'data', '--arch', '6', '--epochs', '3', '--out', 'model.json', '--quiet')).code).toBe(0);
}, 240_000);

describe('tfjs LayersModel files', () => {
  it('export --target tfjs writes model.json + group1-shard1of1.bin; import-model --like gives back the same document', async () => {
    const e = await run('export', 'model.json', '--target', 'tfjs', '--out', 'tfjs', '--json');
    expect(e.code).toBe(0);
    expect(e.json().result).toEqual({ target: 'tfjs', files: [join(dir, 'tfjs', 'model.json'), join(dir, 'tfjs', 'group1-shard1of1.bin')] });
    const mj = JSON.parse(await readFile(join(dir, 'tfjs', 'model.json'), 'utf8'));
    expect(mj.format).toBe('layers-model');
    expect(mj.modelTopology.class_name).toBe('Sequential');
    expect(mj.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    const original = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const bin = await readFile(join(dir, 'tfjs', 'group1-shard1of1.bin'));
    const params = original.layers.reduce((a: number, l: { units: number; inputSize: number }) => a + l.units * (l.inputSize + 1), 0);
    expect(bin.length).toBe(params * 4);

    const i = await run('import-model', 'tfjs/model.json', '--like', 'model.json', '--out', 'back.json', '--json');
    expect(i.code).toBe(0);
    expect(i.json().result).toMatchObject({ kind: 'tfjs', model: join(dir, 'back.json'), layers: 2, outputs: 3, warnings: [] });
    const back = JSON.parse(await readFile(join(dir, 'back.json'), 'utf8'));
    expect(back.format).toBe('tinyspark.model');
    expect(back.layers).toEqual(original.layers); // every parameter, bit for bit (shortest float32 decimals)
    expect(back.labels).toEqual(original.labels);
    expect(back.pipeline).toEqual(original.pipeline);
    expect(back.loss).toBe(original.loss);
    expect(back.training).toMatchObject({ importedFrom: 'tfjs-layers-model', source: 'model.json' });

    // the imported model is a model like any other: eval gives the same accuracy
    const a = await run('eval', 'model.json', 'data', '--json');
    const b = await run('eval', 'back.json', 'data', '--json');
    expect(b.code).toBe(0);
    expect(b.json().result['accuracy']).toBe(a.json().result['accuracy']);
  }, 240_000);

  it('import-model without --like: default name, placeholder pipeline with a warning, --labels', async () => {
    const i = await run('import-model', 'tfjs/model.json', '--labels', 'a,b,c');
    expect(i.code).toBe(0);
    expect(i.err).toMatch(/input pipeline is a placeholder/);
    expect(i.out).toMatch(/wrote .*tfjs\/model\.tinyspark\.json \(tfjs: 2 dense layer\(s\), \d+ inputs, 3 outputs\)/);
    const doc = JSON.parse(await readFile(join(dir, 'tfjs', 'model.tinyspark.json'), 'utf8'));
    expect(doc.labels).toEqual(['a', 'b', 'c']);
    expect(doc.pipeline.axes).toEqual(['input']);
    expect(doc.pipeline.windowLength).toBe(doc.layers[0].inputSize);
  });

  it('bad input: unsupported layer, missing weights file, wrong label count, not tfjs, .tflite, int8 model to tfjs', async () => {
    await mkdir(join(dir, 'conv'), { recursive: true });
    const mj = JSON.parse(await readFile(join(dir, 'tfjs', 'model.json'), 'utf8'));
    mj.modelTopology.config.layers[1].class_name = 'Conv2D';
    await writeFile(join(dir, 'conv', 'model.json'), JSON.stringify(mj));
    await writeFile(join(dir, 'conv', 'group1-shard1of1.bin'), await readFile(join(dir, 'tfjs', 'group1-shard1of1.bin')));
    const c = await run('import-model', 'conv/model.json', '--json');
    expect(c.code).toBe(3);
    expect(c.json().error).toMatchObject({ code: 'STUDIO_ERR_MODEL_FORMAT', field: 'modelTopology.config.layers[1].class_name' });
    expect(c.json().error?.message).toMatch(/CORE_ERR_TFJS_UNSUPPORTED: modelTopology\.config\.layers\[1\]\.class_name: Conv2D layers are not supported/);

    await rm(join(dir, 'conv', 'group1-shard1of1.bin'));
    mj.modelTopology.config.layers[1].class_name = 'Dense';
    await writeFile(join(dir, 'conv', 'model.json'), JSON.stringify(mj));
    const m = await run('import-model', 'conv/model.json');
    expect(m.code).toBe(3);
    expect(m.err).toMatch(/STUDIO_ERR_FILE_NOT_FOUND: .*group1-shard1of1\.bin \(weightsManifest\[0\]\.paths\[0\]\) does not exist/);

    const l = await run('import-model', 'tfjs/model.json', '--labels', 'a,b', '--out', 'x.json');
    expect(l.code).toBe(3);
    expect(l.err).toMatch(/has 3 outputs but 2 label\(s\)/);
    const n = await run('import-model', 'model.json', '--out', 'x.json');
    expect(n.code).toBe(3);
    expect(n.err).toMatch(/already a tinyspark model/);
    await writeFile(join(dir, 'm.tflite'), new Uint8Array(16));
    expect((await run('import-model', 'm.tflite')).code).toBe(3);
    expect((await run('import-model')).code).toBe(2);
    expect((await run('import-model', 'nowhere/model.json')).code).toBe(3);
    expect((await run('export', 'model.json', '--target', 'tfjs')).code).toBe(2);
  });
});
