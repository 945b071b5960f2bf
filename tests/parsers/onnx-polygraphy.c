/* The Polygraphy edge-case models: each runs and matches a reference
 * computed here from the model's own weights, or (Loop, Scan, NonZero) is
 * refused with a message that names the file, the operator and the
 * opset. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/core/util.h"
#include "../conformance/onnx-check.h"
#include "onnx-models.h"
#include "onnx.pb-c.h"

/* ---- small helpers ------------------------------------------------------ */

static TrtHostTensor tensor(const char *name, TrtDataType type, TrtDims dims) {
  TrtHostTensor t = {.name = strdup(name), .type = type, .dims = dims};
  int64_t n = trt_dims_volume(&dims);
  t.size = (size_t)n * trt_data_type_size(type);
  t.data = calloc(1, t.size ? t.size : 1);
  return t;
}

static float *f32(TrtHostTensor *t) { return t->data; }

/* Deterministic values in [-1, 1). */
static void fill(TrtHostTensor *t, unsigned seed) {
  int64_t n = trt_dims_volume(&t->dims);
  for (int64_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    f32(t)[i] = (float)((seed >> 8) & 0xffff) / 32768.0f - 1.0f;
  }
}

static Onnx__ModelProto *load(const char *path) {
  size_t size = 0;
  void *bytes = trt_read_file(path, &size);
  Onnx__ModelProto *m = bytes ? onnx__model_proto__unpack(NULL, size, bytes) : NULL;
  free(bytes);
  return m && m->graph ? m : NULL;
}

static float half_bits(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 31, frac = h & 1023;
  float v = exp == 0 ? ldexpf((float)frac, -24) : ldexpf((float)(frac | 1024), exp - 25);
  return sign ? -v : v;
}

/* Values of a float-like TensorProto (float_data, or raw FLOAT, FLOAT16 or
 * BFLOAT16), decoded here independently of the parser. */
static int proto_floats(const Onnx__TensorProto *t, float *out, int max) {
  if (t->n_float_data) {
    for (size_t i = 0; i < t->n_float_data && (int)i < max; i++) out[i] = t->float_data[i];
    return (int)t->n_float_data;
  }
  int elem = t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT ? 4 : 2;
  int n = (int)(t->raw_data.len / (size_t)elem);
  for (int i = 0; i < n && i < max; i++) {
    const uint8_t *p = t->raw_data.data + i * elem;
    if (elem == 4) {
      memcpy(&out[i], p, 4);
    } else {
      uint16_t bits = (uint16_t)(p[0] | p[1] << 8);
      if (t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16) {
        out[i] = half_bits(bits);
      } else {
        uint32_t u = (uint32_t)bits << 16;
        memcpy(&out[i], &u, 4);
      }
    }
  }
  return n;
}

static int initializer(const Onnx__ModelProto *m, const char *name, float *out, int max) {
  for (size_t i = 0; i < m->graph->n_initializer; i++)
    if (!strcmp(m->graph->initializer[i]->name, name))
      return proto_floats(m->graph->initializer[i], out, max);
  return -1;
}

/* Parses `path` and returns the status; the first error message in msg. */
typedef struct {
  char msg[1024];
} Capture;

static void capture(TrtSeverity s, const char *message, void *user) {
  Capture *c = user;
  if (s <= TRT_SEVERITY_ERROR && !c->msg[0]) snprintf(c->msg, sizeof c->msg, "%s", message);
}

static void expect_refusal(const char *dir, const char *file, const char *op) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  Capture c = {0};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtNetwork *net = trt_network_new();
  TrtStatus s = trt_onnx_parse_file(net, path, log);
  bool ok = s == TRT_STATUS_UNSUPPORTED && strstr(c.msg, path) && strstr(c.msg, op) &&
            strstr(c.msg, "opset");
  report(file, ok, "%s", ok ? "refused" : c.msg[0] ? c.msg : "parsed, but must be refused");
  if (ok) printf("     message: %s\n", c.msg);
  trt_network_free(net);
  trt_logger_free(log);
}

