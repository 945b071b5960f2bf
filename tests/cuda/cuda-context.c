/* The CUDA engine's execution paths, each against the CPU engine on the
 * same input:
 *  - execute() repeated at two batch sizes, so that each batch size is run
 *    layer by layer once and then replayed from its recorded CUDA graph;
 *  - enqueue() with device bindings on the caller's stream;
 *  - a layer without a CUDA kernel (TopK) running on the CPU between GPU
 *    layers, whose outputs feed both a GPU layer and a binding.
 * Exits 77 (SKIP) when there is no CUDA device. */
#include <cuda_runtime_api.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#define MAX_BATCH 4
#define IN_VOLUME (3 * 8 * 8)
#define OUT0_VOLUME (4 * 4 * 2) /* softmax of the top-2 values */
#define OUT1_VOLUME (4 * 4 * 2) /* their indices */

static int failures;

static void check(bool ok, const char *what) {
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  if (!ok) failures++;
}

/* x [N,3,8,8] -> conv 3x3 (+bias, ReLU) -> max pool 2x2 -> TopK(2) on the
 * last axis -> softmax of the values; outputs: the softmax, the indices. */
static TrtEngine *build(TrtLogger *logger, TrtBackendKind kind) {
  TrtBuilder *b = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(b);
  TrtBuilderConfig *config = trt_builder_config_new();
  trt_builder_config_set_backend(config, kind);
  trt_builder_config_set_max_batch_size(config, MAX_BATCH);
  float w[4 * 3 * 3 * 3], bias[4] = {0.1f, -0.2f, 0.3f, 0.0f};
  for (int i = 0; i < 4 * 27; i++) w[i] = (float)((i * 37) % 17 - 8) / 16.0f;
  int64_t k = 2;
  TrtDims xd = {.nb_dims = 4, .d = {-1, 3, 8, 8}}, wd = {.nb_dims = 4, .d = {4, 3, 3, 3}},
          bd = {.nb_dims = 1, .d = {4}}, kd = {.nb_dims = 1, .d = {1}};
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &xd);
  TrtTensor *wt = trt_network_add_constant(net, "w", TRT_DATA_TYPE_FLOAT, &wd, w);
  TrtTensor *bt = trt_network_add_constant(net, "b", TRT_DATA_TYPE_FLOAT, &bd, bias);
  TrtTensor *kt = trt_network_add_constant(net, "k", TRT_DATA_TYPE_INT64, &kd, &k);
  TrtConvolutionParams cp = trt_convolution_params_default(2);
  cp.kernel[0] = cp.kernel[1] = 3;
  cp.pad_begin[0] = cp.pad_begin[1] = cp.pad_end[0] = cp.pad_end[1] = 1;
  cp.activation.type = TRT_ACTIVATION_RELU;
  TrtLayer *conv = trt_network_add_convolution(net, x, wt, bt, &cp);
  TrtPoolingParams pp = trt_pooling_params_default(TRT_POOLING_MAX, 2);
  pp.kernel[0] = pp.kernel[1] = pp.stride[0] = pp.stride[1] = 2;
  TrtTensor *pool_in[1] = {trt_layer_get_output(conv, 0)};
  TrtLayer *pool = trt_network_add_layer(net, TRT_LAYER_POOLING, pool_in, 1, &pp, 1);
  TrtTopKParams tp = {.axis = -1, .largest = 1, .sorted = 1};
  TrtTensor *topk_in[2] = {trt_layer_get_output(pool, 0), kt};
  TrtLayer *topk = trt_network_add_layer(net, TRT_LAYER_TOPK, topk_in, 2, &tp, 2);
  TrtSoftmaxParams sp = {.axis = -1};
  TrtTensor *soft_in[1] = {trt_layer_get_output(topk, 0)};
  TrtLayer *soft = trt_network_add_layer(net, TRT_LAYER_SOFTMAX, soft_in, 1, &sp, 1);
  trt_network_mark_output(net, trt_layer_get_output(soft, 0));
  trt_network_mark_output(net, trt_layer_get_output(topk, 1));
  TrtEngine *e = trt_builder_build_engine(b, net, config);
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(b);
  return e;
}

typedef struct {
  float out0[MAX_BATCH * OUT0_VOLUME];
  int64_t out1[MAX_BATCH * OUT1_VOLUME];
} Outputs;

static bool same(const Outputs *a, const Outputs *b, int batch) {
  for (int i = 0; i < batch * OUT0_VOLUME; i++)
    if (!(fabsf(a->out0[i] - b->out0[i]) <= 1e-5f + 1e-4f * fabsf(b->out0[i]))) return false;
  return memcmp(a->out1, b->out1, sizeof(int64_t) * (size_t)(batch * OUT1_VOLUME)) == 0;
}

