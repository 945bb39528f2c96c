import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateTflmArena, generateTflmC } from '../src/codegen/index.js';
import { toTflite } from '../src/tflite/index.js';
import { courseFixture, gestureFixtures } from './support/models.js';

// A C++ program that includes model_data.h, checks the array's alignment and writes the bytes and
// the constants out: the firmware sees exactly toTflite's file.
const MAIN = `#include <cstdint>
#include <cstdio>
#include "model_data.h"
int main() {
  if (reinterpret_cast<std::uintptr_t>(g_model) % 16 != 0) return 3;
  std::fwrite(g_model, 1, g_model_len, stdout);
  std::fprintf(stderr, "%d %d %s %d", g_model_label_count, g_model_input_size, g_model_labels[0], g_model_tensor_arena_size);
  return 0;
}
`;

describe('generateTflmC: model_data.h / model_data.cc in TFLite Micro style, compiled with g++', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyspark-tflm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const [gest, gestPc] = gestureFixtures();
  const cases = [
    ['course, int8 I/O', courseFixture().qmodel, 'int8'],
    ['gesture per-tensor, int8 I/O', gest!.qmodel, 'int8'],
    ['gesture per-channel, float32 I/O', gestPc!.qmodel, 'float32'],
  ] as const;

  it.each(cases)('%s: g++ -std=c++11 -Wall -Wextra -Werror, the array holds toTflite\'s bytes, 16-byte aligned', (_, q, io) => {
    const files = generateTflmC(q, { io });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    writeFileSync(join(dir, 'main.cc'), MAIN);
    const exe = join(dir, 'dump');
    execFileSync('g++', ['-std=c++11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1', '-o', exe, 'main.cc', 'model_data.cc'], { cwd: dir, stdio: 'pipe' });
    const res = execFileSync(exe, { maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(Buffer.from(res).equals(Buffer.from(toTflite(q, { io })))).toBe(true);
    expect(files['model_data.h']).toMatch(/alignas\(16\) extern const unsigned char g_model\[\];/);
    expect(files['model_data.cc']).toMatch(/alignas\(16\) const unsigned char g_model\[\] = \{/);
    expect(files['model_data.cc']).toMatch(/const unsigned int g_model_len = \d+;/);
    expect(files['README.md']).toMatch(io === 'float32' ? /AddQuantize\(\)[\s\S]*AddFullyConnected\(\)[\s\S]*AddDequantize\(\)/ : /MicroMutableOpResolver<1>/);
    expect(files['README.md']).toContain(`${estimateTflmArena(q, io).arenaBytes} bytes`);
  });

  it('the arena estimate: activations of the largest pair, per-channel arrays, bookkeeping', () => {
    const e = estimateTflmArena(gestPc!.qmodel);
    expect(e.activationBytes).toBe(160 + 32); // 156 -> 24: align16(156) + align16(24)
    expect(e.persistentBytes).toBe(64 + 192 + 64 + 48);
    expect(e.arenaBytes % 1024).toBe(0);
    expect(e.arenaBytes).toBeGreaterThan(e.activationBytes + e.persistentBytes + e.overheadBytes);
    expect(() => generateTflmC(gest!.qmodel, { name: '1x' })).toThrow(/QUANT_ERR_INVALID_ARGUMENT: options\.name/);
  });
});