static void run1(const char *name, const char *path, TrtHostTensor *in, int nin,
                 TrtHostTensor *want, int nwant, double rtol, double atol) {
  run_and_compare(name, path, in, nin, want, nwant, rtol, atol);
  for (int i = 0; i < nin; i++) trt_host_tensor_free(&in[i]);
  for (int i = 0; i < nwant; i++) trt_host_tensor_free(&want[i]);
}

/* ---- the cases -------------------------------------------------------------- */

static void identity(const char *dir, const char *file, const char *in_name,
                     const char *out_name, TrtDims dims) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  TrtHostTensor in = tensor(in_name, TRT_DATA_TYPE_FLOAT, dims);
  TrtHostTensor want = tensor(out_name, TRT_DATA_TYPE_FLOAT, dims);
  fill(&in, 7);
  memcpy(want.data, in.data, in.size);
  run1(file, path, &in, 1, &want, 1, 0, 0);
}

/* Without dims for its symbolic 'height' and 'width', the build must ask
 * for them. */
static void dynamic_dims_refused(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/dynamic_identity.onnx", dir);
  Capture c = {0};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtNetwork *net = trt_network_new();
  TrtBuilder *b = trt_builder_new(log);
  TrtBuilderConfig *cfg = trt_builder_config_new();
  TrtEngine *e = trt_onnx_parse_file(net, path, log) == TRT_STATUS_OK
                     ? trt_builder_build_engine(b, net, cfg)
                     : NULL;
  bool ok = !e && strstr(c.msg, "'X'") && strstr(c.msg, "input-shape");
  report("dynamic_identity.onnx without dims", ok, "%s", c.msg);
  trt_engine_free(e);
  trt_builder_config_free(cfg);
  trt_builder_free(b);
  trt_network_free(net);
  trt_logger_free(log);
}

static void empty_expand(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/empty_tensor_expand.onnx", dir);
  /* The file declares an output of 2x0x3x0x5, which NumPy broadcasting of
   * a 2x0x3x0 input cannot give; 5x1x1x1x1 gives 5x2x0x3x0, still empty. */
  TrtHostTensor in[2] = {tensor("data", TRT_DATA_TYPE_FLOAT, (TrtDims){4, {2, 0, 3, 0}}),
                         tensor("new_shape", TRT_DATA_TYPE_INT64, (TrtDims){1, {5}})};
  int64_t shape[5] = {5, 1, 1, 1, 1};
  memcpy(in[1].data, shape, sizeof shape);
  TrtHostTensor want = tensor("expanded", TRT_DATA_TYPE_FLOAT, (TrtDims){5, {5, 2, 0, 3, 0}});
  run1("empty_tensor_expand.onnx", path, in, 2, &want, 1, 0, 0);
}

static void ext_weights(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/ext_weights.onnx", dir);
  /* a, b and d are ones in ext_weights.data: output = input + 3. */
  TrtHostTensor in = tensor("input", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {1, 3}});
  TrtHostTensor want = tensor("output", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {1, 3}});
  for (int i = 0; i < 3; i++) {
    f32(&in)[i] = (float)i;
    f32(&want)[i] = (float)i + 3;
  }
  run1("ext_weights.onnx", path, &in, 1, &want, 1, 0, 0);

  /* The same model without its data file next to it. */
  char tmp[] = "/tmp/trtinfer-extXXXXXX", copy[4096];
  size_t size = 0;
  void *bytes = trt_read_file(path, &size);
  bool ok = false;
  Capture c = {0};
  if (bytes && mkdtemp(tmp)) {
    snprintf(copy, sizeof copy, "%s/ext_weights.onnx", tmp);
    FILE *f = fopen(copy, "wb");
    if (f && fwrite(bytes, 1, size, f) == size && fclose(f) == 0) {
      TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
      TrtNetwork *net = trt_network_new();
      ok = trt_onnx_parse_file(net, copy, log) == TRT_STATUS_FILE_ERROR &&
           strstr(c.msg, copy) && strstr(c.msg, "ext_weights.data");
      trt_network_free(net);
      trt_logger_free(log);
    }
    unlink(copy);
    rmdir(tmp);
  }
  free(bytes);
  report("ext_weights.onnx without its data file", ok, "%s", c.msg);
}

