import { describe, expect, it } from 'vitest';
import { isQuantizerError, QModelFormatError, QuantizerError } from './errors.js';
import { loadQModel } from './qmodel.js';

describe('QuantizerError', () => {
  it('takes (code, message, { field, cause }) and formats [quantizer] CODE: field: text', () => {
    const cause = new Error('inner');
    const e = new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', 'needs 4 values, got 3', { field: 'weights', cause });
    expect(e.message).toBe('[quantizer] QUANT_ERR_SHAPE_MISMATCH: weights: needs 4 values, got 3');
    expect(e).toMatchObject({ name: 'QuantizerError', code: 'QUANT_ERR_SHAPE_MISMATCH', field: 'weights', detail: 'needs 4 values, got 3' });
    expect(e.cause).toBe(cause);
    expect(new QuantizerError('QUANT_ERR_EMPTY_DATASET', 'no samples').message).toBe('[quantizer] QUANT_ERR_EMPTY_DATASET: no samples');
  });
  it('QModelFormatError is a QuantizerError; load reports the field', () => {
    let err: unknown;
    try {
      loadQModel({ format: 'nope' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QModelFormatError);
    expect(isQuantizerError(err, 'QUANT_ERR_INVALID_DOCUMENT')).toBe(true);
    expect((err as Error).message).toMatch(/^\[quantizer\] QUANT_ERR_INVALID_DOCUMENT: format: /);
  });
});
