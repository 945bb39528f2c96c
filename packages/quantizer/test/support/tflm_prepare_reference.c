/*
 * Test-only: a plain C99 transcription of the float arithmetic TFLM / the TFLite converter do
 * around the int8 kernels (quantization.md sections 1.4, 1.7, 2, 4.1, 4.3), compiled with gcc so
 * the TS runtime's float32/double rules are checked against real IEEE float/double C arithmetic.
 * Reads one command per line from stdin; floats in C99 hex (%a). Prints one result line each.
 *   M a b c p   QuantizeMultiplier of the FC real multiplier (p=0: per tensor, float32 product;
 *               p=1: per channel, double) -> "multiplier shift"
 *   R s zp      CalculateActivationRangeQuantized RELU6 (float division, roundf) -> "min max"
 *   Q v s zp    QUANTIZE / AffineQuantize: roundf(v / s) + zp, clamped -> "q"
 *   A lo hi     GetAsymmetricQuantizationParams (legacy, float32) -> "scale_bits zp"
 *   B b si sw   bias: roundf(b * (float)(1.0 / (float)(si * sw))), clamped to +-(2^31-1) -> "q"
 *   F v o k     pipeline feature (v - o) * k in float32 -> "bits"
 * Float results are printed as their IEEE-754 float32 bit patterns (unsigned).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quantize_multiplier(double m, int32_t *mult, int *shift) {
  double q;
  int64_t q_fixed;
  if (m == 0.0) {
    *mult = 0;
    *shift = 0;
    return;
  }
  q = frexp(m, shift);
  q_fixed = (int64_t)round(q * (double)(1LL << 31));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++*shift;
  }
  if (*shift < -31) {
    *shift = 0;
    q_fixed = 0;
  }
  *mult = (int32_t)q_fixed;
}

static unsigned long bits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return (unsigned long)u;
}

static float rd(void) { return strtof(strtok(NULL, " \n"), NULL); }
static long rl(void) { return strtol(strtok(NULL, " \n"), NULL, 10); }

int main(void) {
  static char line[4096];
  while (fgets(line, sizeof line, stdin) != NULL) {
    char *op = strtok(line, " \n");
    if (op == NULL) continue;
    if (op[0] == 'M') {
      const float a = rd(), b = rd(), c = rd();
      const long p = rl();
      double real;
      int32_t m;
      int s;
      if (p == 0) {
        const float prod = a * b; /* float32 product, as GetQuantizedConvolutionMultipler */
        real = (double)prod / (double)c;
      } else {
        real = (double)a * (double)b / (double)c;
      }
      quantize_multiplier(real, &m, &s);
      printf("%ld %d\n", (long)m, s);
    } else if (op[0] == 'R') {
      const float s = rd();
      const long zp = rl();
      const float six = 6.0f;
      const float lo_q = 0.0f / s;
      const long lo = zp + (long)roundf(lo_q);
      const long hi = zp + (long)roundf(six / s);
      printf("%ld %ld\n", lo < -128 ? -128L : lo, hi > 127 ? 127L : hi);
    } else if (op[0] == 'Q') {
      const float v = rd(), s = rd();
      const long zp = rl();
      const float q = v / s;
      long r = (long)roundf(q) + zp;
      r = r < -128 ? -128 : r > 127 ? 127 : r;
      printf("%ld\n", r);
    } else if (op[0] == 'A') {
      float lo = rd(), hi = rd();
      const float qmin = -128.0f, qmax = 127.0f;
      float scale, zp_from_min;
      long zp;
      if (lo > 0.0f) lo = 0.0f;
      if (hi < 0.0f) hi = 0.0f;
      scale = (hi - lo) / (qmax - qmin);
      zp_from_min = qmin - lo / scale;
      if (zp_from_min < qmin) zp = -128;
      else if (zp_from_min > qmax) zp = 127;
      else zp = (long)roundf(zp_from_min);
      printf("%lu %ld\n", bits(scale), zp);
    } else if (op[0] == 'B') {
      const float b = rd(), si = rd(), sw = rd();
      const float scaling = si * sw;
      const float inv = (float)(1.0 / (double)scaling);
      const float prod = b * inv;
      double r = (double)roundf(prod);
      if (r > 2147483647.0) r = 2147483647.0;
      if (r < -2147483647.0) r = -2147483647.0;
      printf("%ld\n", (long)r);
    } else if (op[0] == 'F') {
      const float v = rd(), o = rd(), k = rd();
      const float centred = v - o;
      const float f = centred * k;
      printf("%lu\n", bits(f));
    } else {
      return 2;
    }
  }
  return 0;
}
