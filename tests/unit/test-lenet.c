/* LeNet-5 built through the C API with fixed weights: its outputs match a
 * plain C reference, are bit-identical after save and load, and a batch
 * smaller than the max batch runs on the same context without a rebuild. */
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

enum { MAX_BATCH = 4, IMAGE = 28 * 28, CLASSES = 10 };

/* Weights scaled by 1/sqrt(fan in) keep activations of a sane size. */
static float *weights(int64_t n, int64_t fan_in, uint32_t seed) {
  float *w = malloc((size_t)n * sizeof *w);
  unit_fill(w, (size_t)n, seed);
  for (int64_t i = 0; i < n; i++) w[i] /= sqrtf((float)fan_in);
  return w;
}

typedef struct {
  float *c1w, *c1b, *c2w, *c2b, *f1w, *f1b, *f2w, *f2b, *f3w, *f3b;
} Weights;

static Weights make_weights(void) {
  return (Weights){weights(6 * 25, 25, 1),       weights(6, 25, 2),
                   weights(16 * 6 * 25, 150, 3), weights(16, 150, 4),
                   weights(120 * 256, 256, 5),   weights(120, 256, 6),
                   weights(84 * 120, 120, 7),    weights(84, 120, 8),
                   weights(10 * 84, 84, 9),      weights(10, 84, 10)};
}

static void free_weights(Weights *w) {
  float **all[] = {&w->c1w, &w->c1b, &w->c2w, &w->c2b, &w->f1w,
                   &w->f1b, &w->f2w, &w->f2b, &w->f3w, &w->f3b};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(*all[i]);
}

/* ---- the network through the API ---------------------------------------- */

static TrtTensor *constant(TrtNetwork *net, const char *name, TrtDims d, const float *v) {
  return trt_network_add_constant(net, name, TRT_DATA_TYPE_FLOAT, &d, v);
}

static TrtTensor *conv_relu_pool(TrtNetwork *net, TrtTensor *x, TrtTensor *w, TrtTensor *b) {
  TrtConvolutionParams cp = trt_convolution_params_default(2);
  cp.kernel[0] = cp.kernel[1] = 5;
  TrtLayer *conv = trt_network_add_convolution(net, x, w, b, &cp);
  TrtLayer *relu = trt_network_add_activation(net, trt_layer_get_output(conv, 0),
                                              TRT_ACTIVATION_RELU, 0, 0);
  TrtPoolingParams pp = trt_pooling_params_default(TRT_POOLING_MAX, 2);
  pp.kernel[0] = pp.kernel[1] = pp.stride[0] = pp.stride[1] = 2;
  return trt_layer_get_output(trt_network_add_pooling(net, trt_layer_get_output(relu, 0), &pp), 0);
}

static TrtTensor *fc(TrtNetwork *net, TrtTensor *x, TrtTensor *w, TrtTensor *b, bool relu) {
  TrtTensor *y = trt_layer_get_output(trt_network_add_fully_connected(net, x, w, b), 0);
  if (!relu) return y;
  return trt_layer_get_output(trt_network_add_activation(net, y, TRT_ACTIVATION_RELU, 0, 0), 0);
}

static TrtNetwork *lenet(const Weights *w) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "data", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 1, 28, 28));
  x = conv_relu_pool(net, x, constant(net, "conv1_w", DIMS(6, 1, 5, 5), w->c1w),
                     constant(net, "conv1_b", DIMS(6), w->c1b));
  x = conv_relu_pool(net, x, constant(net, "conv2_w", DIMS(16, 6, 5, 5), w->c2w),
                     constant(net, "conv2_b", DIMS(16), w->c2b));
  TrtAxisParams fp = {.axis = 1};
  x = trt_layer_get_output(trt_network_add_layer(net, TRT_LAYER_FLATTEN, &x, 1, &fp, 1), 0);
  x = fc(net, x, constant(net, "fc1_w", DIMS(120, 256), w->f1w),
         constant(net, "fc1_b", DIMS(120), w->f1b), true);
  x = fc(net, x, constant(net, "fc2_w", DIMS(84, 120), w->f2w),
         constant(net, "fc2_b", DIMS(84), w->f2b), true);
  x = fc(net, x, constant(net, "fc3_w", DIMS(10, 84), w->f3w),
         constant(net, "fc3_b", DIMS(10), w->f3b), false);
  TrtTensor *prob = trt_layer_get_output(trt_network_add_softmax(net, x, 1), 0);
  trt_tensor_set_name(prob, "prob");
  trt_network_mark_output(net, prob);
  return net;
}

