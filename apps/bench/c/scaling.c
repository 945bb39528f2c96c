/*
 * tinyspark bench: the C reference of the scaling table (docs/benchmarks.md). The same loops as
 * ref.c's W1 (dense forward, softmax, cross-entropy deltas, dense backward, SGD, float32,
 * kernels [in][out]) for any MLP with ReLU hidden layers and a softmax output. Single-threaded.
 *
 * Build: gcc -O3 -march=native -o scaling scaling.c -lm
 * Usage: scaling --sizes 150,32,16,6 --batch 32 [--samples 1024] [--min-seconds 1] [--min-reps 3] [--max-reps 200]
 * Data: mulberry32(42) inputs in [-1,1), label i mod classes; weights glorotInit(sizes, 7); lr 0.05;
 * one timed run = one pass over the samples in order, in batches of `batch`.
 * Output: one JSON line {"samplesPerSecond":...,"seconds":...,"reps":...,"loss":...}.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXL 8

typedef struct { uint32_t a; } Rng;
static double rng_next(Rng *r) {
  r->a += 0x6d2b79f5u;
  uint32_t a = r->a;
  uint32_t t = (a ^ (a >> 15)) * (1u | a);
  t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
  return (double)(t ^ (t >> 14)) / 4294967296.0;
}
static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int L, S[MAXL + 1], BATCH, N;
static float *K[MAXL], *B[MAXL], *GK[MAXL], *GB[MAXL], *A[MAXL + 1], *D[MAXL + 1], *X;
static int *LABEL;

static void dense(const float *in, int n_in, const float *k, const float *bias, int n_out, float *out, int batch, int relu) {
  for (int b = 0; b < batch; b++) {
    float *z = out + b * n_out;
    const float *a = in + b * n_in;
    for (int o = 0; o < n_out; o++) z[o] = bias[o];
    for (int i = 0; i < n_in; i++) {
      float ai = a[i];
      const float *kr = k + i * n_out;
      for (int o = 0; o < n_out; o++) z[o] += ai * kr[o];
    }
    if (relu)
      for (int o = 0; o < n_out; o++) z[o] = z[o] > 0.0f ? z[o] : 0.0f;
  }
}

static void dense_backward(const float *a, int n_in, const float *k, const float *d, int n_out, int batch, float *gk, float *gb, float *dprev) {
  memset(gk, 0, sizeof(float) * (size_t)(n_in * n_out));
  memset(gb, 0, sizeof(float) * (size_t)n_out);
  for (int b = 0; b < batch; b++) {
    const float *db = d + b * n_out;
    const float *ab = a + b * n_in;
    for (int o = 0; o < n_out; o++) gb[o] += db[o];
    for (int i = 0; i < n_in; i++) {
      float ai = ab[i];
      float *gr = gk + i * n_out;
      for (int o = 0; o < n_out; o++) gr[o] += ai * db[o];
    }
    if (dprev) {
      for (int i = 0; i < n_in; i++) {
        const float *kr = k + i * n_out;
        float s = 0;
        for (int o = 0; o < n_out; o++) s += kr[o] * db[o];
        dprev[b * n_in + i] = ab[i] > 0.0f ? s : 0.0f;
      }
    }
  }
}

static double train_pass(void) {
  const float lr = 0.05f;
  int C = S[L];
  double loss_sum = 0;
  int steps = 0;
  for (int start = 0; start < N; start += BATCH) {
    int bs = N - start < BATCH ? N - start : BATCH;
    memcpy(A[0], X + (size_t)start * S[0], sizeof(float) * (size_t)(bs * S[0]));
    for (int l = 0; l < L; l++) dense(A[l], S[l], K[l], B[l], S[l + 1], A[l + 1], bs, l < L - 1);
    float *p = A[L];
    double loss = 0;
    for (int b = 0; b < bs; b++) {
      float *r = p + b * C;
      float mx = r[0];
      for (int o = 1; o < C; o++) mx = r[o] > mx ? r[o] : mx;
      float sum = 0;
      for (int o = 0; o < C; o++) { r[o] = expf(r[o] - mx); sum += r[o]; }
      for (int o = 0; o < C; o++) r[o] /= sum;
      int y = LABEL[start + b];
      float pl = r[y];
      loss -= log(pl > 1e-7f ? (double)pl : 1e-7);
      for (int o = 0; o < C; o++) D[L][b * C + o] = (r[o] - (o == y ? 1.0f : 0.0f)) / (float)bs;
    }
    loss_sum += loss / bs;
    steps++;
    for (int l = L - 1; l >= 0; l--) dense_backward(A[l], S[l], K[l], D[l + 1], S[l + 1], bs, GK[l], GB[l], l > 0 ? D[l] : NULL);
    for (int l = L - 1; l >= 0; l--) {
      for (int i = 0; i < S[l] * S[l + 1]; i++) K[l][i] -= lr * GK[l][i];
      for (int i = 0; i < S[l + 1]; i++) B[l][i] -= lr * GB[l][i];
    }
  }
  return loss_sum / steps;
}

int main(int argc, char **argv) {
  const char *sizes = "150,32,16,6";
  double min_seconds = 1;
  int min_reps = 3, max_reps = 200;
  BATCH = 32;
  N = 1024;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--sizes")) sizes = argv[i + 1];
    else if (!strcmp(argv[i], "--batch")) BATCH = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--samples")) N = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--min-seconds")) min_seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--min-reps")) min_reps = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--max-reps")) max_reps = atoi(argv[i + 1]);
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  int count = 0;
  for (const char *c = sizes; *c && count <= MAXL;) {
    S[count++] = atoi(c);
    while (*c && *c != ',') c++;
    if (*c == ',') c++;
  }
  L = count - 1;
  if (L < 1 || L > MAXL || BATCH < 1 || N < 1) { fprintf(stderr, "bad --sizes/--batch/--samples\n"); return 2; }
  Rng r = {7};
  for (int l = 0; l < L; l++) {
    int fi = S[l], fo = S[l + 1];
    K[l] = malloc(sizeof(float) * (size_t)(fi * fo));
    GK[l] = malloc(sizeof(float) * (size_t)(fi * fo));
    B[l] = calloc((size_t)fo, sizeof(float));
    GB[l] = calloc((size_t)fo, sizeof(float));
  }
  for (int l = 0; l <= L; l++) {
    A[l] = calloc((size_t)(BATCH * S[l]), sizeof(float));
    D[l] = calloc((size_t)(BATCH * S[l]), sizeof(float));
  }
  float *k0[MAXL];
  for (int l = 0; l < L; l++) {
    int fi = S[l], fo = S[l + 1];
    double limit = sqrt(6.0 / (double)(fi + fo));
    k0[l] = malloc(sizeof(float) * (size_t)(fi * fo));
    for (int i = 0; i < fi * fo; i++) k0[l][i] = (float)((2.0 * rng_next(&r) - 1.0) * limit);
  }
  Rng dr = {42};
  X = malloc(sizeof(float) * (size_t)N * (size_t)S[0]);
  LABEL = malloc(sizeof(int) * (size_t)N);
  for (size_t i = 0; i < (size_t)N * (size_t)S[0]; i++) X[i] = (float)(2.0 * rng_next(&dr) - 1.0);
  for (int i = 0; i < N; i++) LABEL[i] = i % S[L];
  double *times = malloc(sizeof(double) * (size_t)max_reps);
  double total = 0, loss = 0;
  int reps = 0;
  /* warm-up pass */
  for (int l = 0; l < L; l++) memcpy(K[l], k0[l], sizeof(float) * (size_t)(S[l] * S[l + 1]));
  train_pass();
  while (reps < min_reps || (total < min_seconds && reps < max_reps)) {
    for (int l = 0; l < L; l++) {
      memcpy(K[l], k0[l], sizeof(float) * (size_t)(S[l] * S[l + 1]));
      memset(B[l], 0, sizeof(float) * (size_t)S[l + 1]);
    }
    double t0 = now_seconds();
    loss = train_pass();
    double dt = now_seconds() - t0;
    times[reps++] = dt;
    total += dt;
  }
  qsort(times, (size_t)reps, sizeof(double), cmp_double);
  double med = reps % 2 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
  printf("{\"samplesPerSecond\":%.6g,\"seconds\":%.6g,\"reps\":%d,\"loss\":%.6g}\n", N / med, med, reps, loss);
  return 0;
}
