import type { Explanation } from '@tinyspark/core';
import { explainStep, modelFromDocument } from '@tinyspark/core';
import { COURSE_LABELS, COURSE_WORKED_EXAMPLE } from './course-data.js';
import { COURSE_TYPO_ERROR0, courseMethod } from './course-method.js';

export interface ComparedNumber {
  quantity: string;
  /** What the course's text computes (its formulas, its -1.8893 typo). */
  course: number;
  /** What the engine computes (chain rule, exact arithmetic). */
  correct: number;
  /** Empty when they agree to the 5 decimals the course prints. */
  why: string;
}

export interface CourseComparison {
  explanation: Explanation;
  rows: ComparedNumber[];
}

const WHY_TYPO = `the course carried a typo into this step: error1 = ${COURSE_TYPO_ERROR0} instead of -1.88385`;
const WHY_CHAIN = 'the course multiplies the error by the hidden output h_j where the chain rule needs the downstream weight w2[k][j] (and its typo error1 = -1.8893 adds to it)';

/** The course's 3-2-2 worked example through the engine, beside the course's own numbers. */
export function compareCourseExample(): CourseComparison {
  const ex = COURSE_WORKED_EXAMPLE;
  const { model } = modelFromDocument({
    format: 'tinyspark.model',
    version: 1,
    labels: [...COURSE_LABELS],
    pipeline: { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [ex.inputScale], offset: [0], layout: 'time-major' },
    layers: [
      { type: 'dense', inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: [ex.weights1.slice(0, 3), ex.weights1.slice(3, 6)], bias: null },
      { type: 'dense', inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: [ex.weights2.slice(0, 2), ex.weights2.slice(2, 4)], bias: null },
    ],
    loss: 'mse',
  });
  const input = ex.measurement.map((m) => m * ex.inputScale);
  const e = explainStep(model, input, ex.expected, { learningRate: ex.learningRate, loss: 'mse' });
  const course = courseMethod(ex, { withTypo: true });
  const rows: ComparedNumber[] = [];
  const agree = (a: number, b: number): boolean => Math.abs(a - b) < 5e-5;
  const add = (quantity: string, c: number, ok: number, why: string): void => {
    rows.push({ quantity, course: c, correct: ok, why: agree(c, ok) ? '' : why });
  };
  const hiddenL = e.layers[0];
  const outL = e.layers[1];
  if (hiddenL === undefined || outL === undefined) throw new Error('the worked example has two layers');
  course.input.forEach((v, i) => add(`input${i + 1} = reading / 100`, v, e.input[i] ?? Number.NaN, ''));
  course.hidden.forEach((v, j) => add(`hidden${j + 1}`, v, hiddenL.activations[j] ?? Number.NaN, ''));
  course.output.forEach((v, k) => add(`output${k + 1}`, v, e.output[k] ?? Number.NaN, ''));
  course.errorsUsed.forEach((v, k) => add(`error${k + 1} (as used in the deltas)`, v, e.errors[k] ?? Number.NaN, WHY_TYPO));
  for (let k = 0; k < 2; k++) {
    for (let j = 0; j < 2; j++) add(`output delta w2[${k + 1}][${j + 1}]`, course.outputDeltas[k * 2 + j] ?? Number.NaN, outL.weightGradients[k]?.[j] ?? Number.NaN, WHY_TYPO);
  }
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 3; i++) add(`hidden delta w1[${j + 1}][${i + 1}]`, course.hiddenDeltas[j * 3 + i] ?? Number.NaN, hiddenL.weightGradients[j]?.[i] ?? Number.NaN, WHY_CHAIN);
  }
  return { explanation: e, rows };
}

export function formatCourseComparison(c: CourseComparison): string {
  const fmt = (v: number): string => v.toFixed(5).padStart(10);
  const w = Math.max(...c.rows.map((r) => r.quantity.length));
  const lines = [
    "The course's 3-2-2 worked example (chapter 3): readings [5.1, 46.7, 120.5], expected [1, 0], linear, no biases, learning rate 0.01",
    '',
    `${'quantity'.padEnd(w)}  ${'course'.padStart(10)}  ${'correct'.padStart(10)}  why they differ`,
  ];
  for (const r of c.rows) lines.push(`${r.quantity.padEnd(w)}  ${fmt(r.course)}  ${fmt(r.correct)}  ${r.why === '' ? '(agree)' : r.why}`);
  lines.push('');
  lines.push('"course" is the course\'s own arithmetic reproduced step by step (its formulas and its typo); "correct" is the engine:');
  lines.push('delta_w1[j][i] = (sum_k error_k * w2[k][j]) * f\'(hidden_j) * input_i, confirmed by a finite-difference gradient check.');
  lines.push('The course\'s "loss = sum of errors" lets errors cancel; the engine reports 1/2 * sum(error^2), whose gradient is the course\'s delta.');
  return lines.join('\n');
}
