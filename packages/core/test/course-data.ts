// The course's proximity recordings (fixtures/data/tutorial-proximity-gestures.json), as a Dataset.
import fixture from '../../../fixtures/data/tutorial-proximity-gestures.json' with { type: 'json' };

export const course = fixture;

/** Inputs divided by 100 (the course's scaling), one-hot targets, closer first then away. */
export function courseDataset(): { inputs: number[][]; targets: number[][]; labels: string[] } {
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (const label of fixture.labels) {
    for (const row of fixture.samples[label as keyof typeof fixture.samples]) {
      inputs.push(row.map((v) => v * fixture.input_scale));
      targets.push(fixture.one_hot[label as keyof typeof fixture.one_hot]);
    }
  }
  return { inputs, targets, labels: fixture.labels };
}
