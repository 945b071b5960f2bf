/* Running the test graphs: see harness.h. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

TrtLogger *logger;

void check_init(int argc, char **argv) {
  (void)argc;
  (void)argv;
  logger = trt_logger_new_console(TRT_SEVERITY_WARNING);
}

float rnd(uint32_t *s) {
  *s = *s * 1664525u + 1013904223u;
  return (float)((*s >> 8) & 0xffff) / 32768.0f - 1.0f;
}

void fill(float *x, size_t n, uint32_t seed) {
  for (size_t i = 0; i < n; i++) x[i] = rnd(&seed);
}

size_t volume(const int64_t *dims, int rank) {
  size_t n = 1;
  for (int i = 0; i < rank; i++) n *= (size_t)dims[i];
  return n;
}

/* ---- running a graph ---------------------------------------------------------------- */

/* data of TF dims (channels last) laid out channels first. */
static void to_channels_first(const float *x, const int64_t *dims, int rank, float *out) {
  int64_t n = dims[0], c = dims[rank - 1], spatial = 1;
  for (int i = 1; i < rank - 1; i++) spatial *= dims[i];
  for (int64_t b = 0; b < n; b++)
    for (int64_t s = 0; s < spatial; s++)
      for (int64_t k = 0; k < c; k++) out[(b * c + k) * spatial + s] = x[(b * spatial + s) * c + k];
}

/* Parses the graph with each feed registered (dims without the batch,
 * channels first) in `order`, builds for the feeds' batch and runs;
 * `out` receives the output in TF's order. */
bool run_graph(const uint8_t *pb, size_t size, const Feed *feeds, int nb_feeds,
                      const char *output, TrtUffInputOrder order, float *out, TrtDims *out_dims) {
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(builder);
  TrtUffParser *parser = trt_uff_parser_new();
  for (int i = 0; i < nb_feeds; i++) {
    const Feed *f = &feeds[i];
    TrtDims chw = {f->rank - 1, {0}};
    if (f->rank >= 2) chw.d[0] = f->dims[f->rank - 1];
    for (int k = 1; k < f->rank - 1; k++) chw.d[k] = f->dims[k];
    CHECK_INT(trt_uff_parser_register_input(parser, f->name, &chw, order), TRT_STATUS_OK);
  }
  CHECK_INT(trt_uff_parser_register_output(parser, output), TRT_STATUS_OK);
  TrtStatus s = trt_uff_parser_parse_buffer(parser, pb, size, net, TRT_DATA_TYPE_FLOAT);
  CHECK_INT(s, TRT_STATUS_OK);
  TrtEngine *engine = NULL;
  TrtContext *context = NULL;
  if (s == TRT_STATUS_OK) {
    TrtBuilderConfig *config = trt_builder_config_new();
    trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
    trt_builder_config_set_max_batch_size(config, nb_feeds ? (int)feeds[0].dims[0] : 1);
    engine = trt_builder_build_engine(builder, net, config);
    trt_builder_config_free(config);
    CHECK(engine != NULL);
    context = engine ? trt_engine_create_context(engine) : NULL;
  }
  bool ok = context != NULL;
  void *bindings[8] = {0};
  float *transposed[8] = {0};
  for (int i = 0; ok && i < nb_feeds; i++) {
    const Feed *f = &feeds[i];
    int b = trt_engine_get_binding_index(engine, f->name);
    CHECK(b >= 0 && b < 8);
    if (b < 0 || b >= 8) {
      ok = false;
      break;
    }
    bindings[b] = (void *)f->data;
    if (order == TRT_UFF_INPUT_ORDER_NCHW && f->rank >= 3) {
      transposed[i] = malloc(volume(f->dims, f->rank) * sizeof(float));
      to_channels_first(f->data, f->dims, f->rank, transposed[i]);
      bindings[b] = transposed[i];
    }
  }
  int ob = ok ? trt_engine_get_binding_index(engine, output) : -1;
  CHECK(!ok || (ob >= 0 && ob < 8));
  if (ok && ob >= 0 && ob < 8) {
    bindings[ob] = out;
    s = trt_context_execute(context, nb_feeds ? (int)feeds[0].dims[0] : 1, bindings);
    CHECK_INT(s, TRT_STATUS_OK);
    *out_dims = trt_context_get_binding_dims(context, ob);
    ok = s == TRT_STATUS_OK;
  } else {
    ok = false;
  }
  for (int i = 0; i < 8; i++) free(transposed[i]);
  trt_context_free(context);
  trt_engine_free(engine);
  trt_uff_parser_free(parser);
  trt_network_free(net);
  trt_builder_free(builder);
  return ok;
}

