import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBufferedIo } from '../io.js';
import { main } from '../main.js';
import { loadDataset } from './dataset-store.js';
import { convertRecording, parseImportConversion } from './convert-recording.js';

const G = 9.80665;

describe('dataset import from another device', () => {
  it('converts units, maps axes, drops sensors and resamples band-limited', () => {
    const n = 200; // 2 s at 100 Hz
    const rec = {
      label: 'up',
      intervalMs: 10,
      axes: ['accX', 'accY', 'accZ', 'gyrX', 'gyrY', 'gyrZ'],
      units: ['m/s2', 'm/s2', 'm/s2', 'rad/s', 'rad/s', 'rad/s'],
      values: Array.from({ length: n }, (_, k) => [0.1, 0.2, 1, 0, 0, k]),
    };
    const c = parseImportConversion({ units: 'g', rate: '104', axisMap: 'x=-y,y=x,z=z', sensors: 'accel' });
    const out = convertRecording(rec, c, 'phone.csv');
    expect(out.axes).toEqual(['ax', 'ay', 'az']);
    expect(out.units).toEqual(['m/s2', 'm/s2', 'm/s2']);
    expect(out.intervalMs).toBeCloseTo(1000 / 104, 12);
    expect(out.values).toHaveLength(208);
    for (const row of out.values) {
      expect(row[0]).toBeCloseTo(-0.2 * G, 9);
      expect(row[1]).toBeCloseTo(0.1 * G, 9);
      expect(row[2]).toBeCloseTo(G, 9);
    }
  });

  it('bad flags are usage errors naming the flag', () => {
    expect(() => parseImportConversion({ units: 'furlong' })).toThrowError(expect.objectContaining({ code: 'STUDIO_ERR_BAD_OPTION', field: 'units' }));
    expect(() => parseImportConversion({ axisMap: 'x=y,y=y,z=z' })).toThrowError(expect.objectContaining({ code: 'STUDIO_ERR_BAD_OPTION', field: 'axis-map' }));
    expect(() => parseImportConversion({ sensors: 'magnetometer' })).toThrowError(expect.objectContaining({ field: 'sensors' }));
    expect(() => parseImportConversion({ rate: '-1' })).toThrowError(expect.objectContaining({ field: 'rate' }));
  });

  it('tinyspark dataset import --units g --rate 104 --axis-map ... --sensors accel, from CSV and from a { recordings } file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-import-'));
    const rows = Array.from({ length: 100 }, (_, k) => `${k * 10},0,0.5,1,3,4,5`).join('\n');
    await writeFile(join(dir, 'phone.csv'), `timestamp,ax,ay,az,gx,gy,gz,label\n${rows.split('\n').map((r) => `${r},shake`).join('\n')}\n`);
    const io = createBufferedIo(dir);
    const code = await main(['dataset', 'import', 'data', '--from', 'phone.csv', '--units', 'g', '--rate', '104', '--axis-map', 'x=-y,y=x,z=z', '--sensors', 'accel', '--quiet'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const ds = await loadDataset(join(dir, 'data'));
    expect(ds.recordings).toHaveLength(1);
    const r = ds.recordings[0]!;
    expect([r.label, r.axes.join(','), r.values.length]).toEqual(['shake', 'ax,ay,az', 104]);
    expect(r.values[50]![0]).toBeCloseTo(-0.5 * G, 9);
    expect(r.values[50]![2]).toBeCloseTo(G, 9);
    await writeFile(join(dir, 'wii.json'), JSON.stringify({ recordings: [{ label: 'up', ax: [0, 0, 0], ay: [1, 1, 1], az: [0, 0, 0] }, { label: 'down', ax: [0, 0], ay: [0, 0], az: [1, 1] }] }));
    const io2 = createBufferedIo(dir);
    expect(await main(['dataset', 'import', 'wii', '--from', 'wii.json', '--interval-ms', '10', '--axis-map', 'x=-y,y=x,z=z', '--quiet'], io2)).toBe(0);
    const wii = await loadDataset(join(dir, 'wii'));
    const up = wii.recordings.find((x) => x.label === 'up')!;
    expect(up.values[0]![0]).toBeCloseTo(-G, 9);
    expect(up.intervalMs).toBe(10);
    const io3 = createBufferedIo(dir);
    expect(await main(['dataset', 'import', 'x', '--from', 'phone.csv', '--axis-map', 'x=x'], io3)).toBe(2);
    expect(io3.err()).toMatch(/axis-map/);
  });
});