static bool execute(TrtContext *ctx, int batch, const float *x, Outputs *out) {
  memset(out, 0xff, sizeof *out);
  void *bindings[3] = {(void *)x, out->out0, out->out1};
  return trt_context_execute(ctx, batch, bindings) == TRT_STATUS_OK;
}

/* enqueue() twice on a stream of ours, with device bindings. */
static bool enqueue(TrtContext *ctx, int batch, const float *x, Outputs *out) {
  size_t in_bytes = sizeof(float) * (size_t)(batch * IN_VOLUME);
  size_t b0 = sizeof(float) * (size_t)(batch * OUT0_VOLUME);
  size_t b1 = sizeof(int64_t) * (size_t)(batch * OUT1_VOLUME);
  void *dx = NULL, *d0 = NULL, *d1 = NULL;
  cudaStream_t stream = NULL;
  bool ok = cudaMalloc(&dx, in_bytes) == cudaSuccess && cudaMalloc(&d0, b0) == cudaSuccess &&
            cudaMalloc(&d1, b1) == cudaSuccess && cudaStreamCreate(&stream) == cudaSuccess &&
            cudaMemcpy(dx, x, in_bytes, cudaMemcpyHostToDevice) == cudaSuccess;
  void *bindings[3] = {dx, d0, d1};
  for (int i = 0; i < 2 && ok; i++)
    ok = trt_context_enqueue(ctx, batch, bindings, stream) == TRT_STATUS_OK;
  memset(out, 0xff, sizeof *out);
  ok = ok && cudaStreamSynchronize(stream) == cudaSuccess &&
       cudaMemcpy(out->out0, d0, b0, cudaMemcpyDeviceToHost) == cudaSuccess &&
       cudaMemcpy(out->out1, d1, b1, cudaMemcpyDeviceToHost) == cudaSuccess;
  if (stream) cudaStreamDestroy(stream);
  cudaFree(dx);
  cudaFree(d0);
  cudaFree(d1);
  return ok;
}

int main(void) {
  if (!trt_backend_is_available(TRT_BACKEND_CUDA, 0)) {
    printf("SKIP: no CUDA device\n");
    return 77;
  }
  TrtLogger *logger = trt_logger_new_console(TRT_SEVERITY_WARNING);
  TrtEngine *cpu = build(logger, TRT_BACKEND_CPU), *gpu = build(logger, TRT_BACKEND_CUDA);
  check(cpu && gpu, "both engines build");
  if (!cpu || !gpu) return 1;
  check(strcmp(trt_engine_get_backend_name(gpu), "cuda") == 0, "the engine is a cuda engine");
  static float x[MAX_BATCH * IN_VOLUME];
  for (int i = 0; i < MAX_BATCH * IN_VOLUME; i++) x[i] = (float)((i * 7919) % 201 - 100) / 50.0f;

  TrtContext *cc = trt_engine_create_context(cpu), *gc = trt_engine_create_context(gpu);
  check(cc && gc, "both contexts are created");
  if (!cc || !gc) return 1;
  static Outputs want4, want2, got;
  check(execute(cc, 4, x, &want4) && execute(cc, 2, x, &want2), "the CPU engine runs");
  for (int round = 0; round < 3; round++) {
    char what[96];
    snprintf(what, sizeof what, "execute at batch 4, run %d (%s)", round + 1,
             round ? "graph" : "layer by layer");
    check(execute(gc, 4, x, &got) && same(&got, &want4, 4), what);
    snprintf(what, sizeof what, "execute at batch 2, run %d (%s)", round + 1,
             round ? "graph" : "layer by layer");
    check(execute(gc, 2, x, &got) && same(&got, &want2, 2), what);
  }
  check(enqueue(gc, 4, x, &got) && same(&got, &want4, 4),
        "enqueue on the caller's stream with device bindings");
  check(execute(gc, 2, x, &got) && same(&got, &want2, 2), "execute again after enqueue");
  check(trt_context_execute(gc, MAX_BATCH + 1, (void *[]){x, got.out0, got.out1}) ==
            TRT_STATUS_INVALID_ARGUMENT,
        "a batch above the max batch is refused");
  trt_context_free(cc);
  trt_context_free(gc);
  trt_engine_free(cpu);
  trt_engine_free(gpu);
  trt_logger_free(logger);
  printf("cuda-context: %d failed\n", failures);
  return failures ? 1 : 0;
}
