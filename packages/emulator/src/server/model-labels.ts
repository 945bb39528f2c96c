import { EmulatorError } from '../errors.js';

/** A `prediction` message's `label`: 1..256 characters (protocol v1). */
const MAX_LABEL_CHARS = 256;
/** A `prediction` message's `logits`: 1..1024 values, one per label. */
const MAX_LABELS = 1024;

/**
 * Refuses (EMU_ERR_INVALID_MODEL, naming the label) a model whose labels a `prediction` could not
 * carry: the model would deploy, and every prediction would then fail to encode. Checked before the
 * model replaces the deployed one; every other part of the document is the qmodel validator's.
 */
export function checkModelLabels(model: { readonly [key: string]: unknown }): void {
  const labels = model['labels'];
  if (!Array.isArray(labels)) return;
  if (labels.length > MAX_LABELS) {
    throw new EmulatorError('EMU_ERR_INVALID_MODEL', `${labels.length} labels, more than a prediction carries (${MAX_LABELS})`, { field: 'model.labels' });
  }
  labels.forEach((label: unknown, i) => {
    if (typeof label === 'string' && (label.length === 0 || label.length > MAX_LABEL_CHARS)) {
      throw new EmulatorError('EMU_ERR_INVALID_MODEL', `a label of ${label.length} characters; a prediction label has 1..${MAX_LABEL_CHARS}`, { field: `model.labels[${i}]` });
    }
  });
}
