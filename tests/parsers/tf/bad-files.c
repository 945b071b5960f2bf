/* Files and graphs the TensorFlow / UFF parser must refuse, each with a
 * message that names the file and, for a graph problem, the node and its
 * op; and thousands of truncated, random and mutated files, which must give
 * an answer and never crash (run it under ASan too).
 * Usage: tf-bad-files [MODELS_DIR] (the mutations of real files skip
 * without it). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "../../../lib/core/util.h"
#include "builder.h"
#include "tf-check.h"

static const char *models_dir;
static TrtLogger *logger;
static char last_error[2048];
static int nb_errors;

static void on_log(TrtSeverity severity, const char *message, void *user_data) {
  (void)user_data;
  if (severity > TRT_SEVERITY_ERROR) return;
  if (!nb_errors++) snprintf(last_error, sizeof last_error, "%s", message);
}

static void check_init(int argc, char **argv) {
  models_dir = argc > 1 ? argv[1] : "../shared/models";
  logger = trt_logger_new(on_log, NULL, TRT_SEVERITY_ERROR);
}

/* Parses bytes (as a file when `file` is given, else a buffer) with the
 * registrations given; returns the status, the first error message in
 * last_error. */
static TrtStatus parse(const char *file, const uint8_t *data, size_t size, const char *input,
                       const TrtDims *dims, const char *output) {
  nb_errors = 0;
  last_error[0] = '\0';
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, logger);
  TrtUffParser *parser = trt_uff_parser_new();
  if (input) trt_uff_parser_register_input(parser, input, dims, TRT_UFF_INPUT_ORDER_NHWC);
  if (output) trt_uff_parser_register_output(parser, output);
  TrtStatus s = TRT_STATUS_INVALID_ARGUMENT;
  if (file && data) {
    FILE *f = fopen(file, "wb");
    if (f) {
      fwrite(data, 1, size, f);
      fclose(f);
      s = trt_uff_parser_parse(parser, file, net, TRT_DATA_TYPE_FLOAT);
      unlink(file);
    }
  } else if (file) {
    s = trt_uff_parser_parse(parser, file, net, TRT_DATA_TYPE_FLOAT);
  } else {
    s = trt_uff_parser_parse_buffer(parser, data, size, net, TRT_DATA_TYPE_FLOAT);
  }
  trt_uff_parser_free(parser);
  trt_network_free(net);
  return s;
}

/* Refused with `status`, and the message holds each of the strings given
 * (NULL-terminated). */
static void expect_message(const char *what, TrtStatus got, TrtStatus want, ...) {
  CHECK_INT(got, want);
  va_list ap;
  va_start(ap, want);
  for (const char *s; (s = va_arg(ap, const char *));) {
    bool found = strstr(last_error, s) != NULL;
    CHECK(found);
    if (!found) printf("FAIL %s: '%s' not in the message \"%s\"\n", what, s, last_error);
  }
  va_end(ap);
  printf("%s: %s\n", what, last_error);
}

/* ---- files ------------------------------------------------------------------------- */

