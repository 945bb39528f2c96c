import { it } from 'vitest';
import { perform, trackValues } from '../src/perform.js';
import { GESTURES } from '../src/gestures.js';
it('scratch', () => {
  for (const g of GESTURES) {
    const r = perform(g, { person: 1, seed: 2 });
    const a = trackValues(r.accelerometer); const w = trackValues(r.gyroscope); const p = trackValues(r.proximity);
    let amax = 0, wmax = 0; const mean=[0,0,0];
    for (const v of a) { amax = Math.max(amax, Math.abs(Math.hypot(v[0]!, v[1]!, v[2]!) - 9.81)); for (let i=0;i<3;i++) mean[i]!+=v[i]!/a.length; }
    for (const v of w) wmax = Math.max(wmax, Math.hypot(v[0]!, v[1]!, v[2]!));
    console.log(g.padEnd(14), 'n', a.length, 'onset', r.onsetMs.toFixed(0), 'dur', r.gestureMs.toFixed(0), '|a|-g max', amax.toFixed(2), 'w max', wmax.toFixed(2), 'mean', mean.map(x=>x.toFixed(2)).join(','), 'prox', p[0]![0], p[p.length-1]![0]);
  }
});
