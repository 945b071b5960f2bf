/* Channels-last storage on the CPU (core/passes/cpu-channels-last.c): a
 * small CNN whose inner tensors the builder stores N,H,W,C, with a grouped
 * convolution, concats along the channels and along the width, a channel
 * shuffle (reshape to 5-D, transpose, reshape back), a residual add, an
 * activation, max and average pooling. Its outputs must match:
 * - the same network built with the reference kernels only (all planar);
 * - the channels-last engine run on the reference kernels (which compute
 *   on planar copies, the concats on the stored order);
 * - the channels-last engine saved and loaded again. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op-test.h"

#define N 2
#define C 3
#define H 10
#define W 10
#define OUT1 (N * 6 * 5 * 5)
#define OUT2 (N * 4 * H * 2 * W)

static uint32_t seed = 2024;
static float next_value(void) {
  seed = seed * 1664525u + 1013904223u;
  return (float)(seed >> 8) * 0x1p-23f - 1.0f;
}

static TrtTensor *weights(TrtNetwork *net, const char *name, int64_t m, int64_t c, int64_t k) {
  TrtDims d = OP_DIMS(m, c, k, k);
  int64_t n = m * c * k * k;
  float *values = malloc((size_t)n * sizeof *values);
  for (int64_t i = 0; i < n; i++) values[i] = next_value() * 0.5f;
  TrtTensor *t = trt_network_add_constant(net, name, TRT_DATA_TYPE_FLOAT, &d, values);
  free(values);
  return t;
}

static TrtTensor *conv(TrtNetwork *net, const char *name, TrtTensor *x, int64_t c, int64_t m,
                       int64_t k, int64_t groups, bool relu) {
  char wname[64];
  snprintf(wname, sizeof wname, "%s_w", name);
  TrtConvolutionParams p = trt_convolution_params_default(2);
  p.kernel[0] = p.kernel[1] = k;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = k / 2;
  p.groups = groups;
  if (relu) p.activation.type = TRT_ACTIVATION_RELU;
  TrtTensor *w = weights(net, wname, m, c / groups, k);
  return trt_layer_get_output(trt_network_add_convolution(net, x, w, NULL, &p), 0);
}

static TrtTensor *pool(TrtNetwork *net, TrtTensor *x, TrtPoolingType type, int64_t k,
                       int64_t stride, int64_t pad) {
  TrtPoolingParams p = trt_pooling_params_default(type, 2);
  p.kernel[0] = p.kernel[1] = k;
  p.stride[0] = p.stride[1] = stride;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = pad;
  return trt_layer_get_output(trt_network_add_pooling(net, x, &p), 0);
}

/* ShuffleNet's channel shuffle of an N,8,H,W map in `groups` groups. */
static TrtTensor *shuffle(TrtNetwork *net, TrtTensor *x, int64_t groups) {
  TrtDims split = OP_DIMS(N, groups, 8 / groups, H, W), merged = OP_DIMS(N, 8, H, W);
  TrtTensor *s5 = trt_layer_get_output(trt_network_add_reshape(net, x, &split), 0);
  TrtTensor *t5 = trt_layer_get_output(
      trt_network_add_transpose(net, s5, (const int32_t[]){0, 2, 1, 3, 4}, 5), 0);
  return trt_layer_get_output(trt_network_add_reshape(net, t5, &merged), 0);
}

static TrtEngine *build(TrtBuilder *builder) {
  seed = 2024;
  TrtNetwork *net = trt_builder_create_network(builder);
  TrtDims in_dims = OP_DIMS(N, C, H, W);
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &in_dims);
  TrtTensor *a = conv(net, "conv1", x, C, 8, 3, 1, true);
  TrtTensor *b = conv(net, "conv2", a, 8, 4, 1, 1, false);
  TrtTensor *c = conv(net, "conv3", a, 8, 4, 3, 2, false);
  TrtTensor *bc[2] = {b, c};
  TrtTensor *d = trt_layer_get_output(trt_network_add_concat(net, bc, 2, 1), 0);
  TrtTensor *s = shuffle(net, a, 4);
  TrtLayer *add = trt_network_add_elementwise(net, d, s, TRT_ELEMENTWISE_ADD);
  TrtTensor *e = trt_layer_get_output(add, 0);
  TrtLayer *tanh_layer = trt_network_add_activation(net, e, TRT_ACTIVATION_TANH, 0, 0);
  TrtTensor *f = trt_layer_get_output(tanh_layer, 0);
  TrtTensor *g = pool(net, shuffle(net, f, 2), TRT_POOLING_MAX, 2, 2, 0);
  TrtTensor *h = pool(net, g, TRT_POOLING_AVERAGE, 3, 1, 1);
  TrtTensor *out1 = conv(net, "conv4", h, 8, 6, 1, 1, false);
  TrtTensor *wide = trt_layer_get_output(trt_network_add_concat(net, bc, 2, 3), 0);
  TrtTensor *out2 = conv(net, "conv5", wide, 4, 4, 3, 1, false);
  trt_tensor_set_name(out1, "out1");
  trt_tensor_set_name(out2, "out2");
  trt_network_mark_output(net, out1);
  trt_network_mark_output(net, out2);
  TrtBuilderConfig *config = trt_builder_config_new();
  trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
  TrtEngine *engine = trt_builder_build_engine(builder, net, config);
  trt_builder_config_free(config);
  trt_network_free(net);
  return engine;
}

