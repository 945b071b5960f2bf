/* Hostile sizes become clear errors: the tensor memory budget
 * (TRTINFER_MAX_TENSOR_BYTES) for network inputs and layer outputs, dims
 * whose products overflow 64 bits, ONNX tensors whose dims ask for more
 * than their data holds, ONNX graphs whose nodes form a cycle, strings
 * without end (an engine file's, a .prototxt's) and .prototxt messages
 * nested 100000 deep. Each case must fail with a message that says what to
 * do, never crash. And a convolution padded by millions, which is valid,
 * must build and run in moments (oneDNN took 18 s and ran out of its way).
 *
 *   limits-test */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "core/checksum.h"
#include "core/tensor-limits.h"
#include "onnx.pb-c.h"

static int passed, failed;

static void check(const char *name, bool ok, const char *detail) {
  printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail ? ": " : "", detail ? detail : "");
  if (ok)
    passed++;
  else
    failed++;
}

/* The first error logged. */
typedef struct {
  char first[2048];
} Capture;

static void capture(TrtSeverity s, const char *message, void *user) {
  Capture *c = user;
  if (s <= TRT_SEVERITY_ERROR && !c->first[0]) snprintf(c->first, sizeof c->first, "%s", message);
}

static void budget_parsing(void) {
  struct {
    const char *text;
    uint64_t want;
  } cases[] = {
      {NULL, TRT_MAX_TENSOR_BYTES_DEFAULT},
      {"1000", 1000},
      {"4K", 4096},
      {"3m", UINT64_C(3) << 20},
      {"2G", UINT64_C(2) << 30},
      {"1T", UINT64_C(1) << 40},
      {"0", TRT_MAX_TENSOR_BYTES_DEFAULT},   /* no budget at all is not meant */
      {"-5", TRT_MAX_TENSOR_BYTES_DEFAULT},
      {"lots", TRT_MAX_TENSOR_BYTES_DEFAULT},
      {"12Q", TRT_MAX_TENSOR_BYTES_DEFAULT},
      {"99999999999999999999", TRT_MAX_TENSOR_BYTES_DEFAULT}, /* overflows */
      {"17179869184T", UINT64_MAX},                           /* clamps */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    if (cases[i].text)
      setenv(TRT_MAX_TENSOR_BYTES_ENV, cases[i].text, 1);
    else
      unsetenv(TRT_MAX_TENSOR_BYTES_ENV);
    uint64_t got = trt_max_tensor_bytes();
    char detail[160];
    snprintf(detail, sizeof detail, "%s -> %llu (want %llu)",
             cases[i].text ? cases[i].text : "(unset)", (unsigned long long)got,
             (unsigned long long)cases[i].want);
    check("budget from the environment", got == cases[i].want, detail);
  }
  unsetenv(TRT_MAX_TENSOR_BYTES_ENV);
}

static void byte_counts(void) {
  uint64_t bytes = 0;
  TrtDims d = {3, {2, 3, 4}};
  check("bytes of 2x3x4 int64", trt_tensor_bytes(&d, TRT_DATA_TYPE_INT64, &bytes) && bytes == 192,
        NULL);
  TrtDims scalar = {0, {0}};
  check("bytes of a float scalar",
        trt_tensor_bytes(&scalar, TRT_DATA_TYPE_FLOAT, &bytes) && bytes == 4, NULL);
  TrtDims overflow = {3, {INT64_C(1) << 32, INT64_C(1) << 32, 4}};
  check("2^32 x 2^32 x 4 overflows", !trt_tensor_bytes(&overflow, TRT_DATA_TYPE_FLOAT, &bytes),
        NULL);
  TrtDims bytes_overflow = {2, {INT64_C(1) << 31, INT64_C(1) << 31}};
  check("2^62 int64 elements overflow the byte count",
        !trt_tensor_bytes(&bytes_overflow, TRT_DATA_TYPE_INT64, &bytes), NULL);
  TrtDims unknown = {2, {-1, 3}};
  check("unknown dims have no byte count",
        !trt_tensor_bytes(&unknown, TRT_DATA_TYPE_FLOAT, &bytes), NULL);
  setenv(TRT_MAX_TENSOR_BYTES_ENV, "191", 1);
  check("192 bytes are over a 191-byte budget",
        !trt_tensor_within_budget(&d, TRT_DATA_TYPE_INT64, &bytes) && bytes == 192, NULL);
  setenv(TRT_MAX_TENSOR_BYTES_ENV, "192", 1);
  check("192 bytes fit a 192-byte budget", trt_tensor_within_budget(&d, TRT_DATA_TYPE_INT64, &bytes),
        NULL);
  unsetenv(TRT_MAX_TENSOR_BYTES_ENV);
}