static void test_files(void) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "/tmp/tf-bad-%d.pb", (int)getpid());
  expect_message("missing file", parse("/nonexistent/model.pb", NULL, 0, NULL, NULL, NULL),
                 TRT_STATUS_FILE_ERROR, "/nonexistent/model.pb", NULL);
  expect_message("empty file", parse(tmp, (const uint8_t *)"", 0, NULL, NULL, NULL),
                 TRT_STATUS_PARSE_ERROR, tmp, "empty", NULL);
  const char *text = "node {\n  name: \"x\"\n  op: \"Placeholder\"\n}\n";
  expect_message("text format", parse(tmp, (const uint8_t *)text, strlen(text), NULL, NULL, NULL),
                 TRT_STATUS_PARSE_ERROR, tmp, "text", NULL);
  const uint8_t junk[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02};
  expect_message("bad length", parse(tmp, junk, sizeof junk, NULL, NULL, NULL),
                 TRT_STATUS_PARSE_ERROR, tmp, "neither", NULL);
  /* A PNG header: binary, and neither format. */
  const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
  expect_message("an image", parse(tmp, png, sizeof png, NULL, NULL, NULL), TRT_STATUS_PARSE_ERROR,
                 tmp, NULL);
  /* A UFF MetaGraph with no graph. */
  const uint8_t meta[] = {0x08, 0x01, 0x10, 0x01};
  expect_message("UFF without graphs", parse(tmp, meta, sizeof meta, NULL, NULL, NULL),
                 TRT_STATUS_PARSE_ERROR, tmp, "no graph", NULL);
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, logger);
  TrtUffParser *parser = trt_uff_parser_new();
  nb_errors = 0;
  CHECK_INT(trt_uff_parser_parse_buffer(parser, meta, sizeof meta, net, TRT_DATA_TYPE_INT8),
            TRT_STATUS_INVALID_ARGUMENT);
  CHECK(strstr(last_error, "FLOAT") != NULL);
  /* Registrations that cannot be right. */
  TrtDims bad = {3, {1, 0, 28}}, neg = {-1, {0}};
  CHECK_INT(trt_uff_parser_register_input(parser, "x", &bad, TRT_UFF_INPUT_ORDER_NCHW),
            TRT_STATUS_INVALID_ARGUMENT);
  CHECK_INT(trt_uff_parser_register_input(parser, "x", &neg, TRT_UFF_INPUT_ORDER_NCHW),
            TRT_STATUS_INVALID_ARGUMENT);
  TrtDims ok = {3, {1, 2, 2}};
  CHECK_INT(trt_uff_parser_register_input(parser, "x", &ok, (TrtUffInputOrder)7),
            TRT_STATUS_INVALID_ARGUMENT);
  CHECK_INT(trt_uff_parser_register_input(parser, "", &ok, TRT_UFF_INPUT_ORDER_NCHW),
            TRT_STATUS_INVALID_ARGUMENT);
  CHECK_INT(trt_uff_parser_register_output(parser, NULL), TRT_STATUS_INVALID_ARGUMENT);
  CHECK_INT(trt_uff_parser_parse(parser, NULL, net, TRT_DATA_TYPE_FLOAT),
            TRT_STATUS_INVALID_ARGUMENT);
  CHECK(trt_uff_to_engine(logger, "/nonexistent.uff", parser, 0, 0, TRT_DATA_TYPE_FLOAT) == NULL);
  trt_uff_parser_free(parser);
  trt_network_free(net);
  trt_uff_parser_free(NULL);
}

/* ---- graphs -------------------------------------------------------------------------- */

static TrtStatus parse_graph(const Tfg *g, const char *input, const TrtDims *dims,
                             const char *output) {
  size_t size;
  uint8_t *pb = tfg_pack(g, &size);
  TrtStatus s = parse(NULL, pb, size, input, dims, output);
  free(pb);
  return s;
}

static const int64_t img[4] = {-1, 4, 4, 2};
static const TrtDims chw = {3, {2, 4, 4}};

