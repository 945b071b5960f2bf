/* The Caffe parser on small nets written here: every supported layer type
 * built and run on the CPU against values computed by hand or by a plain
 * loop with Caffe's formulas, old (V1) nets, the header input forms, in-place
 * blobs, phase rules, mean files, and bad files that must fail with a
 * message naming the file and the line, column or layer. Weights are
 * written as NetParameter text and packed into a binary .caffemodel. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "caffe.pb-c.h"
#include "check.h"
#include "pbtext.h"

static TrtLogger *logger;
static char last_error[2048];
static char tmpdir[512];

static void capture(TrtSeverity severity, const char *message, void *user_data) {
  (void)user_data;
  if (severity <= TRT_SEVERITY_ERROR) snprintf(last_error, sizeof last_error, "%s", message);
}

static void check_init(int argc, char **argv) {
  (void)argc;
  (void)argv;
  logger = trt_logger_new(capture, NULL, TRT_SEVERITY_ERROR);
  const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(tmpdir, sizeof tmpdir, "%s/caffe-net-test-XXXXXX", base);
  if (!mkdtemp(tmpdir)) perror("mkdtemp");
}

/* ---- text and files ----------------------------------------------------------- */

/* A growing string for building net texts. */
typedef struct {
  char *s;
  size_t len, cap;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (t->len + (size_t)n + 1 > t->cap) {
    t->cap = (t->len + (size_t)n + 1) * 2;
    t->s = realloc(t->s, t->cap);
  }
  va_start(ap, fmt);
  vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

/* "blobs { shape { dim: ... } data: [...] }" */
static void add_blob(Text *t, const float *v, size_t n, const int64_t *dims, int rank) {
  add(t, "blobs { ");
  if (rank) {
    add(t, "shape {");
    for (int i = 0; i < rank; i++) add(t, " dim: %lld", (long long)dims[i]);
    add(t, " } ");
  }
  add(t, "data: [");
  for (size_t i = 0; i < n; i++) add(t, "%s%.9g", i ? ", " : "", v[i]);
  add(t, "] } ");
}

static char *write_file(const char *name, const void *data, size_t size) {
  char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
  sprintf(path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(data, 1, size, f);
    fclose(f);
  }
  return path;
}

/* A binary file of message `desc` from its text form. */
static char *write_binary(const char *name, const ProtobufCMessageDescriptor *desc,
                          const char *text) {
  ProtobufCMessage *msg = NULL;
  TrtStatus s = trt_pbtext_parse(desc, text, strlen(text), name, NULL, &msg, logger);
  CHECK_INT(s, TRT_STATUS_OK);
  if (s != TRT_STATUS_OK) {
    fprintf(stderr, "  %s\n", last_error);
    return NULL;
  }
  size_t size = protobuf_c_message_get_packed_size(msg);
  uint8_t *bytes = malloc(size ? size : 1);
  protobuf_c_message_pack(msg, bytes);
  protobuf_c_message_free_unpacked(msg, NULL);
  char *path = write_file(name, bytes, size);
  free(bytes);
  return path;
}

/* ---- running nets ------------------------------------------------------------------ */

typedef struct {
  const char *deploy;  /* .prototxt text */
  const char *model;   /* NetParameter text with the weights, or NULL */
  const char *outputs; /* csv of blobs */
  int nb_inputs;
  const float *inputs[4]; /* network inputs in order */
  float *out;             /* the outputs, one after the other */
  size_t out_count;
  TrtDims out_dims[4];
} Net;

static int nb_nets;

/* Parses, builds and runs the net; the status of parsing (the outputs are
 * only filled when it is OK). */
static TrtStatus run_net(Net *n) {
  char name[64];
  snprintf(name, sizeof name, "net%d.prototxt", nb_nets);
  char *deploy = write_file(name, n->deploy, strlen(n->deploy));
  char *model = NULL;
  if (n->model) {
    snprintf(name, sizeof name, "net%d.caffemodel", nb_nets);
    model = write_binary(name, &caffe__net_parameter__descriptor, n->model);
  }
  nb_nets++;
  last_error[0] = '\0';
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(builder);
  TrtStatus s = trt_caffe_parse_files(net, deploy, model, n->outputs, logger);
  TrtEngine *engine = NULL;
  TrtContext *context = NULL;
  if (s == TRT_STATUS_OK) {
    TrtBuilderConfig *config = trt_builder_config_new();
    trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
    engine = trt_builder_build_engine(builder, net, config);
    trt_builder_config_free(config);
    CHECK(engine != NULL);
    if (!engine) fprintf(stderr, "  build: %s\n", last_error);
    context = engine ? trt_engine_create_context(engine) : NULL;
  }
  if (context) {
    int nb = trt_engine_get_nb_bindings(engine), in = 0, out = 0;
    void **bindings = calloc((size_t)nb, sizeof *bindings);
    size_t offset = 0;
    for (int i = 0; i < nb; i++) {
      if (trt_engine_binding_is_input(engine, i)) {
        bindings[i] = in < n->nb_inputs ? (void *)n->inputs[in] : NULL;
        in++;
        continue;
      }
      TrtDims d = trt_engine_get_binding_dims(engine, i);
      if (out < 4) n->out_dims[out] = d;
      out++;
      bindings[i] = n->out + offset;
      offset += (size_t)trt_dims_volume(&d);
    }
    CHECK_INT(in, n->nb_inputs);
    CHECK_INT(offset, n->out_count);
    if (in == n->nb_inputs && offset == n->out_count)
      CHECK_INT(trt_context_execute(context, 1, bindings), TRT_STATUS_OK);
    free(bindings);
  }
  trt_context_free(context);
  trt_engine_free(engine);
  trt_network_free(net);
  trt_builder_free(builder);
  free(deploy);
  free(model);
  return s;
}

static void check_values(const char *what, const float *got, const float *want, size_t n,
                         double tol) {
  size_t bad = 0;
  for (size_t i = 0; i < n; i++)
    if (!(fabs((double)got[i] - want[i]) <= tol + tol * fabs(want[i]))) {
      if (bad++ < 4) fprintf(stderr, "  %s[%zu] = %.7g, want %.7g\n", what, i, got[i], want[i]);
    }
  if (bad) fprintf(stderr, "%s: %zu of %zu values differ\n", what, bad, n);
  CHECK_INT(bad, 0);
}

/* A one-input, one-output net: `layers` after an Input layer "data" of
 * dims, with weights text `model`; compared with `want`. */
static void check_layer(const char *what, const int64_t *dims, int rank, const char *layers,
                        const char *model, const char *output, const float *x, const float *want,
                        size_t out_count) {
  Text deploy = {0};
  add(&deploy, "name: '%s'\nlayer { name: 'data' type: 'Input' top: 'data' input_param { shape {",
      what);
  for (int i = 0; i < rank; i++) add(&deploy, " dim: %lld", (long long)dims[i]);
  add(&deploy, " } } }\n%s", layers);
  float *out = calloc(out_count + 1, sizeof *out);
  Net n = {.deploy = deploy.s, .model = model, .outputs = output, .nb_inputs = 1,
           .inputs = {x}, .out = out, .out_count = out_count};
  TrtStatus s = run_net(&n);
  CHECK_INT(s, TRT_STATUS_OK);
  if (s != TRT_STATUS_OK) fprintf(stderr, "  %s: %s\n", what, last_error);
  else check_values(what, out, want, out_count, 1e-5);
  free(out);
  free(deploy.s);
}

static void ramp(float *x, size_t n, float start, float step) {
  for (size_t i = 0; i < n; i++) x[i] = start + step * (float)i;
}

/* ---- references with Caffe's formulas ------------------------------------------------ */

typedef struct {
  int c, h, w, m, kh, kw, sh, sw, ph, pw, dh, dw, group;
} ConvShape;

static void ref_conv(const ConvShape *p, const float *x, const float *wt, const float *b,
                     float *y, int *oh, int *ow) {
  *oh = (p->h + 2 * p->ph - (p->dh * (p->kh - 1) + 1)) / p->sh + 1;
  *ow = (p->w + 2 * p->pw - (p->dw * (p->kw - 1) + 1)) / p->sw + 1;
  int cg = p->c / p->group, mg = p->m / p->group;
  for (int m = 0; m < p->m; m++)
    for (int i = 0; i < *oh; i++)
      for (int j = 0; j < *ow; j++) {
        double sum = b ? b[m] : 0;
        int g = m / mg;
        for (int c = 0; c < cg; c++)
          for (int u = 0; u < p->kh; u++)
            for (int v = 0; v < p->kw; v++) {
              int yy = i * p->sh - p->ph + u * p->dh, xx = j * p->sw - p->pw + v * p->dw;
              if (yy < 0 || yy >= p->h || xx < 0 || xx >= p->w) continue;
              sum += (double)x[((g * cg + c) * p->h + yy) * p->w + xx] *
                     wt[((m * cg + c) * p->kh + u) * p->kw + v];
            }
        y[(m * *oh + i) * *ow + j] = (float)sum;
      }
}

/* Caffe's pooling: output size rounded up, minus one when the last window
 * starts in the padding; averages divide by the window clipped to the
 * padded input. */
static int ref_pool(bool max, int h, int w, int k, int s, int pad, const float *x, float *y) {
  int o = (int)ceil((double)(h + 2 * pad - k) / s) + 1;
  if (pad && (o - 1) * s >= h + pad) o--;
  for (int i = 0; i < o; i++)
    for (int j = 0; j < o; j++) {
      int hs = i * s - pad, ws = j * s - pad;
      int he = hs + k < h + pad ? hs + k : h + pad, we = ws + k < w + pad ? ws + k : w + pad;
      int size = (he - hs) * (we - ws);
      double acc = max ? -INFINITY : 0;
      for (int u = hs < 0 ? 0 : hs; u < (he < h ? he : h); u++)
        for (int v = ws < 0 ? 0 : ws; v < (we < w ? we : w); v++)
          acc = max ? fmax(acc, x[u * w + v]) : acc + x[u * w + v];
      y[i * o + j] = (float)(max ? acc : acc / size);
    }
  return o;
}

/* ---- layers -------------------------------------------------------------------------- */

static void test_convolution(void) {
  ConvShape p = {.c = 2, .h = 5, .w = 4, .m = 4, .kh = 3, .kw = 3, .sh = 2, .sw = 2,
                 .ph = 1, .pw = 1, .dh = 1, .dw = 1, .group = 2};
  float x[40], wt[4 * 1 * 9], b[4] = {0.5f, -1, 2, 0}, y[64];
  ramp(x, 40, -1, 0.05f);
  ramp(wt, 36, 0.3f, -0.02f);
  int oh, ow;
  ref_conv(&p, x, wt, b, y, &oh, &ow);
  Text model = {0};
  add(&model, "layer { name: 'conv' ");
  add_blob(&model, wt, 36, (int64_t[]){4, 1, 3, 3}, 4);
  add_blob(&model, b, 4, (int64_t[]){4}, 1);
  add(&model, "} layer { name: 'loss' type: 'SoftmaxWithLoss' }");
  check_layer("conv group 2 pad 1 stride 2", (int64_t[]){1, 2, 5, 4}, 4,
              "layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'conv'\n"
              "  convolution_param { num_output: 4 kernel_size: 3 pad: 1 stride: 2 group: 2\n"
              "    weight_filler { type: 'xavier' } } }",
              model.s, "conv", x, y, (size_t)(4 * oh * ow));
  free(model.s);

  /* Separate h/w, dilation, no bias, weights as an old 4-D blob. */
  ConvShape q = {.c = 1, .h = 6, .w = 7, .m = 2, .kh = 2, .kw = 3, .sh = 2, .sw = 1,
                 .ph = 1, .pw = 0, .dh = 2, .dw = 2, .group = 1};
  float x2[42], w2[12], y2[128];
  ramp(x2, 42, 0.5f, -0.03f);
  ramp(w2, 12, -0.4f, 0.07f);
  ref_conv(&q, x2, w2, NULL, y2, &oh, &ow);
  Text m2 = {0};
  add(&m2, "layer { name: 'c2' blobs { num: 2 channels: 1 height: 2 width: 3 data: [");
  for (int i = 0; i < 12; i++) add(&m2, "%s%.9g", i ? "," : "", w2[i]);
  add(&m2, "] } }");
  check_layer("conv h/w dilation 2 no bias", (int64_t[]){1, 1, 6, 7}, 4,
              "layer { name: 'c2' type: 'Convolution' bottom: 'data' top: 'c2'\n"
              "  convolution_param { num_output: 2 bias_term: false kernel_h: 2 kernel_w: 3\n"
              "    stride_h: 2 stride_w: 1 pad_h: 1 pad_w: 0 dilation: 2 } }",
              m2.s, "c2", x2, y2, (size_t)(2 * oh * ow));
  free(m2.s);
}

static void test_deconvolution(void) {
  float x[4] = {1, 2, 3, 4}, w[4] = {1, 10, 100, 1000}, want[16];
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) want[i * 4 + j] = x[(i / 2) * 2 + j / 2] * w[(i % 2) * 2 + j % 2];
  Text model = {0};
  add(&model, "layer { name: 'up' ");
  add_blob(&model, w, 4, (int64_t[]){1, 1, 2, 2}, 4);
  add(&model, "}");
  check_layer("deconvolution stride 2", (int64_t[]){1, 1, 2, 2}, 4,
              "layer { name: 'up' type: 'Deconvolution' bottom: 'data' top: 'up'\n"
              "  convolution_param { num_output: 1 kernel_size: 2 stride: 2 bias_term: false } }",
              model.s, "up", x, want, 16);
  free(model.s);
}