/* Builds `net` on the CPU; passes when building fails with an error that
 * holds every string of `needles` (NULL-ended). */
static void expect_build_error(const char *name, TrtNetwork *net, const char *const *needles) {
  Capture c = {{0}};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtBuilder *b = trt_builder_new(log);
  TrtBuilderConfig *cfg = trt_builder_config_new();
  trt_builder_config_set_backend(cfg, TRT_BACKEND_CPU);
  TrtEngine *e = trt_builder_build_engine(b, net, cfg);
  bool ok = e == NULL && c.first[0];
  for (int i = 0; needles[i]; i++) ok = ok && strstr(c.first, needles[i]);
  check(name, ok, c.first[0] ? c.first : "no error logged");
  trt_engine_free(e);
  trt_builder_config_free(cfg);
  trt_builder_free(b);
  trt_logger_free(log);
}

static void input_over_budget(void) {
  setenv(TRT_MAX_TENSOR_BYTES_ENV, "1M", 1);
  TrtNetwork *net = trt_network_new();
  TrtDims d = {4, {1, 3, 1024, 1024}};
  TrtTensor *x = trt_network_add_input(net, "frame", TRT_DATA_TYPE_FLOAT, &d);
  TrtLayer *relu = trt_network_add_activation(net, x, TRT_ACTIVATION_RELU, 0, 0);
  trt_network_mark_output(net, trt_layer_get_output(relu, 0));
  const char *needles[] = {"input 'frame'", "12582912 bytes", "1048576",
                           TRT_MAX_TENSOR_BYTES_ENV, NULL};
  expect_build_error("an input over the budget", net, needles);
  trt_network_free(net);
  unsetenv(TRT_MAX_TENSOR_BYTES_ENV);
}

/* a [1,N] + b [N,1] broadcasts to N x N: small inputs, a big output. */
static TrtNetwork *broadcast_net(int64_t n) {
  TrtNetwork *net = trt_network_new();
  TrtDims da = {2, {1, n}}, db = {2, {n, 1}};
  TrtTensor *a = trt_network_add_input(net, "a", TRT_DATA_TYPE_FLOAT, &da);
  TrtTensor *b = trt_network_add_input(net, "b", TRT_DATA_TYPE_FLOAT, &db);
  TrtLayer *add = trt_network_add_elementwise(net, a, b, TRT_ELEMENTWISE_ADD);
  trt_layer_set_name(add, "outer_sum");
  trt_network_mark_output(net, trt_layer_get_output(add, 0));
  return net;
}

static void output_over_budget(void) {
  setenv(TRT_MAX_TENSOR_BYTES_ENV, "1M", 1);
  TrtNetwork *net = broadcast_net(1024);
  const char *needles[] = {"layer 'outer_sum'", "1024x1024", "4194304 bytes",
                           TRT_MAX_TENSOR_BYTES_ENV, NULL};
  expect_build_error("a layer output over the budget", net, needles);
  trt_network_free(net);
  unsetenv(TRT_MAX_TENSOR_BYTES_ENV);
  /* The default budget refuses 2^20 x 2^20 floats (4 TiB). */
  net = broadcast_net(INT64_C(1) << 20);
  const char *big[] = {"layer 'outer_sum'", TRT_MAX_TENSOR_BYTES_ENV, NULL};
  expect_build_error("4 TiB under the default budget", net, big);
  trt_network_free(net);
  /* With no budget to speak of, sizes that do not count in 64 bits are
   * still refused: 2^31 x 2^31 floats are 2^64 bytes, and 2^32 x
   * 2^32 elements overflow the count itself. */
  setenv(TRT_MAX_TENSOR_BYTES_ENV, "17179869184T", 1);
  net = broadcast_net(INT64_C(1) << 31);
  const char *bytes[] = {"layer 'outer_sum'", "overflows 64 bits", NULL};
  expect_build_error("an output whose byte count overflows", net, bytes);
  trt_network_free(net);
  net = broadcast_net(INT64_C(1) << 32);
  const char *count[] = {"layer 'outer_sum'", "overflows 64 bits", NULL};
  expect_build_error("an output whose element count overflows", net, count);
  trt_network_free(net);
  unsetenv(TRT_MAX_TENSOR_BYTES_ENV);
}

