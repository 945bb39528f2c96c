// The TinySpark course's 3-2-2 worked example as the course computes it (its formulas, including
// the two mistakes the errata list), so `tinyspark explain --course` can print it beside the
// engine's correct numbers. This is a reconstruction of the course's arithmetic, not an engine.

export interface CourseWorkedExample {
  measurement: number[];
  inputScale: number;
  expected: number[];
  /** Row-major per hidden neuron: [w(h0,x0), w(h0,x1), w(h0,x2), w(h1,x0), ...]. */
  weights1: number[];
  /** Row-major per output neuron. */
  weights2: number[];
  learningRate: number;
}

export interface CourseNumbers {
  input: number[];
  hidden: number[];
  output: number[];
  errors: number[];
  /** The error value the course carried into the deltas (its typo: -1.8893 for -1.88385). */
  errorsUsed: number[];
  /** delta_w2[k][j] = error_k x h_j (linear: f' = 1), row-major per output neuron. */
  outputDeltas: number[];
  /** The course's hidden deltas: (sum_k error_k) x h_j x input_i, where the chain rule needs w2[k][j] in place of h_j. */
  hiddenDeltas: number[];
}

/** The course's value of error 0 in the output-layer deltas: it printed -1.8893 for -1.8839. */
export const COURSE_TYPO_ERROR0 = -1.8893;

export function courseMethod(ex: CourseWorkedExample, options: { withTypo: boolean }): CourseNumbers {
  const input = ex.measurement.map((m) => m * ex.inputScale);
  const nIn = input.length;
  const nHidden = ex.weights1.length / nIn;
  const nOut = ex.weights2.length / nHidden;
  const hidden = Array.from({ length: nHidden }, (_, j) => input.reduce((s, x, i) => s + (ex.weights1[j * nIn + i] ?? 0) * x, 0));
  const output = Array.from({ length: nOut }, (_, k) => hidden.reduce((s, h, j) => s + (ex.weights2[k * nHidden + j] ?? 0) * h, 0));
  const errors = output.map((o, k) => o - (ex.expected[k] ?? 0));
  const errorsUsed = options.withTypo ? errors.map((e, k) => (k === 0 ? COURSE_TYPO_ERROR0 : e)) : errors;
  const outputDeltas: number[] = [];
  for (let k = 0; k < nOut; k++) for (let j = 0; j < nHidden; j++) outputDeltas.push((errorsUsed[k] ?? 0) * (hidden[j] ?? 0));
  const errorSum = errorsUsed.reduce((a, b) => a + b, 0);
  const hiddenDeltas: number[] = [];
  for (let j = 0; j < nHidden; j++) for (let i = 0; i < nIn; i++) hiddenDeltas.push(errorSum * (hidden[j] ?? 0) * (input[i] ?? 0));
  return { input, hidden, output, errors, errorsUsed, outputDeltas, hiddenDeltas };
}
