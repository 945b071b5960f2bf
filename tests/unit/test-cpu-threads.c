/* The CPU backend's oneDNN ops each run on as many OpenMP threads as their
 * work is worth (lib/cpu/dnnl/dnnl-threads.h): a small layer on one thread,
 * a large one on all. Building and running give the caller its OpenMP
 * thread count back, and an op made for 2 threads computes the same as the
 * reference kernels when the caller has set 1 since. */
#include <omp.h>
#include <stdlib.h>

#include "cpu/dnnl/dnnl-threads.h"
#include "unit.h"

enum { SMALL_SIZE = 8, LARGE_SIZE = 56, LARGE_CHANNELS = 64 };

static void work_picks_threads(void) {
  TrtDnnlWork mnist_conv = {.macs = 627200, .values = 7904};
  TrtDnnlWork mnist_pool = {.values = 12544};
  TrtDnnlWork squeezenet_expand = {.macs = 27878400, .values = 251216};
  TrtDnnlWork medium = {.macs = 60000 * 6 * trt_dnnl_us_per_thread(getenv("OMP_WAIT_POLICY"))};
  TrtDnnlWork huge = {.macs = 1e12};
  /* Sleeping threads cost more to start than spinning ones. */
  CHECK(trt_dnnl_us_per_thread("passive") > trt_dnnl_us_per_thread(NULL));
  CHECK(trt_dnnl_us_per_thread("PASSIVE") == trt_dnnl_us_per_thread("passive"));
  CHECK(trt_dnnl_us_per_thread("active") == trt_dnnl_us_per_thread(NULL));
  omp_set_num_threads(2);
  CHECK_INT(trt_dnnl_threads_for(mnist_conv), 1);
  CHECK_INT(trt_dnnl_threads_for(mnist_pool), 1);
  CHECK_INT(trt_dnnl_threads_for(squeezenet_expand), 2);
  omp_set_num_threads(16);
  int threads = trt_dnnl_threads_for(medium);
  CHECK(threads > 2 && threads < 16);
  CHECK_INT(trt_dnnl_threads_for(huge), 16);
  omp_set_num_threads(1);
  CHECK_INT(trt_dnnl_threads_for(huge), 1);
}

/* The line of layer `name` in the engine's description, or NULL. */
static const char *layer_line(const char *text, const char *name) {
  char word[64];
  snprintf(word, sizeof word, " %s ", name);
  const char *at = strstr(text, word);
  if (!at) return NULL;
  while (at > text && at[-1] != '\n') at--;
  return at;
}

static bool line_has(const char *line, const char *needle) {
  const char *end = line ? strchr(line, '\n') : NULL;
  const char *at = line ? strstr(line, needle) : NULL;
  return at && (!end || at < end);
}

static TrtTensor *convolution(TrtNetwork *net, const char *name, TrtTensor *x, int64_t out,
                              int64_t in, uint32_t seed) {
  char tensor[64];
  snprintf(tensor, sizeof tensor, "%s_w", name);
  TrtConvolutionParams p = trt_convolution_params_default(2);
  p.kernel[0] = p.kernel[1] = 3;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  TrtTensor *w = unit_constant(net, tensor, DIMS(out, in, 3, 3), seed);
  TrtLayer *l = trt_network_add_convolution(net, x, w, NULL, &p);
  trt_layer_set_name(l, name);
  snprintf(tensor, sizeof tensor, "%s_out", name);
  TrtTensor *y = trt_layer_get_output(l, 0);
  trt_tensor_set_name(y, tensor);
  return y;
}

/* Two independent convolutions: one of 2.3 thousand multiply-adds, one of
 * 116 million. */