static void input_dims_overflow(void) {
  TrtNetwork *net = trt_network_new();
  TrtDims d = {3, {INT64_C(1) << 32, INT64_C(1) << 32, 4}};
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &d);
  if (x) {
    TrtLayer *relu = trt_network_add_activation(net, x, TRT_ACTIVATION_RELU, 0, 0);
    trt_network_mark_output(net, trt_layer_get_output(relu, 0));
    const char *needles[] = {"input 'x'", "overflows 64 bits", NULL};
    expect_build_error("input dims whose product overflows", net, needles);
  } else {
    check("input dims whose product overflows", true, "refused when added");
  }
  trt_network_free(net);
}

/* ---- ONNX models made here ---------------------------------------------- */

static Onnx__ValueInfoProto *value_info(const char *name, int64_t n) {
  static Onnx__TensorShapeProto__Dimension dim, *dims[1];
  static Onnx__TensorShapeProto shape;
  static Onnx__TypeProto__Tensor tensor;
  static Onnx__TypeProto type;
  Onnx__ValueInfoProto *vi = calloc(1, sizeof *vi);
  onnx__tensor_shape_proto__dimension__init(&dim);
  dim.value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
  dim.dim_value = n;
  dims[0] = &dim;
  onnx__tensor_shape_proto__init(&shape);
  shape.n_dim = 1;
  shape.dim = dims;
  onnx__type_proto__tensor__init(&tensor);
  tensor.has_elem_type = true;
  tensor.elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  tensor.shape = &shape;
  onnx__type_proto__init(&type);
  type.value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
  type.tensor_type = &tensor;
  onnx__value_info_proto__init(vi);
  vi->name = (char *)name;
  vi->type = &type;
  return vi;
}

static Onnx__NodeProto *relu_node(char **in, char **out) {
  Onnx__NodeProto *n = calloc(1, sizeof *n);
  onnx__node_proto__init(n);
  n->op_type = "Relu";
  n->n_input = 1;
  n->input = in;
  n->n_output = 1;
  n->output = out;
  return n;
}

/* Packs a model of `graph` (opset 13) and parses it; passes when parsing
 * fails with an error holding `needle`. */
static void expect_onnx_error(const char *name, Onnx__GraphProto *graph, const char *needle) {
  Onnx__OperatorSetIdProto opset = ONNX__OPERATOR_SET_ID_PROTO__INIT, *opsets[] = {&opset};
  opset.has_version = true;
  opset.version = 13;
  Onnx__ModelProto model = ONNX__MODEL_PROTO__INIT;
  model.has_ir_version = true;
  model.ir_version = 7;
  model.n_opset_import = 1;
  model.opset_import = opsets;
  model.graph = graph;
  size_t size = onnx__model_proto__get_packed_size(&model);
  uint8_t *bytes = malloc(size);
  onnx__model_proto__pack(&model, bytes);
  Capture c = {{0}};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtNetwork *net = trt_network_new();
  TrtStatus s = trt_onnx_parse_memory(net, bytes, size, NULL, log);
  check(name, s != TRT_STATUS_OK && strstr(c.first, needle),
        c.first[0] ? c.first : "no error logged");
  trt_network_free(net);
  trt_logger_free(log);
  free(bytes);
}

static void onnx_cycle(void) {
  /* b = Relu(a), a = Relu(b): each node reads what the other writes. */
  char *a[] = {"a"}, *b[] = {"b"};
  Onnx__NodeProto *nodes[] = {relu_node(a, b), relu_node(b, a)};
  Onnx__ValueInfoProto *outputs[] = {value_info("b", 4)};
  Onnx__GraphProto g = ONNX__GRAPH_PROTO__INIT;
  g.name = "cycle";
  g.n_node = 2;
  g.node = nodes;
  g.n_output = 1;
  g.output = outputs;
  expect_onnx_error("an ONNX graph with a cycle", &g, "not produced by an earlier node");
  free(nodes[0]);
  free(nodes[1]);
  free(outputs[0]);
}

