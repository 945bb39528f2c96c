// Bad input for every command: a clear [studio] message with a stable code and the documented exit code.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let dir: string;
async function run(...argv: string[]): Promise<{ code: number; err: string; out: string }> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return { code, err: io.err(), out: io.out() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-bad-'));
  await writeSyntheticDataset(join(dir, 'data'), 4);
  expect((await run('train', 'data', '--arch', '4', '--epochs', '3', '--out', 'model.json', '--quiet')).code).toBe(0);
  expect((await run('quantize', 'model.json', '--calibration', 'data', '--out', 'model.int8.json', '--quiet')).code).toBe(0);
  await writeFile(join(dir, 'not-json.json'), '{ nope');
  await writeFile(join(dir, 'future.json'), JSON.stringify({ format: 'tinyspark.qmodel', version: 9 }));
});

describe('every command rejects bad input clearly', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['dataset: no subcommand', ['dataset'], 2, /STUDIO_ERR_USAGE: dataset: say what to do/],
    ['dataset: missing folder', ['dataset', 'stats', 'nowhere'], 3, /STUDIO_ERR_DATASET_NOT_FOUND: dataset folder .*nowhere does not exist/],
    ['dataset split: unknown person', ['dataset', 'split', 'data', '--by', 'person', '--holdout', '42', '--out', 's'], 2, /person 42 has no recordings/],
    ['dataset import: missing source', ['dataset', 'import', 'x', '--from', 'nothing.csv'], 3, /STUDIO_ERR_FILE_NOT_FOUND/],
    ['train: missing --out', ['train', 'data'], 2, /STUDIO_ERR_MISSING_OPTION: train: --out is required/],
    ['train: bad optimizer', ['train', 'data', '--optimizer', 'rmsprop', '--out', 'm.json'], 2, /--optimizer must be one of sgd, momentum, adam/],
    ['train: window longer than the recordings', ['train', 'data', '--window', '400', '--out', 'm.json'], 3, /STUDIO_ERR_PIPELINE_MISMATCH/],
    ['eval: not JSON', ['eval', 'not-json.json', 'data'], 3, /STUDIO_ERR_MODEL_FORMAT: .*not-json\.json is not valid JSON/],
    ['infer: missing --input', ['infer', 'model.json'], 2, /--input is required/],
    ['explain: input of the wrong size', ['explain', '--model', 'model.json', '--input', '1,2,3', '--target', 'rise'], 3, /STUDIO_ERR_INPUT_SIZE: --input has 3 number\(s\); the model takes 52/],
    ['explain: unknown target label', ['explain', '--model', 'model.json', '--input', '1,2,3', '--target', 'jump'], 3, /STUDIO_ERR_UNKNOWN_LABEL/],
    ['explain: int8 model', ['explain', '--model', 'model.int8.json', '--input', '1', '--target', '1'], 3, /is an int8 model/],
    ['quantize: int8 model as input', ['quantize', 'model.int8.json', '--calibration', 'data', '--out', 'x.json'], 3, /is an int8 model/],
    ['quantize: missing calibration', ['quantize', 'model.json', '--out', 'x.json'], 2, /--calibration is required/],
    ['export: float model', ['export', 'model.json', '--target', 'c', '--out', 'e'], 3, /is a float model; quantize it first/],
    ['export: unknown target', ['export', 'model.int8.json', '--target', 'rust', '--out', 'e'], 2, /--target must be one of c, circuitpython/],
    ['export: future qmodel version', ['export', 'future.json', '--target', 'c', '--out', 'e'], 3, /STUDIO_ERR_MODEL_FORMAT/],
    ['deploy: missing board', ['deploy', 'model.int8.json'], 2, /--board is required/],
    ['deploy: unreachable board', ['deploy', 'model.int8.json', '--board', 'ws://127.0.0.1:1/boards/x'], 4, /STUDIO_ERR_BOARD_UNREACHABLE/],
    ['verify: no model known for the board', ['verify', '--board', 'ws://127.0.0.1:1/boards/x'], 2, /no model known for ws:\/\/127\.0\.0\.1:1\/boards\/x/],
    ['capture: variation out of range', ['capture', '--board', 'ws://127.0.0.1:1/b', '--label', 'up', '--gesture', 'up', '--variation', '11', '--out', 'd'], 2, /--variation must be between 0 and 10/],
    ['capture: variation not a number', ['capture', '--board', 'ws://127.0.0.1:1/b', '--label', 'up', '--gesture', 'up', '--variation', 'wide', '--out', 'd'], 2, /--variation must be a number/],
    ['capture: variation without a gesture', ['capture', '--board', 'ws://127.0.0.1:1/b', '--label', 'up', '--variation', '2', '--out', 'd'], 2, /--variation needs --gesture/],
    ['capture: bad label', ['capture', '--board', 'ws://127.0.0.1:1/b', '--label', 'no spaces', '--out', 'd'], 2, /STUDIO_ERR_BAD_LABEL/],
    ['demo: bad size', ['demo', '--size', 'huge'], 2, /--size must be one of full, small/],
    ['emulator: bad clock', ['emulator', '--clock', 'sundial'], 2, /--clock must be one of real, virtual/],
  ];
  for (const [name, argv, code, message] of cases) {
    it(name, async () => {
      const r = await run(...argv);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/^\[studio\] STUDIO_ERR_[A-Z_]+: /);
      expect(r.code).toBe(code);
    });
  }
  it('explain --course prints the course numbers beside the correct ones', async () => {
    const r = await run('explain', '--course');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hidden delta w1\[1\]\[1\]\s+0\.07684\s+-0\.07622\s+the course multiplies/);
    expect(r.out).toMatch(/hidden1\s+-1\.01931\s+-1\.01931\s+\(agree\)/);
  });
  it('explain --model shows the engine step', async () => {
    const r = await run('explain', '--model', 'model.json', '--input', Array.from({ length: 52 }, () => '0.5').join(','), '--target', 'rise', '--lr', '0.1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Feedforward/);
    expect(r.out).toMatch(/learning rate 0\.1/);
  });
});
