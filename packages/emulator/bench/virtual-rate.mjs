// Emulator throughput on the virtual clock: node bench/virtual-rate.mjs [distDir ...]
// For each build: one board streaming accelerometer + gyroscope (104 Hz), a generated scenario of
// gestures back to back (unlabelled motion between them) covering `minutes` of board time, the
// clock advanced in 1 s slices. Samples = 3-axis readings delivered in frames. Builds alternate.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const minutes = Number(process.argv.find((a) => a.startsWith('--minutes='))?.slice(10) ?? 10);
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const batch = Number(process.argv.find((a) => a.startsWith('--batch='))?.slice(8) ?? 50);
if (dirs.length === 0) dirs.push('dist');
const mods = [];
const load = (d, f) => import(pathToFileURL(resolve(d, f)).href);
// builds from before the board folder export everything at the root; newer ones by subpath
for (const d of dirs) mods.push([d, { ...(await load(d, 'index.js')), ...(await load(d, 'board/index.js').catch(() => ({}))), ...(await load(d, 'motion/index.js').catch(() => ({}))) }]);

function run(emu, minutes, moving) {
  const clock = new emu.VirtualClock();
  const board = new emu.Board({ id: 'bench', seed: 7, clock });
  let samples = 0;
  let check = 0;
  board.addListener({ frame: (f) => { samples += f.count; check = (check * 31 + f.raw[0] + f.raw[f.raw.length - 1]) | 0; } });
  board.setDemand('accelerometer', +1);
  board.setDemand('gyroscope', +1);
  const gestures = emu.GESTURES.filter((g) => g !== 'rest' && g !== 'moving_closer' && g !== 'moving_away');
  const endMs = minutes * 60_000;
  if (moving === true) {
    // gestures back to back with unlabelled motion between them, planned `batch` steps ahead
    let planned = 0;
    let nb = 0;
    const t0 = performance.now();
    for (let s = 0; s < minutes * 60; s++) {
      if (planned <= s * 1000 + 1000) {
        const r = board.scenario(undefined, { count: batch, gestures, seed: 11 + nb++, gapMs: [300, 1200] });
        planned = r.endMs;
      }
      clock.advanceTo((s + 1) * 1000);
      board.sync((s + 1) * 1000);
    }
    return { samples, seconds: (performance.now() - t0) / 1000, check };
  }
  const t0 = performance.now();
  for (let s = 0; s < minutes * 60; s++) {
    // 'bench': apps/bench's workload (a gesture every 2 s of board time, rest in between)
    if (moving === 'bench' && s % 2 === 0) board.perform(gestures[(s / 2) % gestures.length], s % 8, s * 7919, undefined);
    clock.advanceTo((s + 1) * 1000);
    board.sync((s + 1) * 1000);
  }
  return { samples, seconds: (performance.now() - t0) / 1000, check, endMs };
}

for (const [d, emu] of mods) run(emu, 0.2, true); // warm-up
const res = new Map(dirs.map((d) => [d, { moving: [], rest: [], bench: [], check: 0 }]));
for (let r = 0; r < rounds; r++) {
  for (const [d, emu] of mods) {
    const m = run(emu, minutes, true);
    const s = run(emu, minutes, false);
    const b = run(emu, minutes, 'bench');
    e0(d).bench.push(b.samples / b.seconds);
    const e = res.get(d);
    e.moving.push(m.samples / m.seconds);
    e.rest.push(s.samples / s.seconds);
    e.check = m.check;
    e.samples = m.samples;
  }
}
function e0(d) { return res.get(d); }
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [d, e] of res) {
  console.log(`${d}: in motion (scenarios of ${batch} steps) ${(med(e.moving) / 1e6).toFixed(2)} M samples/s, at rest ${(med(e.rest) / 1e6).toFixed(2)}, apps/bench mix (gesture every 2 s) ${(med(e.bench) / 1e6).toFixed(2)} M samples/s (${e.samples} samples per ${minutes} min, checksum ${e.check})`);
}