static void onnx_dims_without_data(void) {
  /* An initializer of 2^40 x 2^20 floats holding 4 bytes. */
  int64_t dims[] = {INT64_C(1) << 40, INT64_C(1) << 20};
  uint8_t four[4] = {0};
  Onnx__TensorProto w = ONNX__TENSOR_PROTO__INIT, *inits[] = {&w};
  w.name = "w";
  w.has_data_type = true;
  w.data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  w.n_dims = 2;
  w.dims = dims;
  w.has_raw_data = true;
  w.raw_data.len = sizeof four;
  w.raw_data.data = four;
  char *in[] = {"w"}, *out[] = {"y"};
  Onnx__NodeProto *nodes[] = {relu_node(in, out)};
  Onnx__ValueInfoProto *outputs[] = {value_info("y", 4)};
  Onnx__GraphProto g = ONNX__GRAPH_PROTO__INIT;
  g.name = "huge";
  g.n_node = 1;
  g.node = nodes;
  g.n_initializer = 1;
  g.initializer = inits;
  g.n_output = 1;
  g.output = outputs;
  expect_onnx_error("an ONNX initializer whose dims ask for more than its data", &g,
                    "4 bytes of data");
  /* The same with the values in float_data: none for 2^60 elements. */
  w.has_raw_data = false;
  dims[0] = INT64_C(1) << 30;
  expect_onnx_error("an ONNX initializer without values for its dims", &g,
                    "does not match its dims");
  free(nodes[0]);
  free(outputs[0]);

  /* A TensorProto file (.pb) of the same kind. */
  w.has_raw_data = true;
  size_t size = onnx__tensor_proto__get_packed_size(&w);
  uint8_t *bytes = malloc(size);
  onnx__tensor_proto__pack(&w, bytes);
  Capture c = {{0}};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtHostTensor t;
  TrtStatus s = trt_onnx_read_tensor(bytes, size, &t, log);
  check("a TensorProto whose dims ask for more than its data",
        s == TRT_STATUS_PARSE_ERROR && strstr(c.first, "4 bytes of data"), c.first);
  trt_host_tensor_free(&t);
  trt_logger_free(log);
  free(bytes);
}

/* ---- strings without end, deep nesting ------------------------------------ */

static void put_le(uint8_t *p, uint64_t v, int n) {
  for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* An engine whose first header key claims `length` bytes; its size and
 * checksum (64-bit FNV-1a of what precedes it) are made right again, so
 * that only the string is wrong. */
static void engine_string(uint32_t length, const char *needle) {
  TrtNetwork *net = trt_network_new();
  TrtDims d = {2, {1, 4}};
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &d);
  trt_network_mark_output(net, trt_layer_get_output(
                                   trt_network_add_activation(net, x, TRT_ACTIVATION_RELU, 0, 0), 0));
  TrtBuilder *b = trt_builder_new(NULL);
  TrtBuilderConfig *cfg = trt_builder_config_new();
  trt_builder_config_set_backend(cfg, TRT_BACKEND_CPU);
  TrtEngine *e = trt_builder_build_engine(b, net, cfg);
  void *data = NULL;
  size_t size = 0;
  char name[96];
  snprintf(name, sizeof name, "an engine file string of %u bytes", length);
  if (!e || trt_engine_serialize(e, &data, &size) != TRT_STATUS_OK || size < 40) {
    check(name, false, "cannot build the engine");
  } else {
    uint8_t *bytes = data;
    put_le(bytes + 28, length, 4); /* prelude (24 bytes), header count (4) */
    put_le(bytes + size - 8, trt_checksum64(bytes, size - 8), 8);
    Capture c = {{0}};
    TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
    TrtRuntime *rt = trt_runtime_new(log);
    TrtEngine *loaded = trt_runtime_deserialize_engine(rt, data, size);
    check(name, !loaded && strstr(c.first, needle), c.first[0] ? c.first : "no error logged");
    trt_engine_free(loaded);
    trt_runtime_free(rt);
    trt_logger_free(log);
  }
  free(data);
  trt_engine_free(e);
  trt_builder_config_free(cfg);
  trt_builder_free(b);
  trt_network_free(net);
}

/* Parses `text` as a Caffe deploy file; passes when it fails with an error
 * holding `needle`. */