/* The output must have TF dims want_dims and values want (within tol),
 * with the inputs registered NHWC and, when one is an image, NCHW. */
void expect_bytes(const char *what, const uint8_t *pb, size_t size, const Feed *feeds,
                         int nb_feeds, const char *output, const int64_t *want_dims, int want_rank,
                         const float *want, double tol) {
  bool image = false;
  for (int i = 0; i < nb_feeds; i++) image = image || feeds[i].rank >= 3;
  size_t n = volume(want_dims, want_rank);
  float *got = malloc((n + 1) * sizeof *got);
  for (int o = 0; o < (image ? 2 : 1); o++) {
    TrtUffInputOrder order = o ? TRT_UFF_INPUT_ORDER_NCHW : TRT_UFF_INPUT_ORDER_NHWC;
    TrtDims dims = {0};
    memset(got, 0, (n + 1) * sizeof *got);
    if (!run_graph(pb, size, feeds, nb_feeds, output, order, got, &dims)) {
      printf("FAIL %s (%s input): did not run\n", what, o ? "NCHW" : "NHWC");
      continue;
    }
    bool dims_ok = dims.nb_dims == want_rank;
    for (int i = 0; dims_ok && i < want_rank; i++) dims_ok = dims.d[i] == want_dims[i];
    CHECK(dims_ok);
    int bad = 0;
    double worst = 0;
    for (size_t i = 0; dims_ok && i < n; i++) {
      double d = fabs((double)got[i] - want[i]);
      if (isnan(want[i]) ? !isnan(got[i]) : !(d <= tol * (1 + fabs(want[i])))) bad++;
      if (d > worst) worst = d;
    }
    CHECK_INT(bad, 0);
    if (bad || !dims_ok) {
      char buf[128];
      printf("FAIL %s (%s input): output %s, %d of %zu values off (max |diff| %.3g)\n", what,
             o ? "NCHW" : "NHWC", trt_dims_format(&dims, buf, sizeof buf), bad, n, worst);
    }
  }
  free(got);
}

void expect(const char *what, const Tfg *g, const Feed *feeds, int nb_feeds,
                   const char *output, const int64_t *want_dims, int want_rank, const float *want,
                   double tol) {
  size_t size;
  uint8_t *pb = tfg_pack(g, &size);
  expect_bytes(what, pb, size, feeds, nb_feeds, output, want_dims, want_rank, want, tol);
  free(pb);
}


void pre_conv(Tfg *g, int64_t n, int64_t h, int64_t w, int64_t c, int64_t c_out, float *x,
              float *y, uint32_t seed) {
  float *k = malloc((size_t)(c * c_out) * sizeof *k);
  fill(x, (size_t)(n * h * w * c), seed);
  fill(k, (size_t)(c * c_out), seed + 99);
  tfg_placeholder(g, "x", (int64_t[]){-1, h, w, c}, 4);
  tfg_const_f32(g, "pre_w", (int64_t[]){1, 1, c, c_out}, 4, k);
  Tensorflow__NodeDef *conv = tfg_node(g, "pre", "Conv2D", "x", "pre_w", NULL);
  tfg_ints(g, conv, "strides", (int64_t[]){1, 1, 1, 1}, 4);
  tfg_string(g, conv, "padding", "SAME");
  for (int64_t p = 0; p < n * h * w; p++)
    for (int64_t o = 0; o < c_out; o++) {
      double acc = 0;
      for (int64_t i = 0; i < c; i++) acc += x[p * c + i] * k[i * c_out + o];
      y[p * c_out + o] = (float)acc;
    }
  free(k);
}


