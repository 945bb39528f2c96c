import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COURSE_SAMPLES, COURSE_WORKED_EXAMPLE } from './course-data.js';
import { compareCourseExample } from './course-comparison.js';
import { courseMethod } from './course-method.js';

const fixture = JSON.parse(readFileSync(new URL('../../../../fixtures/data/tutorial-proximity-gestures.json', import.meta.url), 'utf8'));

describe("the course's 3-2-2 worked example", () => {
  it('embeds the same numbers as the fixture', () => {
    expect(COURSE_WORKED_EXAMPLE.measurement).toEqual(fixture.worked_example.measurement);
    expect(COURSE_WORKED_EXAMPLE.weights1).toEqual(fixture.worked_example.weights1);
    expect(COURSE_WORKED_EXAMPLE.weights2).toEqual(fixture.worked_example.weights2);
    expect(COURSE_WORKED_EXAMPLE.expected).toEqual(fixture.worked_example.expected);
    expect(COURSE_SAMPLES).toEqual(fixture.samples);
  });
  it("reproduces the course's formula: without the typo it gives the errata's 'tutorial formula' numbers", () => {
    const c = courseMethod(COURSE_WORKED_EXAMPLE, { withTypo: false });
    const want = [0.07655, 0.70098, 1.80874, 0.03619, 0.33141, 0.85514];
    c.hiddenDeltas.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? 0, 4));
  });
  it('shows the engine numbers the errata give as correct, and says why each differing one differs', () => {
    const { rows } = compareCourseExample();
    const get = (q: string) => rows.find((r) => r.quantity === q);
    expect(get('hidden1')?.correct).toBeCloseTo(-1.01931, 5);
    expect(get('hidden2')?.correct).toBeCloseTo(-0.48191, 5);
    expect(get('output1')?.correct).toBeCloseTo(-0.88385, 5);
    expect(get('output2')?.correct).toBeCloseTo(0.41126, 5);
    const outDeltas = [1.92023, 0.90785, -0.4192, -0.19819];
    ['w2[1][1]', 'w2[1][2]', 'w2[2][1]', 'w2[2][2]'].forEach((w, i) => expect(get(`output delta ${w}`)?.correct).toBeCloseTo(outDeltas[i] ?? 0, 4));
    const hidden = [-0.07622, -0.69792, -1.80084, -0.0329, -0.30122, -0.77725];
    ['w1[1][1]', 'w1[1][2]', 'w1[1][3]', 'w1[2][1]', 'w1[2][2]', 'w1[2][3]'].forEach((w, i) => {
      const r = get(`hidden delta ${w}`);
      expect(r?.correct).toBeCloseTo(hidden[i] ?? 0, 4);
      expect(r?.why).toMatch(/downstream weight/);
    });
    expect(get('hidden1')?.why).toBe('');
    expect(get('error1 (as used in the deltas)')?.course).toBe(-1.8893);
    expect(get('output delta w2[1][1]')?.why).toMatch(/typo/);
    expect(get('output delta w2[2][1]')?.why).toBe('');
  });
});