static void expect_prototxt_error(const char *name, const char *text, const char *needle) {
  char path[] = "/tmp/trtinfer-limits-XXXXXX";
  int fd = mkstemp(path);
  size_t n = strlen(text);
  bool written = fd >= 0 && write(fd, text, n) == (ssize_t)n;
  if (fd >= 0) close(fd);
  Capture c = {{0}};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtNetwork *net = trt_network_new();
  TrtStatus s = written ? trt_caffe_parse_files(net, path, NULL, NULL, log) : TRT_STATUS_FILE_ERROR;
  check(name, s != TRT_STATUS_OK && strstr(c.first, needle), c.first[0] ? c.first : "no error");
  trt_network_free(net);
  trt_logger_free(log);
  if (fd >= 0) unlink(path);
}

static void strings_and_nesting(void) {
  engine_string(1000, "runs past the end");
  engine_string(0x7fffffff, "2147483647 bytes long");
  expect_prototxt_error("a .prototxt string without end", "name: \"lenet\nlayer {\n",
                        "string not closed before the end of the line");
  enum { DEPTH = 100000 };
  char *deep = malloc(DEPTH * 5 + 64); /* "{ a " and "}" per level */
  size_t n = (size_t)sprintf(deep, "name: \"deep\"\nextra ");
  for (int i = 0; i < DEPTH; i++) n += (size_t)sprintf(deep + n, "{ a ");
  for (int i = 0; i < DEPTH; i++) deep[n++] = '}';
  deep[n] = '\0';
  expect_prototxt_error("a .prototxt nested 100000 deep", deep, "nested deeper than");
  free(deep);
}

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A 5x5 convolution of a 5x5 image padded by 16776962 columns on the left
 * with a stride of 7696483 (from an engine file found by fuzzing): three
 * output columns, each seeing only padding, so all zeros. The build (which
 * prepares the kernel) and one run must take moments, not the 18 s oneDNN
 * spent on padding no real model has. */
static void convolution_padded_by_millions(void) {
  TrtNetwork *net = trt_network_new();
  TrtDims xd = {4, {1, 1, 5, 5}}, wd = {4, {1, 1, 5, 5}};
  float ones[25];
  for (int i = 0; i < 25; i++) ones[i] = 1.0f;
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &xd);
  TrtTensor *w = trt_network_add_constant(net, "w", TRT_DATA_TYPE_FLOAT, &wd, ones);
  TrtConvolutionParams p = trt_convolution_params_default(2);
  p.kernel[0] = p.kernel[1] = 5;
  p.stride[1] = 7696483;
  p.pad_begin[0] = p.pad_end[0] = p.pad_end[1] = 2;
  p.pad_begin[1] = 16776962;
  TrtLayer *conv = trt_network_add_convolution(net, x, w, NULL, &p);
  if (conv) trt_network_mark_output(net, trt_layer_get_output(conv, 0));
  TrtBuilder *b = trt_builder_new(NULL);
  TrtBuilderConfig *cfg = trt_builder_config_new();
  trt_builder_config_set_backend(cfg, TRT_BACKEND_CPU);
  double start = seconds_now();
  TrtEngine *e = conv ? trt_builder_build_engine(b, net, cfg) : NULL;
  TrtContext *ctx = e ? trt_engine_create_context(e) : NULL;
  float y[15];
  for (int i = 0; i < 15; i++) y[i] = -1.0f;
  void *bindings[2] = {ones, y};
  TrtDims yd = e ? trt_engine_get_binding_dims(e, 1) : (TrtDims){0};
  bool ran = ctx && trt_engine_get_nb_bindings(e) == 2 && yd.nb_dims == 4 && yd.d[2] == 5 &&
             yd.d[3] == 3 && trt_context_execute(ctx, 1, bindings) == TRT_STATUS_OK;
  double took = seconds_now() - start;
  bool zeros = ran;
  for (int i = 0; ran && i < 15; i++) zeros = zeros && y[i] == 0.0f;
  char detail[96];
  snprintf(detail, sizeof detail, "%s in %.2f s", !ran ? "no run" : zeros ? "zeros" : "not zeros",
           took);
  /* Moments here; 10 s leaves room for a loaded machine and the sanitizers. */
  check("a convolution padded by millions", zeros && took < 10.0, detail);
  trt_context_free(ctx);
  trt_engine_free(e);
  trt_builder_config_free(cfg);
  trt_builder_free(b);
  trt_network_free(net);
}

int main(void) {
  budget_parsing();
  byte_counts();
  input_over_budget();
  output_over_budget();
  input_dims_overflow();
  onnx_cycle();
  onnx_dims_without_data();
  strings_and_nesting();
  convolution_padded_by_millions();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