static bool run(TrtEngine *engine, const float *x, float *out1, float *out2) {
  TrtContext *ctx = engine ? trt_engine_create_context(engine) : NULL;
  if (!ctx) return false;
  void *bindings[3];
  bindings[trt_engine_get_binding_index(engine, "x")] = (void *)x;
  bindings[trt_engine_get_binding_index(engine, "out1")] = out1;
  bindings[trt_engine_get_binding_index(engine, "out2")] = out2;
  bool ok = trt_context_execute(ctx, N, bindings) == TRT_STATUS_OK;
  trt_context_free(ctx);
  return ok;
}

static bool describes(const TrtEngine *engine, const char *what) {
  char *text = engine ? trt_engine_describe(engine) : NULL;
  bool found = text && strstr(text, what);
  free(text);
  return found;
}

/* Largest |got - want| / (1e-4 + |want|), and the index where. */
static double worst(const float *got, const float *want, int n, int *at) {
  double w = 0;
  for (int i = 0; i < n; i++) {
    double e = fabs((double)got[i] - want[i]) / (1e-4 + fabs((double)want[i]));
    if (!(e <= w)) {
      w = e;
      *at = i;
    }
  }
  return w;
}

static void compare(const char *name, bool ran, const float *got1, const float *got2,
                    const float *want1, const float *want2) {
  char why[200] = "did not run";
  bool ok = false;
  if (ran) {
    int at1 = 0, at2 = 0;
    double e1 = worst(got1, want1, OUT1, &at1), e2 = worst(got2, want2, OUT2, &at2);
    ok = e1 < 1e-3 && e2 < 1e-3;
    snprintf(why, sizeof why, "relative error %g at out1[%d] (%g vs %g), %g at out2[%d]", e1,
             at1, got1[at1], want1[at1], e2, at2);
  }
  op_report(name, ok, why);
}

void cases_channels_last(void) {
  static float x[N * C * H * W], want1[OUT1], want2[OUT2], got1[OUT1], got2[OUT2];
  for (int i = 0; i < N * C * H * W; i++) x[i] = next_value();
  const char *saved = getenv("TRTINFER_CPU_REFERENCE");
  char *restore = saved ? strdup(saved) : NULL;
  TrtLogger *logger = trt_logger_new_console(TRT_SEVERITY_ERROR);
  TrtBuilder *builder = trt_builder_new(logger);

  unsetenv("TRTINFER_CPU_REFERENCE");
  TrtEngine *fast = build(builder);
  /* With oneDNN in the build, the inner tensors are stored channels-last. */
  bool dnnl = describes(fast, "dnnl");
  op_report("channels_last_chosen_with_onednn", fast && (!dnnl || describes(fast, " NHWC")),
            "no tensor of the engine is stored NHWC");
  bool fast_ran = run(fast, x, got1, got2);

  setenv("TRTINFER_CPU_REFERENCE", "1", 1);
  TrtEngine *planar = build(builder);
  op_report("channels_last_not_chosen_for_reference", planar && !describes(planar, " NHWC"),
            "reference-only engine stores tensors NHWC");
  bool planar_ran = run(planar, x, want1, want2);
  if (!planar_ran) op_report("channels_last_planar_engine_runs", false, "build or run failed");
  compare("channels_last_onednn_vs_planar_reference", fast_ran && planar_ran, got1, got2, want1,
          want2);
  memset(got1, 0, sizeof got1);
  memset(got2, 0, sizeof got2);
  compare("channels_last_reference_kernels_vs_planar",
          planar_ran && run(fast, x, got1, got2), got1, got2, want1, want2);

  void *bytes = NULL;
  size_t size = 0;
  TrtRuntime *runtime = trt_runtime_new(logger);
  TrtEngine *loaded = fast && trt_engine_serialize(fast, &bytes, &size) == TRT_STATUS_OK
                          ? trt_runtime_deserialize_engine(runtime, bytes, size)
                          : NULL;
  memset(got1, 0, sizeof got1);
  memset(got2, 0, sizeof got2);
  compare("channels_last_engine_file_round_trip", planar_ran && run(loaded, x, got1, got2), got1,
          got2, want1, want2);

  if (restore)
    setenv("TRTINFER_CPU_REFERENCE", restore, 1);
  else
    unsetenv("TRTINFER_CPU_REFERENCE");
  free(restore);
  free(bytes);
  trt_engine_free(loaded);
  trt_runtime_free(runtime);
  trt_engine_free(fast);
  trt_engine_free(planar);
  trt_builder_free(builder);
  trt_logger_free(logger);
}