/* ---- the reference, in plain loops --------------------------------------- */

/* y[m][oy][ox] = relu(b[m] + sum w[m][c][ky][kx] x[c][oy+ky][ox+kx]), then
 * 2x2 max pooling; returns the pooled size. */
static int ref_conv_relu_pool(const float *x, int c, int size, const float *w,
                              const float *b, int m, float *pooled) {
  int o = size - 4, p = o / 2;
  float *y = malloc(sizeof(float) * (size_t)(m * o * o));
  for (int k = 0; k < m; k++)
    for (int oy = 0; oy < o; oy++)
      for (int ox = 0; ox < o; ox++) {
        float s = b[k];
        for (int ci = 0; ci < c; ci++)
          for (int ky = 0; ky < 5; ky++)
            for (int kx = 0; kx < 5; kx++)
              s += w[((k * c + ci) * 5 + ky) * 5 + kx] * x[(ci * size + oy + ky) * size + ox + kx];
        y[(k * o + oy) * o + ox] = s > 0 ? s : 0;
      }
  for (int k = 0; k < m; k++)
    for (int py = 0; py < p; py++)
      for (int px = 0; px < p; px++) {
        float best = -INFINITY;
        for (int dy = 0; dy < 2; dy++)
          for (int dx = 0; dx < 2; dx++)
            best = fmaxf(best, y[(k * o + 2 * py + dy) * o + 2 * px + dx]);
        pooled[(k * p + py) * p + px] = best;
      }
  free(y);
  return p;
}

static void ref_fc(const float *x, int in, const float *w, const float *b, int out,
                   bool relu, float *y) {
  for (int j = 0; j < out; j++) {
    float s = b[j];
    for (int i = 0; i < in; i++) s += w[j * in + i] * x[i];
    y[j] = relu && s < 0 ? 0 : s;
  }
}

static void ref_lenet(const Weights *w, const float *image, float *prob) {
  float p1[6 * 12 * 12], p2[256], h1[120], h2[84], logits[10];
  ref_conv_relu_pool(image, 1, 28, w->c1w, w->c1b, 6, p1);
  ref_conv_relu_pool(p1, 6, 12, w->c2w, w->c2b, 16, p2);
  ref_fc(p2, 256, w->f1w, w->f1b, 120, true, h1);
  ref_fc(h1, 120, w->f2w, w->f2b, 84, true, h2);
  ref_fc(h2, 84, w->f3w, w->f3b, 10, false, logits);
  double max = logits[0], sum = 0;
  for (int i = 1; i < 10; i++) max = fmax(max, logits[i]);
  for (int i = 0; i < 10; i++) sum += exp(logits[i] - max);
  for (int i = 0; i < 10; i++) prob[i] = (float)(exp(logits[i] - max) / sum);
}

/* ---- the test ---------------------------------------------------------- */

static float images[MAX_BATCH * IMAGE];

static TrtStatus execute(TrtContext *ctx, int batch, float *prob) {
  void *bindings[2] = {images, prob};
  return trt_context_execute(ctx, batch, bindings);
}

