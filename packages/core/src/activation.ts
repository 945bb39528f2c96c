/** Activation functions by name, and their internal numeric codes (switched once per layer). */

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

/** Internal activation codes used by the kernels. */
export const ACT_LINEAR = 0;
export const ACT_RELU = 1;
export const ACT_SIGMOID = 2;
export const ACT_TANH = 3;
export const ACT_SOFTMAX = 4;

export function isActivation(value: unknown): value is Activation {
  return typeof value === 'string' && (ACTIVATIONS as readonly string[]).includes(value);
}

export function activationCode(a: Activation): number {
  switch (a) {
    case 'linear':
      return ACT_LINEAR;
    case 'relu':
      return ACT_RELU;
    case 'sigmoid':
      return ACT_SIGMOID;
    case 'tanh':
      return ACT_TANH;
    case 'softmax':
      return ACT_SOFTMAX;
  }
}