static void test_pooling(void) {
  float x[25], y[25];
  ramp(x, 25, 0, 1);
  x[12] = -7;
  int o = ref_pool(true, 5, 5, 2, 2, 0, x, y);
  CHECK_INT(o, 3); /* ceil: the last window starts at 4 */
  check_layer("max pool ceil", (int64_t[]){1, 1, 5, 5}, 4,
              "layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'pool'\n"
              "  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }",
              NULL, "pool", x, y, 9);
  float ones[16];
  for (int i = 0; i < 16; i++) ones[i] = 1;
  o = ref_pool(false, 4, 4, 3, 2, 1, ones, y);
  CHECK_INT(o, 3);
  CHECK_NEAR(y[0], 4.0 / 9, 1e-6); /* the pad counts, beyond it not */
  CHECK_NEAR(y[2], 2.0 / 6, 1e-6);
  check_layer("average pool pad 1", (int64_t[]){1, 1, 4, 4}, 4,
              "layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'pool'\n"
              "  pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }",
              NULL, "pool", ones, y, 9);
  /* A fourth window would start in the trailing pad: dropped. */
  o = ref_pool(true, 5, 5, 2, 2, 1, x, y);
  CHECK_INT(o, 3);
  check_layer("max pool, window in pad dropped", (int64_t[]){1, 1, 5, 5}, 4,
              "layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'pool'\n"
              "  pooling_param { pool: MAX kernel_h: 2 kernel_w: 2 stride_h: 2 stride_w: 2 pad: 1 } }",
              NULL, "pool", x, y, 9);
  float g[8] = {1, 2, 3, 4, 10, 20, 30, 40}, gw[2] = {2.5f, 25};
  check_layer("global average pool", (int64_t[]){1, 2, 2, 2}, 4,
              "layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'pool'\n"
              "  pooling_param { pool: AVE global_pooling: true } }",
              NULL, "pool", g, gw, 2);
}

