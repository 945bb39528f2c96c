// Facts from the TinySpark course's gesture mini-project (chapter 3), as recorded in
// fixtures/data/tutorial-proximity-gestures.json (a test checks these agree with that file).
import type { CourseWorkedExample } from './course-method.js';

export const COURSE_LABELS = ['moving_closer', 'moving_away'] as const;

export const COURSE_WORKED_EXAMPLE: CourseWorkedExample = {
  measurement: [5.1, 46.7, 120.5],
  inputScale: 0.01,
  expected: [1, 0],
  weights1: [-0.5, 0.22, -0.91, 0.61, 0.14, -0.48],
  weights2: [0.73, 0.29, -0.29, -0.24],
  learningRate: 0.01,
};

/** The course's recordings: three proximity readings 250 ms apart, oldest first. */
export const COURSE_SAMPLES: Record<(typeof COURSE_LABELS)[number], number[][]> = {
  moving_closer: [
    [0.0, 35.5, 120.1],
    [2.625, 33.375, 127.875],
    [19.0, 56.375, 127.875],
    [47.875, 51.375, 127.875],
    [40.125, 89.375, 127.875],
  ],
  moving_away: [
    [104.54, 2.375, 0.0],
    [127.875, 33.625, 5.4],
    [120.3, 39.125, 0.0],
    [127.875, 103.25, 23.8],
    [127.875, 29.25, 0.0],
  ],
};