static TrtNetwork *small_and_large(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *small = trt_network_add_input(net, "small_in", TRT_DATA_TYPE_FLOAT,
                                           &DIMS(1, 1, SMALL_SIZE, SMALL_SIZE));
  TrtTensor *large = trt_network_add_input(
      net, "large_in", TRT_DATA_TYPE_FLOAT, &DIMS(1, LARGE_CHANNELS, LARGE_SIZE, LARGE_SIZE));
  trt_network_mark_output(net, convolution(net, "small_conv", small, 4, 1, 1));
  trt_network_mark_output(net, convolution(net, "large_conv", large, LARGE_CHANNELS,
                                           LARGE_CHANNELS, 2));
  return net;
}

static void bind(const TrtEngine *e, float **bindings, float *small_in, float *large_in,
                 float *small_out, float *large_out) {
  bindings[trt_engine_get_binding_index(e, "small_in")] = small_in;
  bindings[trt_engine_get_binding_index(e, "large_in")] = large_in;
  bindings[trt_engine_get_binding_index(e, "small_conv_out")] = small_out;
  bindings[trt_engine_get_binding_index(e, "large_conv_out")] = large_out;
}

/* Runs the engine on a context made while the caller had `threads_made`
 * OpenMP threads, executed while it has `threads_run`. */
static TrtStatus run_with(TrtEngine *e, int threads_made, int threads_run, float *const *bindings) {
  omp_set_num_threads(threads_made);
  TrtContext *ctx = trt_engine_create_context(e);
  CHECK_INT(omp_get_max_threads(), threads_made);
  if (!ctx) return TRT_STATUS_INTERNAL_ERROR;
  omp_set_num_threads(threads_run);
  TrtStatus s = trt_context_execute(ctx, 1, (void *const *)bindings);
  CHECK_INT(omp_get_max_threads(), threads_run);
  trt_context_free(ctx);
  return s;
}

static void engine_threads_per_layer(void) {
  enum { SMALL = SMALL_SIZE * SMALL_SIZE, LARGE = LARGE_CHANNELS * LARGE_SIZE * LARGE_SIZE };
  static float small_in[SMALL], large_in[LARGE], small_out[4 * SMALL], large_out[LARGE];
  static float small_ref[4 * SMALL], large_ref[LARGE];
  unit_fill(small_in, SMALL, 3);
  unit_fill(large_in, LARGE, 4);
  TrtNetwork *net = small_and_large();
  omp_set_num_threads(2);
  TrtEngine *e = unit_build(net, 0, 1);
  CHECK(e != NULL);
  CHECK_INT(omp_get_max_threads(), 2);
  if (!e) {
    trt_network_free(net);
    return;
  }
  char *text = trt_engine_describe(e);
  CHECK(line_has(layer_line(text, "small_conv"), "dnnl"));
  CHECK(line_has(layer_line(text, "small_conv"), ", 1 thread"));
  CHECK(line_has(layer_line(text, "large_conv"), ", 2 threads"));
  free(text);

  float *bindings[4] = {NULL};
  bind(e, bindings, small_in, large_in, small_out, large_out);
  CHECK_STATUS(run_with(e, 2, 1, bindings), TRT_STATUS_OK);

  setenv("TRTINFER_CPU_REFERENCE", "1", 1);
  TrtEngine *reference = unit_build(net, 0, 1);
  unsetenv("TRTINFER_CPU_REFERENCE");
  CHECK(reference != NULL);
  if (reference) {
    bind(reference, bindings, small_in, large_in, small_ref, large_ref);
    CHECK_STATUS(unit_run(reference, 1, bindings), TRT_STATUS_OK);
    double worst = 0;
    for (int i = 0; i < 4 * SMALL; i++) worst = fmax(worst, fabs(small_out[i] - small_ref[i]));
    for (int i = 0; i < LARGE; i++) worst = fmax(worst, fabs(large_out[i] - large_ref[i]));
    CHECK_NEAR(worst, 0, 1e-4);
  }
  trt_engine_free(reference);
  trt_engine_free(e);
  trt_network_free(net);
}

UNIT_MAIN(work_picks_threads, engine_threads_per_layer)