static void test_inner_product(void) {
  float x[12], w[15], b[3] = {1, 2, 3}, y[9];
  ramp(x, 12, -1, 0.2f);
  ramp(w, 15, 0.5f, -0.1f);
  /* axis 1 over [1, 4, 1, 1]: W [3, 4]. */
  for (int n = 0; n < 3; n++) {
    double s = b[n];
    for (int k = 0; k < 4; k++) s += (double)x[k] * w[n * 4 + k];
    y[n] = (float)s;
  }
  Text model = {0};
  add(&model, "layer { name: 'ip' ");
  add_blob(&model, w, 12, (int64_t[]){1, 1, 3, 4}, 4);
  add_blob(&model, b, 3, NULL, 0);
  add(&model, "}");
  check_layer("inner product", (int64_t[]){1, 4, 1, 1}, 4,
              "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' top: 'ip'\n"
              "  inner_product_param { num_output: 3 } }",
              model.s, "ip", x, y, 3);
  free(model.s);
  /* transpose: W stored [K=4, N=3]. */
  float wt[12];
  for (int k = 0; k < 4; k++)
    for (int n = 0; n < 3; n++) wt[k * 3 + n] = w[n * 4 + k];
  Text mt = {0};
  add(&mt, "layer { name: 'ip' ");
  add_blob(&mt, wt, 12, (int64_t[]){4, 3}, 2);
  add_blob(&mt, b, 3, NULL, 0);
  add(&mt, "}");
  check_layer("inner product transpose", (int64_t[]){1, 4}, 2,
              "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' top: 'ip'\n"
              "  inner_product_param { num_output: 3 transpose: true } }",
              mt.s, "ip", x, y, 3);
  free(mt.s);
  /* axis 2 of [2, 3, 2]: each of the 6 rows of 2 values. */
  float y2[18];
  for (int r = 0; r < 6; r++)
    for (int n = 0; n < 3; n++) y2[r * 3 + n] = x[r * 2] * w[n * 2] + x[r * 2 + 1] * w[n * 2 + 1];
  Text m2 = {0};
  add(&m2, "layer { name: 'ip' ");
  add_blob(&m2, w, 6, (int64_t[]){3, 2}, 2);
  add(&m2, "}");
  check_layer("inner product axis 2", (int64_t[]){2, 3, 2}, 3,
              "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' top: 'ip'\n"
              "  inner_product_param { num_output: 3 axis: -1 bias_term: false } }",
              m2.s, "ip", x, y2, 18);
  free(m2.s);
}

