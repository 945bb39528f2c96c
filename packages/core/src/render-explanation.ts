/** Text rendering of an Explanation, laid out like the course's worked examples. */
import type { Explanation } from './explain-step.js';

export interface RenderOptions {
  /** Decimal places (default 5, as the course prints). */
  digits?: number;
  /** Output labels, shown beside the outputs. */
  labels?: string[];
}

function fmt(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Render the explanation as plain text (one line per number the learner computes by hand). */
export function renderExplanation(e: Explanation, options: RenderOptions = {}): string {
  const d = options.digits ?? 5;
  const n = (v: number): string => fmt(v, d);
  const p = (v: number): string => (v < 0 ? `(${n(v)})` : n(v));
  const out: string[] = [];
  const nl = e.layers.length;
  out.push(`Input: [${e.input.map(n).join(', ')}]   expected: [${e.target.map(n).join(', ')}]`);
  out.push('');
  out.push('Feedforward');
  for (const L of e.layers) {
    const name = L.index === nl - 1 ? 'output layer' : `hidden layer ${L.index + 1}`;
    out.push(`  ${name} (${L.activation}, ${L.inputs.length} -> ${L.sums.length})`);
    L.sums.forEach((z, u) => {
      const terms = L.weights[u]!.map((w, i) => `${p(w)} * ${p(L.inputs[i]!)}`);
      if (L.bias) terms.push(`${p(L.bias[u]!)}`);
      out.push(`    sum${u + 1} = ${terms.join(' + ')} = ${n(z)}`);
    });
    L.activations.forEach((a, u) => out.push(`    out${u + 1} = ${L.activation}(${n(L.sums[u]!)}) = ${n(a)}`));
  }
  out.push('');
  out.push('Error (output - expected)');
  e.errors.forEach((err, j) => {
    const label = options.labels?.[j] ? ` (${options.labels[j]})` : '';
    out.push(`  error${j + 1}${label} = ${n(e.output[j]!)} - ${n(e.target[j]!)} = ${n(err)}`);
  });
  out.push(
    e.loss === 'mse'
      ? `Loss = 1/2 * sum(error^2) = ${n(e.lossValue)}`
      : `Loss = -sum(expected * log(output)) = ${n(e.lossValue)}`,
  );
  out.push(`Sum of errors = ${n(e.errorSum)}  (diagnostic only: positive and negative errors cancel)`);
  out.push('');
  out.push(`Backpropagation (learning rate ${e.learningRate})`);
  for (let l = nl - 1; l >= 0; l--) {
    const L = e.layers[l]!;
    const name = l === nl - 1 ? 'output layer' : `hidden layer ${l + 1}`;
    out.push(`  ${name}`);
    L.deltas.forEach((delta, u) => {
      if (l === nl - 1 && e.loss === 'categorical_crossentropy') {
        out.push(`    delta${u + 1} = output${u + 1} - expected${u + 1} = ${n(delta)}  (softmax fused with cross-entropy)`);
      } else if (L.activation === 'softmax') {
        const dot = L.upstream.reduce((acc, g, k) => acc + g * L.activations[k]!, 0);
        out.push(`    delta${u + 1} = out${u + 1} * (error${u + 1} - sum_k error_k * out_k) = ${n(L.activations[u]!)} * (${n(L.upstream[u]!)} - ${p(dot)}) = ${n(delta)}  (softmax Jacobian)`);
      } else if (l === nl - 1) {
        out.push(`    delta${u + 1} = error${u + 1} * f'(sum${u + 1}) = ${n(L.upstream[u]!)} * ${n(L.derivatives[u]!)} = ${n(delta)}`);
      } else {
        const next = e.layers[l + 1]!;
        const terms = next.deltas.map((dk, k) => `${p(dk)} * ${p(next.weights[k]![u]!)}`).join(' + ');
        out.push(`    delta${u + 1} = (${terms}) * f'(sum${u + 1}) = ${n(L.upstream[u]!)} * ${n(L.derivatives[u]!)} = ${n(delta)}`);
      }
    });
    L.weightGradients.forEach((row, u) =>
      row.forEach((g, i) => {
        out.push(
          `    w[${u + 1}][${i + 1}]: gradient = delta${u + 1} * in${i + 1} = ${p(L.deltas[u]!)} * ${p(L.inputs[i]!)} = ${n(g)};  new = ${n(L.weights[u]![i]!)} - ${e.learningRate} * ${p(g)} = ${n(L.newWeights[u]![i]!)}`,
        );
      }),
    );
    if (L.biasGradients && L.bias && L.newBias) {
      L.biasGradients.forEach((g, u) => out.push(`    bias[${u + 1}]: gradient = delta${u + 1} = ${n(g)};  new = ${n(L.bias![u]!)} - ${e.learningRate} * ${p(g)} = ${n(L.newBias![u]!)}`));
    }
  }
  if (e.courseHiddenGradients) {
    out.push('');
    out.push("The course's hidden-layer formula, (sum of errors) * f'(sum) * hidden output * input, would give:");
    e.courseHiddenGradients.forEach((row, j) => out.push(`    w[${j + 1}][*]: ${row.map(n).join(', ')}`));
    out.push('  It multiplies by the hidden output where the chain rule needs the downstream weight; the gradients above are the correct ones.');
  }
  out.push('');
  out.push('After the update');
  e.after.output.forEach((o, j) => out.push(`  out${j + 1} = ${n(o)}   error${j + 1} = ${n(e.after.errors[j]!)}`));
  out.push(`  Loss = ${n(e.after.lossValue)}  (was ${n(e.lossValue)})`);
  return out.join('\n');
}
