/*
 * tinyspark bench: the C reference of workloads W1-W4 (see docs/benchmarks.md and the
 * workload spec). Written from the spec for this repository: the same seeded data, initial
 * weights, sample order and float32 math as every JS engine. Single-threaded.
 *
 * Build: gcc -O3 -march=native -o ref ref.c -lm
 * Usage: ref [--workloads W1,W2,W3,W4] [--min-seconds 1] [--min-reps 3] [--max-reps 200]
 *            [--w1-samples 4096] [--w1-epochs 5] [--w2-epochs 1000] [--w3-calls 20000]
 * Output: one JSON object per line: first {"kind":"data",...} then one line per workload.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- shared definitions ---------- */

typedef struct { uint32_t a; } Rng;

static double rng_next(Rng *r) {
  r->a += 0x6d2b79f5u;
  uint32_t a = r->a;
  uint32_t t = (a ^ (a >> 15)) * (1u | a);
  t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
  return (double)(t ^ (t >> 14)) / 4294967296.0;
}

static float signed_uniform(Rng *r) { return (float)(2.0 * rng_next(r) - 1.0); }

static void glorot_init(const int *sizes, int layers, float **kernels, uint32_t seed) {
  Rng r = {seed};
  for (int l = 0; l < layers; l++) {
    int fan_in = sizes[l], fan_out = sizes[l + 1];
    double limit = sqrt(6.0 / (double)(fan_in + fan_out));
    for (int i = 0; i < fan_in * fan_out; i++) kernels[l][i] = (float)((2.0 * rng_next(&r) - 1.0) * limit);
  }
}

