import { describe, expect, it } from 'vitest';
import { parseCReferenceOutput } from './c-reference.js';

describe('parseCReferenceOutput', () => {
  it('reads the data line and one result per workload', () => {
    const r = parseCReferenceOutput(
      [
        '{"kind":"data","first":0.60110375192016363,"classCounts":[712,673,642,690,649,730],"k0":-0.177,"y2":-0.39}',
        '{"kind":"result","workload":"W1","seconds":0.02,"reps":38,"samplesPerSecond":1024000,"accuracy":0.773926,"loss":0.879987}',
        '{"kind":"result","workload":"W2","seconds":0.0002,"reps":200,"samplesPerSecond":5e7,"loss":0.00124051}',
        '',
      ].join('\n'),
    );
    expect(r.first).toBe(0.6011037519201636);
    expect(r.classCounts).toEqual([712, 673, 642, 690, 649, 730]);
    expect(r.results.get('W1')).toMatchObject({ reps: 38, accuracy: 0.773926, loss: 0.879987 });
    expect(r.results.get('W2')!.accuracy).toBeUndefined();
  });

  it('rejects output that is not its JSON lines', () => {
    expect(() => parseCReferenceOutput('Segmentation fault\n')).toThrow(/BENCH_ERR_C_RUN/);
  });
});
