/* FP16 engines and the timing cache file, on a small convolutional
 * classifier (conv 3x3 + ReLU, conv 3x3, global average pool, Gemm,
 * softmax):
 *  - an FP16 CUDA engine agrees with the FP32 one within 1e-2 relative on
 *    every output (the products run in half precision on tensor cores, the
 *    rest in float32);
 *  - a build with a timing cache writes one entry per timed convolution; a
 *    rebuild with the same cache times nothing (the file does not grow),
 *    chooses the same algorithms and computes the same outputs; an FP16
 *    build adds its own entries, since its timings differ.
 * Exits 77 (SKIP) without a GPU. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#define BATCH 4
#define C 32
#define S 16
#define CLASSES 10

static int failures, passes;

static void check(bool ok, const char *what) {
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  ok ? passes++ : failures++;
}

static float weight(unsigned i) {
  return (float)((i * 2654435761u) >> 20 & 1023) / 1024.0f - 0.5f;
}

static TrtEngine *build(TrtLogger *logger, TrtPrecision precision, const char *cache,
                        double *seconds) {
  static float w1[C * 3 * 9], w2[C * C * 9], b1[C], fc[CLASSES * C];
  for (unsigned i = 0; i < C * 3 * 9; i++) w1[i] = weight(i) * 0.5f;
  for (unsigned i = 0; i < C * C * 9; i++) w2[i] = weight(i + 7777) * 0.2f;
  for (unsigned i = 0; i < C; i++) b1[i] = weight(i + 99) * 0.1f;
  for (unsigned i = 0; i < CLASSES * C; i++) fc[i] = weight(i + 4242);
  TrtBuilder *b = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(b);
  TrtBuilderConfig *config = trt_builder_config_new();
  trt_builder_config_set_backend(config, TRT_BACKEND_CUDA);
  trt_builder_config_set_precision(config, precision);
  trt_builder_config_set_max_batch_size(config, BATCH);
  trt_builder_config_set_timing_cache(config, cache);
  TrtDims xd = {4, {-1, 3, S, S}}, w1d = {4, {C, 3, 3, 3}}, w2d = {4, {C, C, 3, 3}},
          b1d = {1, {C}}, fcd = {2, {CLASSES, C}};
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &xd);
  TrtConvolutionParams cp = trt_convolution_params_default(2);
  cp.kernel[0] = cp.kernel[1] = 3;
  cp.pad_begin[0] = cp.pad_begin[1] = cp.pad_end[0] = cp.pad_end[1] = 1;
  cp.activation.type = TRT_ACTIVATION_RELU;
  TrtLayer *conv1 = trt_network_add_convolution(
      net, x, trt_network_add_constant(net, "w1", TRT_DATA_TYPE_FLOAT, &w1d, w1),
      trt_network_add_constant(net, "b1", TRT_DATA_TYPE_FLOAT, &b1d, b1), &cp);
  cp.activation.type = TRT_ACTIVATION_NONE;
  cp.stride[0] = cp.stride[1] = 2;
  TrtLayer *conv2 = trt_network_add_convolution(
      net, trt_layer_get_output(conv1, 0),
      trt_network_add_constant(net, "w2", TRT_DATA_TYPE_FLOAT, &w2d, w2), NULL, &cp);
  TrtPoolingParams pp = trt_pooling_params_default(TRT_POOLING_AVERAGE, 2);
  pp.global = 1;
  TrtTensor *pool_in[1] = {trt_layer_get_output(conv2, 0)};
  TrtLayer *pool = trt_network_add_layer(net, TRT_LAYER_POOLING, pool_in, 1, &pp, 1);
  TrtAxisParams fp = {.axis = 1};
  TrtTensor *flat_in[1] = {trt_layer_get_output(pool, 0)};
  TrtLayer *flatten = trt_network_add_layer(net, TRT_LAYER_FLATTEN, flat_in, 1, &fp, 1);
  TrtGemmParams gp = {.alpha = 1.0f, .beta = 1.0f, .transpose_b = 1};
  TrtTensor *gemm_in[2] = {trt_layer_get_output(flatten, 0),
                           trt_network_add_constant(net, "fc", TRT_DATA_TYPE_FLOAT, &fcd, fc)};
  TrtLayer *gemm = trt_network_add_layer(net, TRT_LAYER_GEMM, gemm_in, 2, &gp, 1);
  TrtSoftmaxParams smp = {.axis = -1};
  TrtTensor *soft_in[1] = {trt_layer_get_output(gemm, 0)};
  TrtLayer *soft = trt_network_add_layer(net, TRT_LAYER_SOFTMAX, soft_in, 1, &smp, 1);
  trt_network_mark_output(net, trt_layer_get_output(gemm, 0));
  trt_network_mark_output(net, trt_layer_get_output(soft, 0));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  TrtEngine *e = trt_builder_build_engine(b, net, config);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  *seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(b);
  return e;
}

typedef struct {
  float logits[BATCH * CLASSES], probs[BATCH * CLASSES];
} Outputs;

static bool run(TrtEngine *e, Outputs *out) {
  static float x[BATCH * 3 * S * S];
  for (unsigned i = 0; i < BATCH * 3 * S * S; i++) x[i] = weight(i + 31337) * 4.0f;
  TrtContext *ctx = trt_engine_create_context(e);
  void *bindings[3] = {x, out->logits, out->probs};
  bool ok = ctx && trt_context_execute(ctx, BATCH, bindings) == TRT_STATUS_OK;
  trt_context_free(ctx);
  return ok;
}

static int count_lines(const char *path) {
  FILE *f = fopen(path, "r");
  int n = 0, ch;
  if (!f) return 0;
  while ((ch = fgetc(f)) != EOF) n += ch == '\n';
  fclose(f);
  return n;
}

/* Worst |a - b| / max(|b|, floor) over n values. */
static double worst_relative(const float *a, const float *b, int n, double floor) {
  double worst = 0;
  for (int i = 0; i < n; i++) {
    double d = fabs((double)a[i] - b[i]) / fmax(fabs((double)b[i]), floor);
    if (!(d <= worst)) worst = isnan(d) ? INFINITY : d;
  }
  return worst;
}