static void instancenorm(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/instancenorm.onnx", dir);
  Onnx__ModelProto *m = load(path);
  float s[3], b[3];
  if (!m || initializer(m, "s", s, 3) != 3 || initializer(m, "bias", b, 3) != 3) {
    report("instancenorm.onnx", false, "cannot read its weights");
    if (m) onnx__model_proto__free_unpacked(m, NULL);
    return;
  }
  onnx__model_proto__free_unpacked(m, NULL);
  const double eps = 0.01; /* the node's epsilon attribute */
  TrtDims d = {4, {2, 3, 4, 5}};
  TrtHostTensor in = tensor("x", TRT_DATA_TYPE_FLOAT, d), want = tensor("y", TRT_DATA_TYPE_FLOAT, d);
  fill(&in, 3);
  for (int n = 0; n < 2; n++)
    for (int ch = 0; ch < 3; ch++) {
      const float *x = f32(&in) + (n * 3 + ch) * 20;
      double mean = 0, var = 0;
      for (int i = 0; i < 20; i++) mean += x[i] / 20.0;
      for (int i = 0; i < 20; i++) var += (x[i] - mean) * (x[i] - mean) / 20.0;
      for (int i = 0; i < 20; i++)
        f32(&want)[(n * 3 + ch) * 20 + i] =
            (float)(s[ch] * (x[i] - mean) / sqrt(var + eps) + b[ch]);
    }
  run1("instancenorm.onnx", path, &in, 1, &want, 1, 1e-4, 1e-5);
}

/* conv.onnx: a[1,16,8,8] * b[4,16,4,4], no padding, stride 1. */
static void conv(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/conv.onnx", dir);
  Onnx__ModelProto *m = load(path);
  static float w[4 * 16 * 4 * 4];
  if (!m || initializer(m, "b", w, 1024) != 1024) {
    report("conv.onnx", false, "cannot read its weights");
    if (m) onnx__model_proto__free_unpacked(m, NULL);
    return;
  }
  onnx__model_proto__free_unpacked(m, NULL);
  TrtHostTensor in = tensor("a", TRT_DATA_TYPE_FLOAT, (TrtDims){4, {1, 16, 8, 8}});
  TrtHostTensor want = tensor("conv_out_0", TRT_DATA_TYPE_FLOAT, (TrtDims){4, {1, 4, 5, 5}});
  fill(&in, 11);
  for (int o = 0; o < 4; o++)
    for (int y = 0; y < 5; y++)
      for (int x = 0; x < 5; x++) {
        double acc = 0;
        for (int c = 0; c < 16; c++)
          for (int ky = 0; ky < 4; ky++)
            for (int kx = 0; kx < 4; kx++)
              acc += (double)w[((o * 16 + c) * 4 + ky) * 4 + kx] *
                     f32(&in)[(c * 8 + y + ky) * 8 + x + kx];
        f32(&want)[(o * 5 + y) * 5 + x] = (float)acc;
      }
  run1("conv.onnx", path, &in, 1, &want, 1, 1e-4, 1e-4);
}

/* matmul.fp16 / .bf16: a[8,16] x b[16,k], computed here in double from the
 * 16-bit weights; the engine computes in float32. */
