/*
 * tinyspark bench: drives the quantizer's generated C (model.h / model.c, `model_invoke`) over a
 * file of int8 inputs, with the benchmark timing protocol, and writes the int8 logits back.
 *
 * Build: gcc -O2 -I<dir> -o int8 int8-driver.c <dir>/model.c
 * Usage: int8 <inputs.bin> <n> <logits.bin> [--min-seconds 1] [--min-reps 3] [--max-reps 200]
 * Output: one JSON line {"seconds":..,"reps":..,"samplesPerSecond":..}
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: int8 <inputs.bin> <n> <logits.bin> [options]\n");
    return 2;
  }
  double min_seconds = 1.0;
  int min_reps = 3, max_reps = 200;
  for (int i = 4; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--min-seconds")) min_seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--min-reps")) min_reps = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--max-reps")) max_reps = atoi(argv[i + 1]);
  }
  int n = atoi(argv[2]);
  if (n < 1 || max_reps < 1 || max_reps > 1024) return 2;
  int8_t *in = malloc((size_t)n * MODEL_INPUT_SIZE);
  int8_t *out = malloc((size_t)n * MODEL_OUTPUT_SIZE);
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(in, 1, (size_t)n * MODEL_INPUT_SIZE, f) != (size_t)n * MODEL_INPUT_SIZE) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  fclose(f);
  volatile int sink = 0;
  for (int s = 0; s < n; s++) sink += model_invoke(in + (size_t)s * MODEL_INPUT_SIZE, out + (size_t)s * MODEL_OUTPUT_SIZE);
  static double runs[1024];
  int reps = 0;
  double total = 0;
  while (reps < max_reps && (reps < min_reps || total < min_seconds)) {
    double t0 = now_seconds();
    for (int s = 0; s < n; s++) sink += model_invoke(in + (size_t)s * MODEL_INPUT_SIZE, out + (size_t)s * MODEL_OUTPUT_SIZE);
    double dt = now_seconds() - t0;
    runs[reps++] = dt;
    total += dt;
  }
  qsort(runs, (size_t)reps, sizeof(double), cmp_double);
  double med = reps % 2 ? runs[reps / 2] : 0.5 * (runs[reps / 2 - 1] + runs[reps / 2]);
  f = fopen(argv[3], "wb");
  if (!f || fwrite(out, 1, (size_t)n * MODEL_OUTPUT_SIZE, f) != (size_t)n * MODEL_OUTPUT_SIZE) return 1;
  fclose(f);
  printf("{\"seconds\":%.9g,\"reps\":%d,\"samplesPerSecond\":%.9g}\n", med, reps, n / med);
  return 0;
}