/* TensorFlow's output size and leading pad of one dim. */
int64_t out_size(int64_t in, int64_t k, int64_t stride, int64_t dilation, bool same,
                        int64_t *pad) {
  int64_t window = (k - 1) * dilation + 1;
  if (!same) {
    *pad = 0;
    return (in - window) / stride + 1;
  }
  int64_t out = (in + stride - 1) / stride;
  int64_t total = (out - 1) * stride + window - in;
  *pad = total > 0 ? total / 2 : 0;
  return out;
}

/* Conv2D, or DepthwiseConv2dNative when `depthwise` (filter [kh,kw,C,M]). */
Shape4 ref_conv(const float *x, Shape4 in, const float *w, const int64_t *wd, int64_t sh,
                       int64_t sw, int64_t dh, int64_t dw, bool same, bool depthwise, float *y) {
  int64_t pt, pl;
  Shape4 o = {in.n, out_size(in.h, wd[0], sh, dh, same, &pt), out_size(in.w, wd[1], sw, dw, same, &pl),
              depthwise ? wd[2] * wd[3] : wd[3]};
  int64_t groups = depthwise ? in.c : in.c / wd[2], per_group = o.c / groups;
  for (int64_t b = 0; b < o.n; b++)
    for (int64_t i = 0; i < o.h; i++)
      for (int64_t j = 0; j < o.w; j++)
        for (int64_t co = 0; co < o.c; co++) {
          double acc = 0;
          int64_t g = co / per_group;
          for (int64_t ki = 0; ki < wd[0]; ki++)
            for (int64_t kj = 0; kj < wd[1]; kj++) {
              int64_t yi = i * sh + ki * dh - pt, xj = j * sw + kj * dw - pl;
              if (yi < 0 || yi >= in.h || xj < 0 || xj >= in.w) continue;
              const float *px = x + ((b * in.h + yi) * in.w + xj) * in.c;
              if (depthwise) {
                int64_t c = co / wd[3], m = co % wd[3];
                acc += px[c] * w[((ki * wd[1] + kj) * wd[2] + c) * wd[3] + m];
              } else {
                for (int64_t ci = 0; ci < wd[2]; ci++)
                  acc += px[g * wd[2] + ci] * w[((ki * wd[1] + kj) * wd[2] + ci) * wd[3] + co];
              }
            }
          y[((b * o.h + i) * o.w + j) * o.c + co] = (float)acc;
        }
  return o;
}

/* MaxPool / AvgPool; the average counts only the window inside the input. */
Shape4 ref_pool(const float *x, Shape4 in, int64_t k, int64_t s, bool same, bool avg,
                       float *y) {
  int64_t pt, pl;
  Shape4 o = {in.n, out_size(in.h, k, s, 1, same, &pt), out_size(in.w, k, s, 1, same, &pl), in.c};
  for (int64_t b = 0; b < o.n; b++)
    for (int64_t i = 0; i < o.h; i++)
      for (int64_t j = 0; j < o.w; j++)
        for (int64_t c = 0; c < o.c; c++) {
          double acc = avg ? 0 : -INFINITY;
          int count = 0;
          for (int64_t ki = 0; ki < k; ki++)
            for (int64_t kj = 0; kj < k; kj++) {
              int64_t yi = i * s + ki - pt, xj = j * s + kj - pl;
              if (yi < 0 || yi >= in.h || xj < 0 || xj >= in.w) continue;
              double v = x[((b * in.h + yi) * in.w + xj) * in.c + c];
              acc = avg ? acc + v : fmax(acc, v);
              count++;
            }
          y[((b * o.h + i) * o.w + j) * o.c + c] = (float)(avg ? acc / count : acc);
        }
  return o;
}