static void test_graphs(void) {
  Tfg g;
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_node(&g, "y", "Relu", "x", NULL);
  tfg_node(&g, "z", "Frobnicate", "y", NULL);
  expect_message("unsupported op", parse_graph(&g, "x", &chw, "z"), TRT_STATUS_UNSUPPORTED,
                 "(buffer)", "'z'", "Frobnicate", NULL);
  /* Nodes the output does not need are not converted. */
  CHECK_INT(parse_graph(&g, "x", &chw, "y"), TRT_STATUS_OK);
  expect_message("output not in the graph", parse_graph(&g, "x", &chw, "nothing"),
                 TRT_STATUS_INVALID_ARGUMENT, "'nothing'", NULL);
  expect_message("input not in the graph", parse_graph(&g, "nope", &chw, "y"),
                 TRT_STATUS_INVALID_ARGUMENT, "'nope'", NULL);
  TrtDims wrong = {3, {3, 4, 4}};
  expect_message("registered dims against the placeholder's", parse_graph(&g, "x", &wrong, "y"),
                 TRT_STATUS_SHAPE_ERROR, "'x'", "3x4x4", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_node(&g, "y", "Relu", "missing:0", NULL);
  expect_message("a node reading a missing node", parse_graph(&g, "x", &chw, "y"),
                 TRT_STATUS_PARSE_ERROR, "'y'", "Relu", "'missing:0'", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_placeholder(&g, "x", img, 4);
  expect_message("two nodes of one name", parse_graph(&g, "x", &chw, "x"), TRT_STATUS_PARSE_ERROR,
                 "'x'", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_node(&g, "a", "Add", "x", "b", NULL);
  tfg_node(&g, "b", "Relu", "a", NULL);
  expect_message("a cycle", parse_graph(&g, "x", &chw, "b"), TRT_STATUS_UNSUPPORTED, "cycle", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", NULL, -1);
  tfg_node(&g, "y", "Relu", "x", NULL);
  expect_message("a placeholder of unknown shape, not registered", parse_graph(&g, NULL, NULL, "y"),
                 TRT_STATUS_SHAPE_ERROR, "'x'", "register", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){-1, -1, 4, 2}, 4);
  tfg_node(&g, "y", "Relu", "x", NULL);
  expect_message("a placeholder with an unknown H, not registered",
                 parse_graph(&g, NULL, NULL, "y"), TRT_STATUS_SHAPE_ERROR, "dim 1", NULL);
  CHECK_INT(parse_graph(&g, "x", &chw, "y"), TRT_STATUS_OK);
  tfg_free(&g);

  /* A Const whose bytes do not fill its shape. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  Tensorflow__NodeDef *k = tfg_const_f32(&g, "k", (int64_t[]){2}, 1, (float[]){1, 2});
  k->attr[1]->value->tensor->tensor_content.len = 7;
  tfg_node(&g, "y", "Mul", "x", "k", NULL);
  expect_message("a Const of 7 bytes for 2 floats", parse_graph(&g, "x", &chw, "y"),
                 TRT_STATUS_PARSE_ERROR, "'k'", "7 bytes", NULL);
  tfg_free(&g);

  /* Strings, and a typed list longer than its shape. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  Tensorflow__NodeDef *s = tfg_const_i32(&g, "s", (int64_t[]){2}, 1, (int32_t[]){1, 2, 3}, 3);
  tfg_node(&g, "y", "Mul", "x", "s", NULL);
  expect_message("a Const listing 3 values for 2", parse_graph(&g, "x", &chw, "y"),
                 TRT_STATUS_PARSE_ERROR, "'s'", "3 values", NULL);
  s->attr[1]->value->tensor->dtype = TENSORFLOW__DATA_TYPE__DT_STRING;
  expect_message("a Const of strings", parse_graph(&g, "x", &chw, "y"), TRT_STATUS_UNSUPPORTED,
                 "DT_STRING", NULL);
  tfg_free(&g);

  /* Arguments that must be constants. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_placeholder(&g, "perm", (int64_t[]){4}, 1);
  tfg_node(&g, "y", "Transpose", "x", "perm", NULL);
  expect_message("a computed permutation", parse_graph(&g, "x", &chw, "y"), TRT_STATUS_UNSUPPORTED,
                 "'y'", "permutation", "constant", NULL);
  tfg_free(&g);

  /* Attributes out of range. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  Tensorflow__NodeDef *p = tfg_node(&g, "y", "MaxPool", "x", NULL);
  tfg_ints(&g, p, "ksize", (int64_t[]){1, 2, 2, 2}, 4);
  tfg_ints(&g, p, "strides", (int64_t[]){1, 1, 1, 1}, 4);
  tfg_string(&g, p, "padding", "VALID");
  expect_message("pooling over channels", parse_graph(&g, "x", &chw, "y"), TRT_STATUS_UNSUPPORTED,
                 "ksize", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  p = tfg_node(&g, "y", "AvgPool", "x", NULL);
  tfg_ints(&g, p, "ksize", (int64_t[]){1, 2, 2, 1}, 4);
  tfg_ints(&g, p, "strides", (int64_t[]){1, 1, 1, 1}, 4);
  tfg_string(&g, p, "padding", "CAUSAL");
  expect_message("an unknown padding", parse_graph(&g, "x", &chw, "y"), TRT_STATUS_UNSUPPORTED,
                 "CAUSAL", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_vec_i32(&g, "axes", (int32_t[]){4}, 1);
  tfg_node(&g, "y", "Sum", "x", "axes", NULL);
  expect_message("a reduction axis out of range", parse_graph(&g, "x", &chw, "y"),
                 TRT_STATUS_INVALID_ARGUMENT, "axis 4", NULL);
  tfg_free(&g);

  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){-1, 4}, 2);
  tfg_node(&g, "y", "Conv2D", "x", "x", NULL);
  TrtDims four = {1, {4}};
  expect_message("Conv2D of a 2-D value", parse_graph(&g, "x", &four, "y"),
                 TRT_STATUS_INVALID_ARGUMENT, "rank 2", NULL);
  tfg_free(&g);

  /* FusedBatchNorm's batch mean (output 1) is not made. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  for (int i = 0; i < 4; i++) {
    char name[8];
    snprintf(name, sizeof name, "v%d", i);
    tfg_const_f32(&g, name, (int64_t[]){2}, 1, (float[]){1, 1});
  }
  Tensorflow__NodeDef *bn = tfg_node(&g, "bn", "FusedBatchNorm", "x", "v0", "v1", "v2", "v3", NULL);
  tfg_bool(&g, bn, "is_training", 0);
  tfg_node(&g, "y", "Relu", "bn:1", NULL);
  expect_message("FusedBatchNorm:1", parse_graph(&g, "x", &chw, "y"), TRT_STATUS_UNSUPPORTED,
                 "'bn'", "output 1", NULL);
  bn->attr[0]->value->b = 1;
  expect_message("FusedBatchNorm in training", parse_graph(&g, "x", &chw, "bn"),
                 TRT_STATUS_UNSUPPORTED, "is_training", NULL);
  tfg_free(&g);

  /* Dense weights of the wrong size after a Flatten of a conv output: the
   * features go back to TF's order and the product is refused. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_const_f32(&g, "k", (int64_t[]){1, 1, 2, 2}, 4, (float[]){1, 0, 0, 1});
  Tensorflow__NodeDef *conv = tfg_node(&g, "conv", "Conv2D", "x", "k", NULL);
  tfg_string(&g, conv, "padding", "VALID");
  tfg_vec_i32(&g, "shape", (int32_t[]){-1, 32}, 2);
  tfg_node(&g, "flat", "Reshape", "conv", "shape", NULL);
  float w[33 * 2] = {0};
  tfg_const_f32(&g, "w", (int64_t[]){33, 2}, 2, w);
  tfg_node(&g, "y", "MatMul", "flat", "w", NULL);
  expect_message("dense weights of 33 rows for 32 features", parse_graph(&g, "x", &chw, "y"),
                 TRT_STATUS_SHAPE_ERROR, NULL);
  tfg_free(&g);

  /* Shapes that do not fit are found when the file is read. */
  tfg_init(&g);
  tfg_placeholder(&g, "x", img, 4);
  tfg_const_f32(&g, "k", (int64_t[]){3}, 1, (float[]){1, 2, 3});
  tfg_node(&g, "y", "Mul", "x", "k", NULL);
  expect_message("a broadcast that does not fit", parse_graph(&g, "x", &chw, "y"),
                 TRT_STATUS_SHAPE_ERROR, NULL);
  tfg_free(&g);
}

/* ---- damaged files ---------------------------------------------------------------------- */

static uint32_t next(uint32_t *s) {
  *s = *s * 1664525u + 1013904223u;
  return *s >> 8;
}

/* Truncations, and files with bytes changed, of a real model: every parse
 * ends with a status, and a refusal with a message. */
static void damage(const char *rel, const char *input, const TrtDims *dims, const char *output,
                   int mutations) {
  char file[1024];
  snprintf(file, sizeof file, "%s/%s", models_dir, rel);
  if (access(file, R_OK) != 0) {
    printf("SKIP: %s is absent\n", file);
    check_skipped++;
    return;
  }
  size_t size;
  uint8_t *data = trt_read_file(file, &size);
  uint8_t *copy = malloc(size);
  CHECK(data && copy);
  if (!data || !copy) return;
  int refused = 0, quiet = 0, total = 0;
  /* Cut at every length near the start, then at spread-out lengths. */
  for (size_t cut = 0; cut < size; cut += cut < 512 ? 1 : size / 300 + 1) {
    TrtStatus s = parse(NULL, data, cut, input, dims, output);
    refused += s != TRT_STATUS_OK;
    quiet += s != TRT_STATUS_OK && !nb_errors;
    total++;
  }
  uint32_t seed = 12345;
  for (int m = 0; m < mutations; m++) {
    memcpy(copy, data, size);
    int changes = 1 + (int)(next(&seed) % 4);
    for (int c = 0; c < changes; c++) {
      /* Mostly in the graph's structure, which comes before big weights
       * in these files, sometimes anywhere. */
      size_t limit = next(&seed) % 4 ? (size < 4096 ? size : 4096) : size;
      copy[next(&seed) % limit] = (uint8_t)next(&seed);
    }
    TrtStatus s = parse(NULL, copy, size, input, dims, output);
    refused += s != TRT_STATUS_OK;
    quiet += s != TRT_STATUS_OK && !nb_errors;
    total++;
  }
  printf("%s: %d damaged copies, %d refused, all answered\n", rel, total, refused);
  CHECK_INT(quiet, 0); /* every refusal says why */
  CHECK(refused > 0);
  free(copy);
  free(data);
}

static void test_damaged(void) {
  TrtDims mnist = {3, {1, 28, 28}};
  damage("onnx/polygraphy_edge_cases/tf_identity.pb", NULL, NULL, NULL, 3000);
  damage("tf_uff/mnist_mlp.uff", "input_1", &mnist, "dense_1/Softmax", 600);
  damage("tf_uff/mnist_mlp_frozen.pb", "input_1", &mnist, "dense_1/Softmax", 600);
  damage("mnist/lenet5_mnist_frozen.pb", "in", &mnist, "out", 600);
  /* Random bytes. */
  uint32_t seed = 777;
  int refused = 0;
  for (int i = 0; i < 2000; i++) {
    uint8_t buf[256];
    size_t n = 1 + next(&seed) % sizeof buf;
    for (size_t k = 0; k < n; k++) buf[k] = (uint8_t)next(&seed);
    if (i % 2) buf[0] = 0x08; /* looks like UFF */
    TrtStatus s = parse(NULL, buf, n, NULL, NULL, NULL);
    refused += s != TRT_STATUS_OK && nb_errors;
  }
  CHECK_INT(refused, 2000);
}

/* ---- random graphs -------------------------------------------------------------------- */

static const char *const tf_ops[] = {
    "Conv2D", "DepthwiseConv2dNative", "Conv2DBackpropInput", "MaxPool", "AvgPool", "BiasAdd",
    "MatMul", "BatchMatMulV2", "FusedBatchNorm", "Softmax", "ResizeBilinear",
    "ResizeNearestNeighbor", "Add", "Sub", "Mul", "SquaredDifference", "Relu", "Rsqrt", "Mean",
    "Prod", "Cast", "Reshape", "Squeeze", "ExpandDims", "Transpose", "ConcatV2", "Pack", "Pad",
    "MirrorPad", "Shape", "StridedSlice", "Fill", "Identity", "Const", "Placeholder"};
static const char *const attr_names[] = {
    "strides", "ksize", "dilations", "padding", "data_format", "axis", "keep_dims", "N",
    "squeeze_dims", "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask",
    "transpose_b", "is_training", "DstT", "out_type", "mode", "explicit_paddings", "value",
    "shape", "dtype"};

static int64_t rnd_int(uint32_t *seed) {
  static const int64_t picks[] = {-3, -1, 0, 1, 2, 3, 4, 7, 100, INT32_MAX, INT64_MIN, INT64_MAX};
  return picks[next(seed) % (sizeof picks / sizeof *picks)];
}

/* Graphs of random ops wired at random, with random attributes and small
 * constants: each parse ends with a status (under ASan: without an error
 * in memory). */
static void test_random_graphs(void) {
  uint32_t seed = 4242;
  int ok = 0, refused = 0;
  for (int round = 0; round < 1500; round++) {
    Tfg g;
    tfg_init(&g);
    tfg_placeholder(&g, "x", img, 4);
    int nodes = 1 + (int)(next(&seed) % 6);
    for (int i = 0; i < nodes; i++) {
      char name[16], in[3][16];
      snprintf(name, sizeof name, "n%d", i);
      for (int k = 0; k < 3; k++) {
        int pick = (int)(next(&seed) % (i + 3));
        if (pick == i + 2)
          snprintf(in[k], sizeof in[k], "ghost");
        else if (pick >= i)
          snprintf(in[k], sizeof in[k], "x");
        else
          snprintf(in[k], sizeof in[k], "n%d%s", pick, next(&seed) % 8 ? "" : ":1");
      }
      const char *op = tf_ops[next(&seed) % (sizeof tf_ops / sizeof *tf_ops)];
      Tensorflow__NodeDef *n;
      if (!strcmp(op, "Const")) {
        int32_t v[4] = {(int32_t)rnd_int(&seed), (int32_t)rnd_int(&seed), 1, 2};
        n = tfg_vec_i32(&g, name, v, 1 + next(&seed) % 4);
      } else {
        int nb = (int)(next(&seed) % 4);
        n = tfg_node(&g, name, op, nb > 0 ? in[0] : NULL, nb > 1 ? in[1] : NULL,
                     nb > 2 ? in[2] : NULL, NULL);
      }
      for (int a = (int)(next(&seed) % 4); a > 0; a--) {
        const char *key = attr_names[next(&seed) % (sizeof attr_names / sizeof *attr_names)];
        switch (next(&seed) % 5) {
        case 0: tfg_int(&g, n, key, rnd_int(&seed)); break;
        case 1: {
          int64_t v[8];
          size_t count = next(&seed) % 9;
          for (size_t k = 0; k < count; k++) v[k] = rnd_int(&seed);
          tfg_ints(&g, n, key, v, count);
          break;
        }
        case 2: tfg_string(&g, n, key, next(&seed) % 2 ? "SAME" : "NCHW"); break;
        case 3: tfg_bool(&g, n, key, (int)(next(&seed) % 2)); break;
        default: tfg_type(&g, n, key, (Tensorflow__DataType)(next(&seed) % 25)); break;
        }
      }
    }
    char out[16];
    snprintf(out, sizeof out, "n%d", nodes - 1);
    TrtStatus s = parse_graph(&g, next(&seed) % 4 ? "x" : NULL, &chw, next(&seed) % 3 ? out : NULL);
    ok += s == TRT_STATUS_OK;
    refused += s != TRT_STATUS_OK && nb_errors;
    tfg_free(&g);
  }
  printf("random TensorFlow graphs: %d parsed, %d refused with a message\n", ok, refused);
  CHECK_INT(ok + refused, 1500);
}

static const char *const uff_ops[] = {
    "Conv", "ConvTranspose", "Pool", "FullyConnected", "Binary", "Unary", "Activation",
    "Softmax", "Flatten", "Reshape", "Squeeze", "ExpandDims", "Transpose", "Concat", "Pad",
    "BatchNorm", "Reduce", "Shape", "StridedSlice", "Stack", "Cast", "Identity", "_Relu",
    "MarkOutput"};
static const char *const uff_fields[] = {
    "strides", "kernel", "padding", "dilation", "axis", "axes", "keepdims", "number_groups",
    "permutation", "epsilon", "implicit_padding", "func", "dtype", "shape"};
static const char *const funcs[] = {"add", "max", "relu", "mean", "avg", "sqrt", "bogus", ""};

/* The same with UFF operations, fields and dimension orders. */
static void test_random_uff(void) {
  uint32_t seed = 99;
  int ok = 0, refused = 0;
  for (int round = 0; round < 1500; round++) {
    Uffb b;
    uffb_init(&b);
    uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 2}, next(&seed) % 5 ? 4 : 0);
    uffb_const_f32(&b, "k", (int64_t[]){2, 2, 2, 2}, 4, (float[16]){0});
    int nodes = 1 + (int)(next(&seed) % 6);
    for (int i = 0; i < nodes; i++) {
      char name[16], in[3][16];
      snprintf(name, sizeof name, "n%d", i);
      for (int k = 0; k < 3; k++) {
        int pick = (int)(next(&seed) % (i + 3));
        snprintf(in[k], sizeof in[k], "%s", pick == i + 2 ? "k" : pick == i + 1 ? "x" : "n0");
        if (pick < i) snprintf(in[k], sizeof in[k], "n%d", pick);
      }
      const char *op = uff_ops[next(&seed) % (sizeof uff_ops / sizeof *uff_ops)];
      int nb = (int)(next(&seed) % 4);
      Uff__Node *n = uffb_node(&b, name, op, nb > 0 ? in[0] : NULL, nb > 1 ? in[1] : NULL,
                               nb > 2 ? in[2] : NULL, NULL);
      for (int a = (int)(next(&seed) % 5); a > 0; a--) {
        const char *key = uff_fields[next(&seed) % (sizeof uff_fields / sizeof *uff_fields)];
        switch (next(&seed) % 5) {
        case 0: uffb_i(&b, n, key, rnd_int(&seed)); break;
        case 1: {
          int64_t v[6];
          size_t count = next(&seed) % 7;
          for (size_t k = 0; k < count; k++) v[k] = rnd_int(&seed);
          uffb_ints(&b, n, key, v, count);
          break;
        }
        case 2: uffb_s(&b, n, key, funcs[next(&seed) % (sizeof funcs / sizeof *funcs)]); break;
        case 3: uffb_d(&b, n, key, (double)rnd_int(&seed)); break;
        default: {
          int64_t c[2][4];
          size_t len[2];
          for (int k = 0; k < 2; k++) {
            len[k] = next(&seed) % 5;
            for (size_t j = 0; j < len[k]; j++) c[k][j] = next(&seed) % 3 ? (int64_t)(next(&seed) % 3) : 2147483647;
          }
          char ref[32];
          snprintf(ref, sizeof ref, "orders_%d_%d", round, i);
          uffb_orders(&b, n, ref, (const int64_t *[]){c[0], c[1]}, len, 1 + next(&seed) % 2);
          break;
        }
        }
      }
    }
    size_t size;
    uint8_t *bytes = uffb_pack(&b, &size);
    TrtStatus s = parse(NULL, bytes, size, next(&seed) % 4 ? "x" : NULL, &chw, NULL);
    ok += s == TRT_STATUS_OK;
    refused += s != TRT_STATUS_OK && nb_errors;
    free(bytes);
    uffb_free(&b);
  }
  printf("random UFF graphs: %d parsed, %d refused with a message\n", ok, refused);
  CHECK_INT(ok + refused, 1500);
}

CHECK_MAIN(test_files, test_graphs, test_random_graphs, test_random_uff, test_damaged)