static void matmul16(const char *dir, const char *file) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  Onnx__ModelProto *m = load(path);
  float b[16 * 64];
  int nb = m ? initializer(m, "b", b, 16 * 64) : -1;
  if (m) onnx__model_proto__free_unpacked(m, NULL);
  if (nb <= 0 || nb % 16 || nb > 16 * 64) {
    report(file, false, "cannot read its weights");
    return;
  }
  int k = nb / 16;
  TrtHostTensor in = tensor("a", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {8, 16}});
  TrtHostTensor want = tensor("matmul_out_0", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {8, k}});
  /* Multiples of 1/8 in [-1, 1]: exact in every 16-bit float format. */
  for (int i = 0; i < 8 * 16; i++) f32(&in)[i] = (float)((i * 7) % 17 - 8) / 8.0f;
  for (int r = 0; r < 8; r++)
    for (int c = 0; c < k; c++) {
      double acc = 0;
      for (int j = 0; j < 16; j++) acc += (double)f32(&in)[r * 16 + j] * b[j * k + c];
      f32(&want)[r * k + c] = (float)acc;
    }
  run1(file, path, &in, 1, &want, 1, 1e-4, 1e-4);
}

static void multi_output(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/multi_output.onnx", dir);
  /* Split along axis 0 into 2 + 2 rows; the first half through an Identity. */
  TrtHostTensor in = tensor("input", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {4, 5}});
  TrtHostTensor want[2] = {tensor("identity_out_5", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {2, 5}}),
                           tensor("split_out_1_3", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {2, 5}})};
  fill(&in, 5);
  memcpy(want[0].data, f32(&in), 10 * sizeof(float));
  memcpy(want[1].data, f32(&in) + 10, 10 * sizeof(float));
  run1("multi_output.onnx", path, &in, 1, want, 2, 0, 0);
}

static void tensor_attr(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/tensor_attr.onnx", dir);
  Onnx__ModelProto *m = load(path);
  TrtHostTensor want = tensor("const_out", TRT_DATA_TYPE_FLOAT, (TrtDims){2, {14, 14}});
  bool read = m && m->graph->n_node == 1 && m->graph->node[0]->n_attribute == 1 &&
              m->graph->node[0]->attribute[0]->t &&
              proto_floats(m->graph->node[0]->attribute[0]->t, f32(&want), 196) == 196;
  if (m) onnx__model_proto__free_unpacked(m, NULL);
  if (!read) {
    report("tensor_attr.onnx", false, "cannot read its constant");
    trt_host_tensor_free(&want);
    return;
  }
  run1("tensor_attr.onnx", path, NULL, 0, &want, 1, 0, 0);
}

/* qdq_conv.onnx: x[1,3,3,130] quantized per channel to int8 (scales and
 * zero points along dim 1), dequantized, then a 3x3 convolution with
 * all-ones weights Weights_0[3,3,3,3]. Everything is a constant. */
static void qdq_conv(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/qdq_conv.onnx", dir);
  Onnx__ModelProto *m = load(path);
  static float x[3 * 3 * 130], w[81];
  float scale[3];
  const Onnx__TensorProto *zp = NULL;
  for (size_t i = 0; m && i < m->graph->n_initializer; i++)
    if (!strcmp(m->graph->initializer[i]->name, "y_zero_point")) zp = m->graph->initializer[i];
  bool read = m && initializer(m, "x", x, 1170) == 1170 && initializer(m, "y_scale", scale, 3) == 3 &&
              initializer(m, "Weights_0", w, 81) == 81 && zp && zp->raw_data.len == 3;
  int8_t zero[3];
  if (read) memcpy(zero, zp->raw_data.data, 3);
  if (m) onnx__model_proto__free_unpacked(m, NULL);
  if (!read) {
    report("qdq_conv.onnx", false, "cannot read its weights");
    return;
  }
  static float dq[3 * 3 * 130];
  for (int c = 0; c < 3; c++)
    for (int i = 0; i < 3 * 130; i++) {
      double q = nearbyint(x[c * 390 + i] / scale[c]) + zero[c];
      q = q < -128 ? -128 : q > 127 ? 127 : q;
      dq[c * 390 + i] = (float)((q - zero[c]) * scale[c]);
    }
  TrtHostTensor want = tensor("conv_out_4", TRT_DATA_TYPE_FLOAT, (TrtDims){4, {1, 3, 1, 128}});
  for (int o = 0; o < 3; o++)
    for (int j = 0; j < 128; j++) {
      double acc = 0;
      for (int c = 0; c < 3; c++)
        for (int ky = 0; ky < 3; ky++)
          for (int kx = 0; kx < 3; kx++)
            acc += (double)w[((o * 3 + c) * 3 + ky) * 3 + kx] * dq[(c * 3 + ky) * 130 + j + kx];
      f32(&want)[o * 128 + j] = (float)acc;
    }
  run1("qdq_conv.onnx", path, NULL, 0, &want, 1, 1e-5, 1e-4);
}