static void fisher_yates(int *p, int n, uint32_t seed) {
  Rng r = {seed};
  for (int i = 0; i < n; i++) p[i] = i;
  for (int i = n - 1; i >= 1; i--) {
    int j = (int)floor(rng_next(&r) * (double)(i + 1));
    int t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
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

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof(double), cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* ---------- W1 network 150-32-16-6 ---------- */

#define F 150
#define H1 32
#define H2 16
#define C 6
#define MAXN 4096
#define BATCH 32
#define IBATCH 256

static float X[MAXN * F];
static int LABEL[MAXN];
static float K1[F * H1], K2[H1 * H2], K3[H2 * C];
static float B1[H1], B2[H2], B3[C];
static float K1_0[F * H1], K2_0[H1 * H2], K3_0[H2 * C];

static int w1_samples = MAXN;

static void make_w1_data(int counts[C]) {
  static float P[C * F];
  static float Xall[MAXN * F];
  Rng r = {42};
  for (int i = 0; i < C * F; i++) P[i] = signed_uniform(&r);
  for (int i = 0; i < MAXN * F; i++) Xall[i] = signed_uniform(&r);
  for (int c = 0; c < C; c++) counts[c] = 0;
  for (int i = 0; i < MAXN; i++) {
    int best = 0;
    double best_score = -INFINITY;
    for (int c = 0; c < C; c++) {
      double s = 0;
      for (int f = 0; f < F; f++) s += (double)P[c * F + f] * (double)Xall[i * F + f];
      if (s > best_score) { best_score = s; best = c; }
    }
    LABEL[i] = best;
    counts[best]++;
  }
  memcpy(X, Xall, sizeof(X));
  int sizes[4] = {F, H1, H2, C};
  float *ks[3] = {K1_0, K2_0, K3_0};
  glorot_init(sizes, 3, ks, 7);
}

/* out[b][o] = bias[o] + sum_i in[b][i] * k[i][o], kernel [in][out] */
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

static void softmax_rows(float *z, int batch) {
  for (int b = 0; b < batch; b++) {
    float *r = z + b * C;
    float mx = r[0];
    for (int o = 1; o < C; o++) mx = r[o] > mx ? r[o] : mx;
    float sum = 0;
    for (int o = 0; o < C; o++) { r[o] = expf(r[o] - mx); sum += r[o]; }
    for (int o = 0; o < C; o++) r[o] /= sum;
  }
}

static void forward_w1(const float *x, int batch, float *a1, float *a2, float *p) {
  dense(x, F, K1, B1, H1, a1, batch, 1);
  dense(a1, H1, K2, B2, H2, a2, batch, 1);
  dense(a2, H2, K3, B3, C, p, batch, 0);
  softmax_rows(p, batch);
}

/* gk[i][o] = sum_b a[b][i] d[b][o]; gb[o] = sum_b d[b][o]; dprev[b][i] = sum_o k[i][o] d[b][o] (masked by a > 0) */
static void dense_backward(const float *a, int n_in, const float *k, const float *d, int n_out, int batch,
                           float *gk, float *gb, float *dprev) {
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

static void sgd(float *w, const float *g, int n, float lr) {
  for (int i = 0; i < n; i++) w[i] -= lr * g[i];
}

static double w1_last_loss;

static void w1_train(int epochs, const uint32_t *seeds) {
  static float xb[BATCH * F], a1[BATCH * H1], a2[BATCH * H2], p[BATCH * C];
  static float d3[BATCH * C], d2[BATCH * H2], d1[BATCH * H1];
  static float g1[F * H1], g2[H1 * H2], g3[H2 * C], gb1[H1], gb2[H2], gb3[C];
  static int order[MAXN], yb[BATCH];
  const float lr = 0.05f;
  memcpy(K1, K1_0, sizeof(K1));
  memcpy(K2, K2_0, sizeof(K2));
  memcpy(K3, K3_0, sizeof(K3));
  memset(B1, 0, sizeof(B1));
  memset(B2, 0, sizeof(B2));
  memset(B3, 0, sizeof(B3));
  int n = w1_samples;
  for (int e = 0; e < epochs; e++) {
    fisher_yates(order, n, seeds[e]);
    double loss_sum = 0;
    int steps = 0;
    for (int start = 0; start < n; start += BATCH) {
      int bs = n - start < BATCH ? n - start : BATCH;
      for (int r = 0; r < bs; r++) {
        memcpy(xb + r * F, X + order[start + r] * F, sizeof(float) * F);
        yb[r] = LABEL[order[start + r]];
      }
      forward_w1(xb, bs, a1, a2, p);
      double loss = 0;
      for (int b = 0; b < bs; b++) {
        float pl = p[b * C + yb[b]];
        loss -= log(pl > 1e-7f ? (double)pl : 1e-7);
        for (int o = 0; o < C; o++) d3[b * C + o] = (p[b * C + o] - (o == yb[b] ? 1.0f : 0.0f)) / (float)bs;
      }
      loss_sum += loss / bs;
      steps++;
      dense_backward(a2, H2, K3, d3, C, bs, g3, gb3, d2);
      dense_backward(a1, H1, K2, d2, H2, bs, g2, gb2, d1);
      dense_backward(xb, F, K1, d1, H1, bs, g1, gb1, NULL);
      sgd(K3, g3, H2 * C, lr);
      sgd(B3, gb3, C, lr);
      sgd(K2, g2, H1 * H2, lr);
      sgd(B2, gb2, H2, lr);
      sgd(K1, g1, F * H1, lr);
      sgd(B1, gb1, H1, lr);
    }
    w1_last_loss = loss_sum / steps;
  }
}

static int argmax6(const float *p) {
  int best = 0;
  for (int o = 1; o < C; o++)
    if (p[o] > p[best]) best = o;
  return best;
}

static double w1_accuracy(void) {
  static float a1[IBATCH * H1], a2[IBATCH * H2], p[IBATCH * C];
  int correct = 0;
  for (int start = 0; start < w1_samples; start += IBATCH) {
    int bs = w1_samples - start < IBATCH ? w1_samples - start : IBATCH;
    forward_w1(X + start * F, bs, a1, a2, p);
    for (int b = 0; b < bs; b++) correct += argmax6(p + b * C) == LABEL[start + b];
  }
  return (double)correct / w1_samples;
}

static int w3_correct;
static void w3_calls(int calls) {
  float in[F], a1[H1], a2[H2], p[C];
  int correct = 0;
  for (int i = 0; i < calls; i++) {
    int s = i % w1_samples;
    memcpy(in, X + s * F, sizeof(in)); /* the input goes into the library */
    forward_w1(in, 1, a1, a2, p);
    correct += argmax6(p) == LABEL[s];
  }
  w3_correct = correct;
}

static float W4_OUT[MAXN * C];
static void w4_pass(void) {
  static float a1[IBATCH * H1], a2[IBATCH * H2];
  for (int start = 0; start < w1_samples; start += IBATCH) {
    int bs = w1_samples - start < IBATCH ? w1_samples - start : IBATCH;
    forward_w1(X + start * F, bs, a1, a2, W4_OUT + start * C);
  }
}

/* ---------- W2 network 3-2-2, linear, no bias, per-sample SGD ---------- */

static float X2[10 * 3], Y2[10 * 2], M0[3 * 2], M1[2 * 2], M0_0[3 * 2], M1_0[2 * 2];

static void make_w2_data(void) {
  Rng r = {42};
  float m[6];
  for (int i = 0; i < 6; i++) m[i] = signed_uniform(&r);
  for (int i = 0; i < 30; i++) X2[i] = signed_uniform(&r);
  for (int s = 0; s < 10; s++)
    for (int j = 0; j < 2; j++) {
      double acc = 0;
      for (int i = 0; i < 3; i++) acc += (double)X2[s * 3 + i] * (double)m[i * 2 + j];
      Y2[s * 2 + j] = (float)acc;
    }
  int sizes[3] = {3, 2, 2};
  float *ks[2] = {M0_0, M1_0};
  glorot_init(sizes, 2, ks, 7);
}

static void w2_forward(const float *x, float *h, float *y) {
  for (int o = 0; o < 2; o++) h[o] = x[0] * M0[0 * 2 + o] + x[1] * M0[1 * 2 + o] + x[2] * M0[2 * 2 + o];
  for (int o = 0; o < 2; o++) y[o] = h[0] * M1[0 * 2 + o] + h[1] * M1[1 * 2 + o];
}

static void w2_train(int epochs) {
  const float lr = 0.01f;
  memcpy(M0, M0_0, sizeof(M0));
  memcpy(M1, M1_0, sizeof(M1));
  for (int e = 0; e < epochs; e++)
    for (int s = 0; s < 10; s++) {
      const float *x = X2 + s * 3;
      float h[2], y[2], d[2], dh[2];
      w2_forward(x, h, y);
      d[0] = y[0] - Y2[s * 2];
      d[1] = y[1] - Y2[s * 2 + 1];
      for (int i = 0; i < 2; i++) dh[i] = M1[i * 2] * d[0] + M1[i * 2 + 1] * d[1];
      for (int i = 0; i < 2; i++)
        for (int o = 0; o < 2; o++) M1[i * 2 + o] -= lr * (h[i] * d[o]);
      for (int i = 0; i < 3; i++)
        for (int o = 0; o < 2; o++) M0[i * 2 + o] -= lr * (x[i] * dh[o]);
    }
}

static double w2_loss(void) {
  double total = 0;
  for (int s = 0; s < 10; s++) {
    float h[2], y[2];
    w2_forward(X2 + s * 3, h, y);
    for (int j = 0; j < 2; j++) {
      double d = (double)y[j] - (double)Y2[s * 2 + j];
      total += 0.5 * d * d;
    }
  }
  return total / 10;
}

/* ---------- timing protocol ---------- */

static double min_seconds = 1.0;
static int min_reps = 3, max_reps = 200;
static double runs[1024];

/* Repeats `body` at least min_reps times, until min_seconds of timed work or max_reps; median seconds. */
#define TIMED(nrep, med, body)                                              \
  do {                                                                      \
    double total_ = 0;                                                      \
    nrep = 0;                                                               \
    while (nrep < max_reps && (nrep < min_reps || total_ < min_seconds)) { \
      double t0_ = now_seconds();                                           \
      body;                                                                 \
      double dt_ = now_seconds() - t0_;                                     \
      runs[nrep++] = dt_;                                                   \
      total_ += dt_;                                                        \
    }                                                                       \
    med = median(runs, nrep);                                               \
  } while (0)

int main(int argc, char **argv) {
  const char *workloads = "W1,W2,W3,W4";
  int w1_epochs = 5, w2_epochs = 1000, w3_n = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--workloads")) workloads = argv[i + 1];
    else if (!strcmp(argv[i], "--min-seconds")) min_seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--min-reps")) min_reps = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--max-reps")) max_reps = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--w1-samples")) w1_samples = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--w1-epochs")) w1_epochs = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--w2-epochs")) w2_epochs = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--w3-calls")) w3_n = atoi(argv[i + 1]);
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (w1_samples < 1 || w1_samples > MAXN || w1_epochs < 1 || w1_epochs > 64 || max_reps > 1024 || min_reps < 1) {
    fprintf(stderr, "option out of range\n");
    return 2;
  }
  int counts[C];
  make_w1_data(counts);
  make_w2_data();
  Rng first = {42};
  printf("{\"kind\":\"data\",\"first\":%.17g,\"classCounts\":[%d,%d,%d,%d,%d,%d],\"k0\":%.9g,\"y2\":%.9g}\n",
         rng_next(&first), counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], (double)K1_0[0],
         (double)Y2[0]);
  fflush(stdout);

  uint32_t seeds[64];
  for (int e = 0; e < w1_epochs; e++) seeds[e] = 1000u + (uint32_t)e;
  uint32_t warm_seed = 999u;
  int trained = 0;
  int nrep;
  double med;

  if (strstr(workloads, "W1") || strstr(workloads, "W3") || strstr(workloads, "W4")) {
    w1_train(1, &warm_seed); /* warm-up epoch on a throwaway model */
    if (strstr(workloads, "W1")) {
      TIMED(nrep, med, w1_train(w1_epochs, seeds));
      printf("{\"kind\":\"result\",\"workload\":\"W1\",\"seconds\":%.9g,\"reps\":%d,\"samplesPerSecond\":%.9g,"
             "\"accuracy\":%.6f,\"loss\":%.6f}\n",
             med, nrep, (double)w1_epochs * w1_samples / med, w1_accuracy(), w1_last_loss);
      fflush(stdout);
    } else {
      w1_train(w1_epochs, seeds);
    }
    trained = 1;
  }
  if (strstr(workloads, "W2")) {
    w2_train(w2_epochs); /* warm-up run */
    TIMED(nrep, med, w2_train(w2_epochs));
    printf("{\"kind\":\"result\",\"workload\":\"W2\",\"seconds\":%.9g,\"reps\":%d,\"samplesPerSecond\":%.9g,"
           "\"loss\":%.8f}\n",
           med, nrep, 10.0 * w2_epochs / med, w2_loss());
    fflush(stdout);
  }
  if (trained && strstr(workloads, "W3")) {
    w3_calls(500); /* warm-up calls */
    TIMED(nrep, med, w3_calls(w3_n));
    printf("{\"kind\":\"result\",\"workload\":\"W3\",\"seconds\":%.9g,\"reps\":%d,\"samplesPerSecond\":%.9g,"
           "\"accuracy\":%.6f}\n",
           med, nrep, w3_n / med, (double)w3_correct / w3_n);
    fflush(stdout);
  }
  if (trained && strstr(workloads, "W4")) {
    w4_pass(); /* warm-up pass */
    TIMED(nrep, med, w4_pass());
    int correct = 0;
    for (int s = 0; s < w1_samples; s++) correct += argmax6(W4_OUT + s * C) == LABEL[s];
    printf("{\"kind\":\"result\",\"workload\":\"W4\",\"seconds\":%.9g,\"reps\":%d,\"samplesPerSecond\":%.9g,"
           "\"accuracy\":%.6f}\n",
           med, nrep, w1_samples / med, (double)correct / w1_samples);
    fflush(stdout);
  }
  return 0;
}
