import { describe, expect, it } from 'vitest';
import { EmulatorError } from './errors.js';

describe('EmulatorError', () => {
  it('takes (code, message, { field, cause, supported }) and formats [emulator] CODE: field: text', () => {
    const cause = new Error('inner');
    const e = new EmulatorError('EMU_ERR_UNSUPPORTED_RATE', '55 is not supported', { field: 'accelerometer.rateHz', cause, supported: [52, 104] });
    expect(e.message).toBe('[emulator] EMU_ERR_UNSUPPORTED_RATE: accelerometer.rateHz: 55 is not supported');
    expect(e).toMatchObject({ name: 'EmulatorError', code: 'EMU_ERR_UNSUPPORTED_RATE', field: 'accelerometer.rateHz', supported: [52, 104], detail: '55 is not supported' });
    expect(e.cause).toBe(cause);
  });

  it('leaves the field out when there is none, and never repeats a field the text starts with', () => {
    expect(new EmulatorError('EMU_ERR_NO_MODEL', 'no model deployed').message).toBe('[emulator] EMU_ERR_NO_MODEL: no model deployed');
    expect(new EmulatorError('EMU_ERR_INVALID_OPTION', 'hopMs: must be in [1, 60000], got 0', { field: 'hopMs' }).message).toBe(
      '[emulator] EMU_ERR_INVALID_OPTION: hopMs: must be in [1, 60000], got 0',
    );
  });
});