/* residual_block.onnx has no reference: its convolutions accept any image
 * size, so run it on a small one, check the output is finite, and that a
 * batch of two identical images gives the single-image result twice. */
static void residual_block(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/residual_block.onnx", dir);
  OnnxRunOptions opts = {.backend = TRT_BACKEND_CPU};
  TrtHostTensor one = tensor("gpu_0/data_0", TRT_DATA_TYPE_FLOAT, (TrtDims){4, {1, 3, 32, 32}});
  TrtHostTensor two = tensor("gpu_0/data_0", TRT_DATA_TYPE_FLOAT, (TrtDims){4, {2, 3, 32, 32}});
  fill(&one, 9);
  memcpy(two.data, one.data, one.size);
  memcpy((char *)two.data + one.size, one.data, one.size);
  TrtHostTensor *o1 = NULL, *o2 = NULL;
  int n1 = 0, n2 = 0;
  char why[1024] = "";
  bool ok = onnx_check_run(path, &one, 1, &opts, &o1, &n1, why, sizeof why) == TRT_STATUS_OK &&
            onnx_check_run(path, &two, 1, &opts, &o2, &n2, why, sizeof why) == TRT_STATUS_OK &&
            n1 == 1 && n2 == 1 && o1[0].dims.nb_dims == 4 && o2[0].dims.d[0] == 2 &&
            o2[0].size == 2 * o1[0].size;
  int64_t n = ok ? trt_dims_volume(&o1[0].dims) : 0;
  for (int64_t i = 0; i < n && ok; i++) {
    float a = f32(&o1[0])[i], b = f32(&o2[0])[i], c = f32(&o2[0])[n + i];
    ok = isfinite(a) && fabsf(a - b) <= 1e-5f + 1e-4f * fabsf(a) && b == c;
    if (!ok) snprintf(why, sizeof why, "element %lld: %g vs %g / %g", (long long)i, a, b, c);
  }
  report("residual_block.onnx", ok, "%s", why);
  onnx_check_free_set(o1, n1);
  onnx_check_free_set(o2, n2);
  trt_host_tensor_free(&one);
  trt_host_tensor_free(&two);
}

void check_polygraphy(const char *dir) {
  identity(dir, "identity.onnx", "x", "y", (TrtDims){4, {1, 1, 2, 2}});
  identity(dir, "dynamic_identity.onnx", "X", "Y", (TrtDims){4, {1, 2, 3, 4}});
  dynamic_dims_refused(dir);
  identity(dir, "dim_param.onnx", "Input:0", "Output:0", (TrtDims){3, {2, 16, 128}});
  empty_expand(dir);
  ext_weights(dir);
  instancenorm(dir);
  conv(dir);
  matmul16(dir, "matmul.fp16.onnx");
  matmul16(dir, "matmul.bf16.onnx");
  multi_output(dir);
  tensor_attr(dir);
  residual_block(dir);
  expect_refusal(dir, "loop.onnx", "Loop");
  expect_refusal(dir, "scan.onnx", "Scan");
  expect_refusal(dir, "nonzero.onnx", "NonZero");
  qdq_conv(dir);
}