static void test_activations(void) {
  const float x[4] = {-2, -0.5f, 0, 1.5f};
  float want[4];
  for (int i = 0; i < 4; i++) want[i] = x[i] > 0 ? x[i] : 0.1f * x[i];
  check_layer("relu slope", (int64_t[]){1, 4}, 2,
              "layer { name: 'r' type: 'ReLU' bottom: 'data' top: 'r' relu_param { negative_slope: 0.1 } }",
              NULL, "r", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = x[i] > 0 ? x[i] : 2 * (expf(x[i]) - 1);
  check_layer("elu", (int64_t[]){1, 4}, 2,
              "layer { name: 'e' type: 'ELU' bottom: 'data' top: 'e' elu_param { alpha: 2 } }",
              NULL, "e", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = fabsf(x[i]);
  check_layer("absval", (int64_t[]){1, 4}, 2,
              "layer { name: 'a' type: 'AbsVal' bottom: 'data' top: 'a' }", NULL, "a", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = 1 / (1 + expf(-x[i]));
  check_layer("sigmoid", (int64_t[]){1, 4}, 2,
              "layer { name: 's' type: 'Sigmoid' bottom: 'data' top: 's' }", NULL, "s", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = tanhf(x[i]);
  check_layer("tanh", (int64_t[]){1, 4}, 2,
              "layer { name: 't' type: 'TanH' bottom: 'data' top: 't' }", NULL, "t", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = logf(1 + expf(x[i]));
  check_layer("bnll", (int64_t[]){1, 4}, 2,
              "layer { name: 'b' type: 'BNLL' bottom: 'data' top: 'b' }", NULL, "b", x, want, 4);
  const float px[4] = {-1, 2, -3, 4}, slopes[2] = {0.5f, 0.25f};
  Text model = {0};
  add(&model, "layer { name: 'p' ");
  add_blob(&model, slopes, 2, (int64_t[]){2}, 1);
  add(&model, "}");
  check_layer("prelu per channel", (int64_t[]){1, 2, 1, 2}, 4,
              "layer { name: 'p' type: 'PReLU' bottom: 'data' top: 'data' }", model.s, "data", px,
              (float[]){-0.5f, 2, -0.75f, 4}, 4);
  free(model.s);
  check_layer("prelu shared", (int64_t[]){1, 2, 2}, 3,
              "layer { name: 'p' type: 'PReLU' bottom: 'data' top: 'p' prelu_param { channel_shared: true } }",
              "layer { name: 'p' blobs { data: 0.1 } }", "p", px, (float[]){-0.1f, 2, -0.3f, 4}, 4);
}

static void test_power_exp_log(void) {
  const float x[4] = {0.5f, 1, 2, 3};
  float want[4];
  for (int i = 0; i < 4; i++) want[i] = powf(1 + 0.5f * x[i], 2);
  check_layer("power", (int64_t[]){4}, 1,
              "layer { name: 'p' type: 'Power' bottom: 'data' top: 'p'\n"
              "  power_param { power: 2 scale: 0.5 shift: 1 } }",
              NULL, "p", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = 0.0125f * x[i];
  check_layer("power scale only (sampleMNIST)", (int64_t[]){4}, 1,
              "layer { name: 'p' type: 'Power' bottom: 'data' top: 'p' power_param { scale: 0.0125 } }",
              NULL, "p", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = powf(2, 1 + x[i]);
  check_layer("exp base 2", (int64_t[]){4}, 1,
              "layer { name: 'e' type: 'Exp' bottom: 'data' top: 'e' exp_param { base: 2 shift: 1 } }",
              NULL, "e", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = expf(-x[i]);
  check_layer("exp", (int64_t[]){4}, 1,
              "layer { name: 'e' type: 'Exp' bottom: 'data' top: 'e' exp_param { scale: -1 } }",
              NULL, "e", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = log10f(1 + 2 * x[i]);
  check_layer("log base 10", (int64_t[]){4}, 1,
              "layer { name: 'l' type: 'Log' bottom: 'data' top: 'l'\n"
              "  log_param { base: 10 scale: 2 shift: 1 } }",
              NULL, "l", x, want, 4);
  for (int i = 0; i < 4; i++) want[i] = logf(x[i]);
  check_layer("log", (int64_t[]){4}, 1,
              "layer { name: 'l' type: 'Log' bottom: 'data' top: 'l' }", NULL, "l", x, want, 4);
}

static void test_softmax_lrn_batchnorm(void) {
  const float x[6] = {1, 2, 3, 4, 0, -1};
  float want[6];
  for (int j = 0; j < 2; j++) {
    double s = 0;
    for (int c = 0; c < 3; c++) s += exp(x[c * 2 + j]);
    for (int c = 0; c < 3; c++) want[c * 2 + j] = (float)(exp(x[c * 2 + j]) / s);
  }
  check_layer("softmax axis 1", (int64_t[]){1, 3, 1, 2}, 4,
              "layer { name: 's' type: 'Softmax' bottom: 'data' top: 's' }", NULL, "s", x, want, 6);
  check_layer("lrn", (int64_t[]){1, 3, 1, 1}, 4,
              "layer { name: 'n' type: 'LRN' bottom: 'data' top: 'n'\n"
              "  lrn_param { local_size: 3 alpha: 3 beta: 1 k: 1 } }",
              NULL, "n", (float[]){1, 2, 3}, (float[]){1.0f / 6, 2.0f / 15, 3.0f / 14}, 3);
  check_layer("batchnorm with scale factor", (int64_t[]){1, 2, 1, 2}, 4,
              "layer { name: 'bn' type: 'BatchNorm' bottom: 'data' top: 'data'\n"
              "  batch_norm_param { use_global_stats: true eps: 0 } }",
              "layer { name: 'bn' blobs { data: [2, 4] } blobs { data: [2, 8] } blobs { data: 2 } }",
              "data", (float[]){1, 2, 3, 4}, (float[]){0, 1, 0.5f, 1}, 4);
}

static void test_scale_bias(void) {
  const float x[4] = {1, 2, 3, 4};
  check_layer("scale with bias", (int64_t[]){1, 2, 1, 2}, 4,
              "layer { name: 'sc' type: 'Scale' bottom: 'data' top: 'sc' scale_param { bias_term: true } }",
              "layer { name: 'sc' blobs { data: [2, 3] } blobs { data: [1, -1] } }", "sc", x,
              (float[]){3, 5, 8, 11}, 4);
  check_layer("scale over two axes", (int64_t[]){1, 2, 2}, 3,
              "layer { name: 'sc' type: 'Scale' bottom: 'data' top: 'sc' scale_param { num_axes: 2 } }",
              "layer { name: 'sc' blobs { data: [1, 10, 100, 1000] } }", "sc", x,
              (float[]){1, 20, 300, 4000}, 4);
  check_layer("bias", (int64_t[]){1, 2, 2}, 3,
              "layer { name: 'b' type: 'Bias' bottom: 'data' top: 'b' bias_param { axis: -1 } }",
              "layer { name: 'b' blobs { data: [10, 20] } }", "b", x, (float[]){11, 22, 13, 24}, 4);
  /* Scale by a second bottom: the per-channel sums of the input. */
  check_layer("scale by a bottom", (int64_t[]){1, 2, 2, 1}, 4,
              "layer { name: 'sum' type: 'Pooling' bottom: 'data' top: 'sum'\n"
              "  pooling_param { pool: AVE global_pooling: true } }\n"
              "layer { name: 'flat' type: 'Flatten' bottom: 'sum' top: 'flat' }\n"
              "layer { name: 'sc' type: 'Scale' bottom: 'data' bottom: 'flat' top: 'sc'\n"
              "  scale_param { axis: 0 } }",
              NULL, "sc", x, (float[]){1.5f, 3, 10.5f, 14}, 4);
}

static void test_eltwise(void) {
  /* Two inputs from one: a and b are the halves of a Slice. */
  const char *slice =
      "layer { name: 'sl' type: 'Slice' bottom: 'data' top: 'a' top: 'b' slice_param { axis: 1 } }\n";
  const float x[4] = {1, 2, 3, 5};
  char layers[512];
  snprintf(layers, sizeof layers, "%slayer { name: 'e' type: 'Eltwise' bottom: 'a' bottom: 'b' top: 'e' "
           "eltwise_param { coeff: 1 coeff: -1 } }", slice);
  check_layer("eltwise a - b", (int64_t[]){1, 4}, 2, layers, NULL, "e", x, (float[]){-2, -3}, 2);
  snprintf(layers, sizeof layers, "%slayer { name: 'e' type: 'Eltwise' bottom: 'a' bottom: 'b' "
           "bottom: 'a' top: 'e' eltwise_param { coeff: [2, 0.5, 1] } }", slice);
  check_layer("eltwise 2a + b/2 + a", (int64_t[]){1, 4}, 2, layers, NULL, "e", x,
              (float[]){4.5f, 8.5f}, 2);
  snprintf(layers, sizeof layers, "%slayer { name: 'e' type: 'Eltwise' bottom: 'a' bottom: 'b' "
           "top: 'e' eltwise_param { operation: PROD } }", slice);
  check_layer("eltwise prod", (int64_t[]){1, 4}, 2, layers, NULL, "e", x, (float[]){3, 10}, 2);
  snprintf(layers, sizeof layers, "%slayer { name: 'e' type: 'Eltwise' bottom: 'b' bottom: 'a' "
           "top: 'e' eltwise_param { operation: MAX } }", slice);
  check_layer("eltwise max", (int64_t[]){1, 4}, 2, layers, NULL, "e", (float[]){1, 9, 3, 5},
              (float[]){3, 9}, 2);
}

static void test_shapes(void) {
  const float x[6] = {1, 2, 3, 4, 5, 6};
  check_layer("slice at points, concat back reversed", (int64_t[]){1, 6}, 2,
              "layer { name: 'sl' type: 'Slice' bottom: 'data' top: 'a' top: 'b' top: 'c'\n"
              "  slice_param { axis: -1 slice_point: [1, 4] } }\n"
              "layer { name: 'cat' type: 'Concat' bottom: 'c' bottom: 'b' bottom: 'a' top: 'cat'\n"
              "  concat_param { axis: 1 } }",
              NULL, "cat", x, (float[]){5, 6, 2, 3, 4, 1}, 6);
  check_layer("split and dropout", (int64_t[]){1, 6}, 2,
              "layer { name: 'sp' type: 'Split' bottom: 'data' top: 'x1' top: 'x2' }\n"
              "layer { name: 'd1' type: 'Dropout' bottom: 'x1' top: 'x1' }\n"
              "layer { name: 'd2' type: 'Dropout' bottom: 'x2' top: 'y2' dropout_param { dropout_ratio: 0.3 } }\n"
              "layer { name: 'cat' type: 'Concat' bottom: 'x1' bottom: 'y2' top: 'cat' concat_param { concat_dim: 0 } }",
              NULL, "cat", x, (float[]){1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, 12);
  check_layer("flatten then reshape", (int64_t[]){1, 2, 3, 1}, 4,
              "layer { name: 'f' type: 'Flatten' bottom: 'data' top: 'f' }\n"
              "layer { name: 'r' type: 'Reshape' bottom: 'f' top: 'r' reshape_param { shape { dim: 0 dim: 3 dim: -1 } } }\n"
              "layer { name: 'p' type: 'Permute' bottom: 'r' top: 'p' permute_param { order: [0, 2] } }",
              NULL, "p", x, (float[]){1, 3, 5, 2, 4, 6}, 6);
  check_layer("reshape of a middle axis, flatten of inner axes", (int64_t[]){2, 3, 1}, 3,
              "layer { name: 'r' type: 'Reshape' bottom: 'data' top: 'r'\n"
              "  reshape_param { axis: 1 num_axes: 1 shape { dim: 1 dim: -1 } } }\n"
              "layer { name: 'f' type: 'Flatten' bottom: 'r' top: 'f' flatten_param { axis: 2 end_axis: 3 } }\n"
              "layer { name: 'p' type: 'Permute' bottom: 'f' top: 'p' permute_param { order: [2, 1, 0] } }",
              NULL, "p", x, (float[]){1, 4, 2, 5, 3, 6}, 6);
  float img[16];
  ramp(img, 16, 0, 1);
  check_layer("crop to a reference", (int64_t[]){1, 1, 4, 4}, 4,
              "layer { name: 'ref' type: 'Pooling' bottom: 'data' top: 'ref'\n"
              "  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }\n"
              "layer { name: 'c' type: 'Crop' bottom: 'data' bottom: 'ref' top: 'c' crop_param { offset: [1, 2] } }\n"
              "layer { name: 'silence' type: 'Silence' bottom: 'ref' }",
              NULL, "c", img, (float[]){6, 7, 10, 11}, 4);
}

static void test_ssd_layers(void) {
  check_layer("normalize per position, per channel scale", (int64_t[]){1, 2, 1, 1}, 4,
              "layer { name: 'n' type: 'Normalize' bottom: 'data' top: 'n'\n"
              "  norm_param { across_spatial: false channel_shared: false eps: 0 } }",
              "layer { name: 'n' blobs { data: [1, 2] } }", "n", (float[]){3, 4},
              (float[]){0.6f, 1.6f}, 2);
  /* One cell of a 1x1 feature map over a 10x10 image: 4 priors. */
  float s2 = sqrtf(2);
  float priors[32] = {0.3f, 0.3f, 0.7f, 0.7f, 0.2f, 0.2f, 0.8f, 0.8f,
                      (5 - 2 * s2) / 10, (5 - s2) / 10, (5 + 2 * s2) / 10, (5 + s2) / 10,
                      (5 - s2) / 10, (5 - 2 * s2) / 10, (5 + s2) / 10, (5 + 2 * s2) / 10};
  for (int i = 0; i < 16; i++) priors[16 + i] = i % 4 < 2 ? 0.1f : 0.2f;
  check_layer("prior box", (int64_t[]){1, 1, 1, 1}, 4,
              "layer { name: 'pb' type: 'PriorBox' bottom: 'data' top: 'pb'\n"
              "  prior_box_param { min_size: 4 max_size: 9 aspect_ratio: 2 flip: true\n"
              "    variance: [0.1, 0.1, 0.2, 0.2] img_size: 10 step: 10 } }",
              NULL, "pb", (float[]){0}, priors, 32);
  /* Decoding with zero offsets gives the priors back. Of class 1, prior 1
   * overlaps prior 0 by IoU 0.44 and stays, prior 2 by 0.55 and goes;
   * prior 3 scores below the threshold. The third row is padding. */
  float inputs[24] = {0};
  float *conf = inputs + 16;
  conf[1] = 0.9f; /* prior 0, class 1 */
  conf[3] = 0.8f; /* prior 1 contains prior 0: IoU 0.44 */
  conf[5] = 0.3f; /* prior 2 */
  conf[7] = 0.01f;
  const char *deploy =
      "input: 'loc' input_shape { dim: 1 dim: 16 }\n"
      "input: 'conf' input_shape { dim: 1 dim: 8 }\n"
      "input: 'img' input_shape { dim: 1 dim: 1 dim: 1 dim: 1 }\n"
      "layer { name: 'pb' type: 'PriorBox' bottom: 'img' top: 'pb'\n"
      "  prior_box_param { min_size: 4 max_size: 9 aspect_ratio: 2 flip: true\n"
      "    variance: [0.1, 0.1, 0.2, 0.2] img_size: 10 step: 10 } }\n"
      "layer { name: 'det' type: 'DetectionOutput' bottom: 'loc' bottom: 'conf' bottom: 'pb'\n"
      "  top: 'det' top: 'count'\n"
      "  detection_output_param { num_classes: 2 background_label_id: 0 code_type: CENTER_SIZE\n"
      "    keep_top_k: 3 confidence_threshold: 0.05 nms_param { nms_threshold: 0.5 top_k: 10 } } }";
  float out[22] = {0};
  Net n = {.deploy = deploy, .outputs = "det,count", .nb_inputs = 3,
           .inputs = {inputs, conf, (float[]){0}}, .out = out, .out_count = 22};
  CHECK_INT(run_net(&n), TRT_STATUS_OK);
  TrtDims det = {4, {1, 1, 3, 7}};
  CHECK(trt_dims_equal(&n.out_dims[0], &det));
  float want[21] = {0, 1, 0.9f, 0.3f, 0.3f, 0.7f, 0.7f, 0, 1, 0.8f, 0.2f, 0.2f, 0.8f, 0.8f,
                    -1, -1, -1, -1, -1, -1, -1};
  check_values("detection output", out, want, 21, 1e-5);
  int32_t count;
  memcpy(&count, out + 21, sizeof count);
  CHECK_INT(count, 2);
}

/* ---- nets as a whole ----------------------------------------------------------------- */

/* An old net: header inputs with input_dim, `layers` with enum types, and
 * V1 weights. In-place ReLU keeps the blob name on the newest value. */
static void test_v1_net_and_in_place_names(void) {
  const char *deploy =
      "name: 'old'\ninput: 'data'\ninput_dim: 1 input_dim: 3 input_dim: 1 input_dim: 1\n"
      "layers { name: 'ip' type: INNER_PRODUCT bottom: 'data' top: 'ip'\n"
      "  blobs_lr: 1 inner_product_param { num_output: 2 } }\n"
      "layers { name: 'relu' type: RELU bottom: 'ip' top: 'ip' }\n"
      "layers { name: 'prob' type: SOFTMAX bottom: 'ip' top: 'prob' }\n";
  const char *model =
      "layers { name: 'data' type: DATA top: 'data' top: 'label' }\n"
      "layers { name: 'ip' type: INNER_PRODUCT blobs { num: 1 channels: 1 height: 2 width: 3\n"
      "  data: [1, 0, -1, 0.5, 0.5, 0.5] } blobs { num: 1 channels: 1 height: 1 width: 2\n"
      "  data: [0, -10] } }\n"
      "layers { name: 'loss' type: SOFTMAX_LOSS bottom: 'ip' bottom: 'label' }\n";
  float out[2];
  Net n = {.deploy = deploy, .model = model, .outputs = "prob", .nb_inputs = 1,
           .inputs = {(float[]){3, 1, 2}}, .out = out, .out_count = 2};
  CHECK_INT(run_net(&n), TRT_STATUS_OK);
  /* ip = [1, -7] -> relu [1, 0] -> softmax */
  check_values("v1 net", out, (float[]){(float)(exp(1) / (exp(1) + 1)), (float)(1 / (exp(1) + 1))}, 2, 1e-6);

  /* The object API: blob names, in-place renaming, default outputs. */
  char *dpath = write_file("v1.prototxt", deploy, strlen(deploy));
  char *mpath = write_binary("v1.caffemodel", &caffe__net_parameter__descriptor, model);
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, logger);
  TrtCaffeParser *parser = trt_caffe_parser_new();
  const TrtBlobNameToTensor *blobs =
      trt_caffe_parser_parse(parser, dpath, mpath, net, TRT_DATA_TYPE_HALF);
  CHECK(blobs != NULL);
  TrtTensor *ip = trt_blob_name_to_tensor_find(blobs, "ip");
  CHECK(ip && trt_network_find_tensor(net, "ip") == ip);
  TrtTensor *before = trt_network_find_tensor(net, "ip_before_relu");
  CHECK(before && before != ip);
  CHECK(trt_blob_name_to_tensor_find(blobs, "label") == NULL);
  CHECK(trt_blob_name_to_tensor_find(blobs, "data") == trt_network_get_input(net, 0));
  CHECK(trt_blob_name_to_tensor_find(NULL, "ip") == NULL);
  CHECK(trt_caffe_parser_parse(parser, dpath, mpath, net, TRT_DATA_TYPE_INT8) == NULL);
  CHECK(strstr(last_error, "dtype"));
  trt_caffe_parser_free(parser);
  trt_network_free(net);
  net = trt_network_new();
  CHECK_INT(trt_caffe_parse_files(net, dpath, mpath, NULL, logger), TRT_STATUS_OK);
  CHECK_INT(trt_network_get_nb_outputs(net), 1);
  CHECK(trt_network_get_nb_outputs(net) == 1 &&
        strcmp(trt_tensor_get_name(trt_network_get_output(net, 0)), "prob") == 0);
  trt_network_free(net);
  free(dpath);
  free(mpath);
}

/* Layers kept out of the TEST phase are skipped; input_shape header form;
 * an in-place layer on a network input. */
static void test_phases_and_header_shapes(void) {
  const char *deploy =
      "input: 'data' input_shape { dim: 1 dim: 2 }\n"
      "state { stage: 'deploy' }\n"
      "layer { name: 'train_only' type: 'Accuracy' bottom: 'data' bottom: 'label' top: 'acc'\n"
      "  include { phase: TRAIN } }\n"
      "layer { name: 'not_test' type: 'Data' top: 'x' exclude { phase: TEST } }\n"
      "layer { name: 'other_stage' type: 'Data' top: 'y' include { stage: 'train' } }\n"
      "layer { name: 'scale' type: 'Power' bottom: 'data' top: 'data' include { stage: 'deploy' }\n"
      "  power_param { scale: 3 } }\n"
      "layer { name: 'abs' type: 'AbsVal' bottom: 'data' top: 'out' }\n";
  float out[2];
  Net n = {.deploy = deploy, .outputs = "out,data", .nb_inputs = 1, .inputs = {(float[]){-1, 2}},
           .out = out, .out_count = 4};
  float all[4];
  n.out = all;
  CHECK_INT(run_net(&n), TRT_STATUS_OK);
  check_values("phases", all, (float[]){3, 6, -3, 6}, 4, 1e-6);
  (void)out;
}

static void test_mean_file(void) {
  char *path = write_binary("mean.binaryproto", &caffe__blob_proto__descriptor,
                            "num: 1 channels: 1 height: 2 width: 2 data: [1, 2, 3, 4.5]");
  TrtCaffeParser *parser = trt_caffe_parser_new();
  trt_caffe_parser_set_logger(parser, logger);
  TrtHostTensor mean;
  CHECK_INT(trt_caffe_parser_parse_binary_proto(parser, path, &mean), TRT_STATUS_OK);
  TrtDims want = {4, {1, 1, 2, 2}};
  CHECK(trt_dims_equal(&mean.dims, &want) && mean.type == TRT_DATA_TYPE_FLOAT &&
        mean.size == 16 && ((float *)mean.data)[3] == 4.5f);
  trt_host_tensor_free(&mean);
  free(path);
  path = write_binary("mean2.binaryproto", &caffe__blob_proto__descriptor,
                      "shape { dim: 3 } double_data: [0.25, 0.5, 1e3]");
  CHECK_INT(trt_caffe_parser_parse_binary_proto(parser, path, &mean), TRT_STATUS_OK);
  CHECK(mean.dims.nb_dims == 1 && mean.dims.d[0] == 3 && ((float *)mean.data)[2] == 1000);
  trt_host_tensor_free(&mean);
  free(path);
  path = write_binary("mean3.binaryproto", &caffe__blob_proto__descriptor,
                      "shape { dim: 2 dim: 2 } data: [1, 2, 3]");
  CHECK_INT(trt_caffe_parser_parse_binary_proto(parser, path, &mean), TRT_STATUS_PARSE_ERROR);
  CHECK(strstr(last_error, "mean3.binaryproto") && strstr(last_error, "3 values"));
  free(path);
  path = write_file("garbage.binaryproto", "\xff\xff\xff\xff\x0f", 5);
  CHECK_INT(trt_caffe_parser_parse_binary_proto(parser, path, &mean), TRT_STATUS_PARSE_ERROR);
  CHECK(strstr(last_error, "garbage.binaryproto") && strstr(last_error, "BlobProto"));
  free(path);
  CHECK_INT(trt_caffe_parser_parse_binary_proto(parser, "/nonexistent/m.binaryproto", &mean),
            TRT_STATUS_FILE_ERROR);
  trt_caffe_parser_free(parser);
}

/* ---- bad files ------------------------------------------------------------------------- */

static void check_failure(const char *what, const char *deploy, const char *model,
                          TrtStatus status, const char *part1, const char *part2) {
  float out[1];
  Net n = {.deploy = deploy, .model = model, .outputs = "out", .nb_inputs = 1,
           .inputs = {(float[]){0}}, .out = out, .out_count = 1};
  TrtStatus s = run_net(&n);
  CHECK_INT(s, status);
  bool ok = strstr(last_error, part1) && (!part2 || strstr(last_error, part2));
  if (!ok) fprintf(stderr, "  %s: got '%s'\n", what, last_error);
  CHECK(ok);
}

static void test_bad_files(void) {
  const char *input = "input: 'data' input_shape { dim: 1 dim: 2 }\n";
  char deploy[1024];
  /* Syntax: the file, line and column. */
  check_failure("syntax", "input: 'data'\ninput_shape { dim: 1 dim 2 }", NULL,
                TRT_STATUS_PARSE_ERROR, ".prototxt:2:26:", "expected ':'");
  check_failure("unterminated", "layer {\n  name: 'x\n}", NULL, TRT_STATUS_PARSE_ERROR,
                ".prototxt:2:9:", "not closed");
  /* Weights missing for a layer: the layer is named. */
  snprintf(deploy, sizeof deploy, "%slayer { name: 'fc7' type: 'InnerProduct' bottom: 'data' "
           "top: 'out' inner_product_param { num_output: 1 } }", input);
  check_failure("no weights layer", deploy, "layer { name: 'fc6' }", TRT_STATUS_PARSE_ERROR,
                "layer 'fc7' (InnerProduct)", "has no layer of this name");
  check_failure("one blob of two", deploy, "layer { name: 'fc7' blobs { data: [1, 2] } }",
                TRT_STATUS_PARSE_ERROR, "layer 'fc7' (InnerProduct)", "1 weight blob");
  check_failure("weight count", deploy,
                "layer { name: 'fc7' blobs { data: [1, 2, 3] } blobs { data: 0 } }",
                TRT_STATUS_SHAPE_ERROR, "layer 'fc7'", "3 values, 2 expected");
  check_failure("no weights file", deploy, NULL, TRT_STATUS_INVALID_ARGUMENT, "layer 'fc7'",
                "no weights file");
  /* Unknown and training layer types, unknown bottoms. */
  snprintf(deploy, sizeof deploy, "%slayer { name: 'w' type: 'Warp' bottom: 'data' top: 'out' }", input);
  check_failure("unknown type", deploy, NULL, TRT_STATUS_UNSUPPORTED, "layer 'w' (Warp)",
                "not supported");
  snprintf(deploy, sizeof deploy, "%slayer { name: 'l' type: 'SoftmaxWithLoss' bottom: 'data' "
           "bottom: 'label' top: 'out' }", input);
  check_failure("loss layer", deploy, NULL, TRT_STATUS_UNSUPPORTED, "layer 'l'", "training");
  snprintf(deploy, sizeof deploy, "%slayer { name: 'r' type: 'ReLU' bottom: 'dta' top: 'out' }", input);
  check_failure("unknown bottom", deploy, NULL, TRT_STATUS_INVALID_ARGUMENT, "layer 'r' (ReLU)",
                "bottom 'dta'");
  snprintf(deploy, sizeof deploy, "%slayer { name: 'r' type: 'ReLU' bottom: 'data' top: 'x' }", input);
  check_failure("no such output", deploy, NULL, TRT_STATUS_INVALID_ARGUMENT, "no blob 'out'",
                "data, x");
  /* Bad parameters found at parse time, with the layer. */
  snprintf(deploy, sizeof deploy, "%slayer { name: 'p' type: 'Pooling' bottom: 'data' top: 'out' "
           "pooling_param { kernel_size: 2 } }", input);
  check_failure("pooling of a 2-D blob", deploy, NULL, TRT_STATUS_SHAPE_ERROR, "layer 'p' (Pooling)",
                "[N, C, H, W]");
  snprintf(deploy, sizeof deploy, "%slayer { name: 's' type: 'Slice' bottom: 'data' top: 'out' "
           "top: 'b' top: 'c' }", input);
  check_failure("uneven slice", deploy, NULL, TRT_STATUS_SHAPE_ERROR, "layer 's' (Slice)",
                "equal parts");
  snprintf(deploy, sizeof deploy, "%slayer { name: 'e' type: 'Exp' bottom: 'data' top: 'out' "
           "exp_param { base: -2 } }", input);
  check_failure("exp base", deploy, NULL, TRT_STATUS_INVALID_ARGUMENT, "layer 'e' (Exp)", "base");
  snprintf(deploy, sizeof deploy, "%slayer { name: 'c' type: 'Concat' bottom: 'data' bottom: 'data' "
           "top: 'out' concat_param { axis: 5 } }", input);
  check_failure("concat axis", deploy, NULL, TRT_STATUS_INVALID_ARGUMENT, "layer 'c' (Concat)",
                "axis 5");
  /* A shape problem that only shape inference sees. */
  snprintf(deploy, sizeof deploy, "%slayer { name: 'r' type: 'Reshape' bottom: 'data' top: 'out' "
           "reshape_param { shape { dim: 3 } } }", input);
  check_failure("reshape count", deploy, NULL, TRT_STATUS_SHAPE_ERROR, "shapes do not fit", NULL);
  /* Header and net structure. */
  check_failure("header dims", "input: 'data' input_dim: 1 input_dim: 2", NULL,
                TRT_STATUS_INVALID_ARGUMENT, ".prototxt", "four input_dim");
  check_failure("zero dim", "input: 'data' input_shape { dim: 1 dim: 0 }", NULL,
                TRT_STATUS_INVALID_ARGUMENT, "input 'data'", "each >= 1");
  check_failure("mixed formats",
                "input: 'data' input_shape { dim: 1 }\nlayer { name: 'a' type: 'ReLU' }\n"
                "layers { name: 'b' type: RELU }",
                NULL, TRT_STATUS_INVALID_ARGUMENT, ".prototxt", "mixes");
  check_failure("no layers", "name: 'empty'", NULL, TRT_STATUS_INVALID_ARGUMENT, ".prototxt",
                "no layers");
  /* A model file that is not a model. */
  float out[1];
  Net n = {.deploy = "input: 'data' input_shape { dim: 1 }\nlayer { name: 'out' type: 'ReLU' "
                     "bottom: 'data' top: 'out' }",
           .outputs = "out", .nb_inputs = 1, .inputs = {(float[]){0}}, .out = out, .out_count = 1};
  char *dpath = write_file("ok.prototxt", n.deploy, strlen(n.deploy));
  char *garbage = write_file("garbage.caffemodel", "\x0a\xff\xff\xff\xff\x0f", 6);
  TrtNetwork *net = trt_network_new();
  CHECK_INT(trt_caffe_parse_files(net, dpath, garbage, NULL, logger), TRT_STATUS_PARSE_ERROR);
  CHECK(strstr(last_error, "garbage.caffemodel") && strstr(last_error, "not a Caffe model"));
  CHECK_INT(trt_caffe_parse_files(net, "/nonexistent/deploy.prototxt", NULL, NULL, logger),
            TRT_STATUS_FILE_ERROR);
  CHECK(strstr(last_error, "/nonexistent/deploy.prototxt"));
  trt_network_free(net);
  free(dpath);
  free(garbage);
  /* Unknown fields of the deploy file are skipped. */
  CHECK_INT(run_net(&(Net){.deploy = "input: 'data' input_shape { dim: 1 }\n"
                                     "layer { name: 'out' type: 'ReLU' bottom: 'data' top: 'out'\n"
                                     "  custom_fork_param { speed: FAST level: 3 } }",
                           .outputs = "out", .nb_inputs = 1, .inputs = {(float[]){-1}},
                           .out = out, .out_count = 1}),
            TRT_STATUS_OK);
  CHECK(out[0] == 0);
}

static void cleanup(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}

CHECK_MAIN(test_convolution, test_deconvolution, test_pooling, test_inner_product,
           test_activations, test_power_exp_log, test_softmax_lrn_batchnorm, test_scale_bias,
           test_eltwise, test_shapes, test_ssd_layers, test_v1_net_and_in_place_names,
           test_phases_and_header_shapes, test_mean_file, test_bad_files, cleanup)