static void check_against_reference(const Weights *w, const float *prob, int batch) {
  for (int n = 0; n < batch; n++) {
    float want[CLASSES];
    ref_lenet(w, images + n * IMAGE, want);
    for (int k = 0; k < CLASSES; k++) CHECK_NEAR(prob[n * CLASSES + k], want[k], 1e-5);
  }
}

static void test_lenet(void) {
  Weights w = make_weights();
  for (int i = 0; i < MAX_BATCH * IMAGE; i++) images[i] = (float)((i * 7919) % 256) / 255.0f;
  TrtNetwork *net = lenet(&w);
  TrtEngine *e = unit_build(net, MAX_BATCH, 3);
  TrtEngine *plain = unit_build(net, MAX_BATCH, 0);
  CHECK(e != NULL && plain != NULL);
  if (!e || !plain) goto done;
  CHECK_INT(trt_engine_get_max_batch_size(e), MAX_BATCH);
  TrtDims d = trt_engine_get_binding_dims(e, 1);
  CHECK(trt_dims_equal(&d, &DIMS(MAX_BATCH, 10)));

  static float prob[MAX_BATCH * CLASSES], again[MAX_BATCH * CLASSES];
  TrtContext *ctx = trt_engine_create_context(e);
  CHECK_STATUS(execute(ctx, MAX_BATCH, prob), TRT_STATUS_OK);
  check_against_reference(&w, prob, MAX_BATCH);
  TrtContext *plain_ctx = trt_engine_create_context(plain);
  CHECK_STATUS(execute(plain_ctx, MAX_BATCH, again), TRT_STATUS_OK);
  check_against_reference(&w, again, MAX_BATCH);
  trt_context_free(plain_ctx);

  /* Smaller batches on the same context, then the max again. */
  for (int batch = 1; batch < MAX_BATCH; batch++) {
    memset(again, 0, sizeof again);
    CHECK_STATUS(execute(ctx, batch, again), TRT_STATUS_OK);
    TrtDims bd = trt_context_get_binding_dims(ctx, 1);
    CHECK(trt_dims_equal(&bd, &DIMS(batch, 10)));
    check_against_reference(&w, again, batch);
    for (int i = batch * CLASSES; i < MAX_BATCH * CLASSES; i++) CHECK(again[i] == 0);
  }
  CHECK_STATUS(execute(ctx, MAX_BATCH, again), TRT_STATUS_OK);
  CHECK(memcmp(prob, again, sizeof prob) == 0);
  trt_context_free(ctx);

  /* Save, load, run: the very same bits. */
  char dir[] = "/tmp/trt-lenet-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[64];
  snprintf(path, sizeof path, "%s/lenet.engine", dir);
  CHECK_STATUS(trt_engine_save(e, path), TRT_STATUS_OK);
  TrtRuntime *rt = trt_runtime_new(unit_logger());
  TrtEngine *loaded = trt_runtime_load_engine(rt, path);
  CHECK(loaded != NULL);
  if (loaded) {
    ctx = trt_engine_create_context(loaded);
    for (int batch = MAX_BATCH; batch >= 1; batch -= 3) {
      static float before[MAX_BATCH * CLASSES], after[MAX_BATCH * CLASSES];
      TrtContext *orig = trt_engine_create_context(e);
      CHECK_STATUS(execute(orig, batch, before), TRT_STATUS_OK);
      CHECK_STATUS(execute(ctx, batch, after), TRT_STATUS_OK);
      CHECK(memcmp(before, after, sizeof(float) * (size_t)(batch * CLASSES)) == 0);
      trt_context_free(orig);
    }
    trt_context_free(ctx);
    char *text = trt_engine_describe(loaded);
    CHECK(text && strstr(text, "arena") && strstr(text, "Convolution"));
    free(text);
  }
  trt_engine_free(loaded);
  trt_runtime_free(rt);
  remove(path);
  rmdir(dir);
done:
  trt_engine_free(e);
  trt_engine_free(plain);
  trt_network_free(net);
  free_weights(&w);
}

UNIT_MAIN(test_lenet)