static char *tactics(TrtEngine *e) {
  char *text = trt_engine_describe(e);
  return text ? text : strdup("");
}

int main(void) {
  if (!trt_backend_is_available(TRT_BACKEND_CUDA, 0)) {
    printf("SKIP: no CUDA device\n");
    return 77;
  }
  TrtLogger *logger = trt_logger_new_console(TRT_SEVERITY_WARNING);
  char cache[] = "/tmp/trtinfer-timing-cache-XXXXXX";
  int fd = mkstemp(cache);
  if (fd < 0) return 1;
  close(fd);
  unlink(cache); /* a missing file is an empty cache */
  double t_first, t_again, t_fp16, t_fp16_again;
  static Outputs first, again, half, half_again;
  TrtEngine *e1 = build(logger, TRT_PRECISION_FP32, cache, &t_first);
  int lines_first = count_lines(cache);
  TrtEngine *e2 = build(logger, TRT_PRECISION_FP32, cache, &t_again);
  int lines_again = count_lines(cache);
  check(e1 && e2, "FP32 engines build with a timing cache");
  if (!e1 || !e2) return 1;
  printf("builds: %.3f s timing, %.3f s from the cache\n", t_first, t_again);
  check(lines_first == 2, "the first build stores both convolutions");
  check(lines_again == lines_first, "the rebuild times nothing");
  char *d1 = tactics(e1), *d2 = tactics(e2);
  check(strcmp(d1, d2) == 0, "the rebuild chooses the same algorithms");
  check(run(e1, &first) && run(e2, &again) &&
            memcmp(&first, &again, sizeof first) == 0,
        "the rebuild computes the same outputs");

  TrtEngine *h1 = build(logger, TRT_PRECISION_FP16, cache, &t_fp16);
  int lines_fp16 = count_lines(cache);
  TrtEngine *h2 = build(logger, TRT_PRECISION_FP16, cache, &t_fp16_again);
  printf("fp16 builds: %.3f s timing, %.3f s from the cache\n", t_fp16, t_fp16_again);
  check(h1 && h2, "FP16 engines build");
  if (!h1 || !h2) return 1;
  /* FP16 builds time both storage choices (float16 and float32 tensors
   * between layers): at least the two convolutions again, then nothing. */
  check(lines_fp16 >= lines_first + 2 && count_lines(cache) == lines_fp16,
        "FP16 timings are cached apart from FP32 ones, once");
  check(run(h1, &half) && run(h2, &half_again), "the FP16 engines run");
  double logits = worst_relative(half.logits, first.logits, BATCH * CLASSES, 1e-2);
  double probs = worst_relative(half.probs, first.probs, BATCH * CLASSES, 1e-3);
  printf("fp16 vs fp32: worst relative difference %.2e (logits), %.2e (softmax)\n", logits,
         probs);
  check(logits <= 1e-2 && probs <= 1e-2, "FP16 agrees with FP32 within 1e-2 relative");
  check(logits > 0, "FP16 really computes in half precision (results differ a little)");

  /* A cache file that cannot be written warns and still builds. */
  double t;
  TrtEngine *e3 = build(logger, TRT_PRECISION_FP32, "/nonexistent-dir/cache", &t);
  check(e3 != NULL, "an unwritable cache file does not stop the build");

  free(d1);
  free(d2);
  trt_engine_free(e1);
  trt_engine_free(e2);
  trt_engine_free(e3);
  trt_engine_free(h1);
  trt_engine_free(h2);
  unlink(cache);
  trt_logger_free(logger);
  printf("%d passed, %d failed\n", passes, failures);
  return failures ? 1 : 0;
}
