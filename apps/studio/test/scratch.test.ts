import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

it('scratch', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ts-scratch-'));
  for (const args of [['demo', '--size', 'small', '--out', 'd1'], ['demo', '--size', 'small', '--out', 'd3', '--seed', '2'], ['demo', '--size', 'small', '--out', 'd4', '--seed', '3']]) {
    const io = createBufferedIo(dir);
    const t0 = performance.now();
    const code = await main([...args, '--json'], io);
    const r = JSON.parse(io.out()).result;
    console.log(args.join(' '), code, performance.now() - t0, r?.floatAccuracy, r?.int8Accuracy, r?.onDeviceAccuracy, JSON.stringify(r?.seconds), code ? io.err() : '');
  }
  console.log(dir);
});
