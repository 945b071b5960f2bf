/* Bad ONNX files must be refused with a message that names the file (and,
 * for an unsupported operator, the node, its op type and the opset), never
 * a crash: truncated copies of a real model, random bytes, an empty file, a
 * missing file, a model with an unknown operator, a graph output nothing
 * produces, subgraphs nested 100000 deep, and the same through the
 * TensorRT-style parser objects.
 *
 *   onnx-bad-files REPO_MODELS_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "../../lib/core/util.h"
#include "onnx.pb-c.h"

static int passed, failed;
static char tmpdir[] = "/tmp/trtinfer-badXXXXXX";

typedef struct {
  char msg[2048];
} Capture;

static void capture(TrtSeverity s, const char *message, void *user) {
  Capture *c = user;
  if (s <= TRT_SEVERITY_ERROR && !c->msg[0]) snprintf(c->msg, sizeof c->msg, "%s", message);
}

static void check(const char *name, bool ok, const char *msg) {
  printf("%s %s: %s\n", ok ? "PASS" : "FAIL", name, msg);
  if (ok)
    passed++;
  else
    failed++;
}

static bool write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(data, 1, size, f) == size;
  if (f && fclose(f) != 0) ok = false;
  return ok;
}

/* Parses `path`; passes when parsing fails with `want` and the first error
 * names the file and contains every string of `needles` (NULL-ended). */
static void expect_error(const char *name, const char *path, TrtStatus want,
                         const char *const *needles) {
  Capture c = {0};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtNetwork *net = trt_network_new();
  TrtStatus s = trt_onnx_parse_file(net, path, log);
  bool ok = s == want && strstr(c.msg, path) != NULL;
  for (int i = 0; needles && needles[i]; i++) ok = ok && strstr(c.msg, needles[i]);
  char msg[2300];
  snprintf(msg, sizeof msg, "%s -> %s", trt_status_to_string(s), c.msg);
  check(name, ok, msg);
  trt_network_free(net);
  trt_logger_free(log);
}

static void truncated(const char *model) {
  size_t size = 0;
  uint8_t *bytes = trt_read_file(model, &size);
  if (!bytes || size < 100) {
    check("truncated copies", false, "cannot read models/mnist.onnx");
    free(bytes);
    return;
  }
  /* Cuts inside the graph (the initializers are most of the file) and
   * inside the last byte. */
  size_t cuts[] = {1, 7, 64, size / 3, size / 2, size - 100, size - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
    char path[512], name[64];
    snprintf(path, sizeof path, "%s/truncated-%zu.onnx", tmpdir, cuts[i]);
    snprintf(name, sizeof name, "truncated to %zu of %zu bytes", cuts[i], size);
    if (write_file(path, bytes, cuts[i])) expect_error(name, path, TRT_STATUS_PARSE_ERROR, NULL);
    unlink(path);
  }
  free(bytes);
}

static void random_bytes(void) {
  uint32_t seed = 12345;
  size_t sizes[] = {1, 16, 333, 4096, 65536};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    uint8_t *buf = malloc(sizes[i]);
    if (!buf) return;
    for (size_t k = 0; k < sizes[i]; k++) {
      seed = seed * 1664525u + 1013904223u;
      buf[k] = (uint8_t)(seed >> 24);
    }
    char path[512], name[64];
    snprintf(path, sizeof path, "%s/random-%zu.onnx", tmpdir, sizes[i]);
    snprintf(name, sizeof name, "%zu random bytes", sizes[i]);
    if (write_file(path, buf, sizes[i])) expect_error(name, path, TRT_STATUS_PARSE_ERROR, NULL);
    unlink(path);
    free(buf);
  }
}

/* A one-node model: input x [1,4] -> op -> y, default domain at `opset`. */
static bool write_model(const char *path, const char *op, const char *output, int64_t opset) {
  Onnx__TensorShapeProto__Dimension d0 = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__INIT,
                                    d1 = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__INIT;
  d0.value_case = d1.value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
  d0.dim_value = 1;
  d1.dim_value = 4;
  Onnx__TensorShapeProto__Dimension *dims[2] = {&d0, &d1};
  Onnx__TensorShapeProto shape = ONNX__TENSOR_SHAPE_PROTO__INIT;
  shape.n_dim = 2;
  shape.dim = dims;
  Onnx__TypeProto__Tensor tt = ONNX__TYPE_PROTO__TENSOR__INIT;
  tt.has_elem_type = 1;
  tt.elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  tt.shape = &shape;
  Onnx__TypeProto type = ONNX__TYPE_PROTO__INIT;
  type.value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
  type.tensor_type = &tt;
  Onnx__ValueInfoProto x = ONNX__VALUE_INFO_PROTO__INIT, y = ONNX__VALUE_INFO_PROTO__INIT;
  x.name = "x";
  x.type = &type;
  y.name = (char *)output;
  y.type = &type;
  char *in_names[1] = {"x"}, *out_names[1] = {"y"};
  Onnx__NodeProto node = ONNX__NODE_PROTO__INIT;
  node.name = "the_node";
  node.op_type = (char *)op;
  node.n_input = 1;
  node.input = in_names;
  node.n_output = 1;
  node.output = out_names;
  Onnx__NodeProto *nodes[1] = {&node};
  Onnx__ValueInfoProto *ins[1] = {&x}, *outs[1] = {&y};
  Onnx__GraphProto g = ONNX__GRAPH_PROTO__INIT;
  g.name = "g";
  g.n_node = 1;
  g.node = nodes;
  g.n_input = 1;
  g.input = ins;
  g.n_output = 1;
  g.output = outs;
  Onnx__OperatorSetIdProto opset_id = ONNX__OPERATOR_SET_ID_PROTO__INIT;
  opset_id.domain = "";
  opset_id.has_version = 1;
  opset_id.version = opset;
  Onnx__OperatorSetIdProto *opsets[1] = {&opset_id};
  Onnx__ModelProto m = ONNX__MODEL_PROTO__INIT;
  m.has_ir_version = 1;
  m.ir_version = 8;
  m.graph = &g;
  m.n_opset_import = 1;
  m.opset_import = opsets;
  size_t size = onnx__model_proto__get_packed_size(&m);
  uint8_t *buf = malloc(size);
  if (!buf) return false;
  onnx__model_proto__pack(&m, buf);
  bool ok = write_file(path, buf, size);
  free(buf);
  return ok;
}

static void made_models(void) {
  char path[512];
  snprintf(path, sizeof path, "%s/unknown-op.onnx", tmpdir);
  const char *unknown[] = {"the_node", "FrobnicateV2", "opset 13", NULL};
  if (write_model(path, "FrobnicateV2", "y", 13))
    expect_error("unknown operator", path, TRT_STATUS_UNSUPPORTED, unknown);
  snprintf(path, sizeof path, "%s/dangling-output.onnx", tmpdir);
  const char *dangling[] = {"'z'", NULL};
  if (write_model(path, "Relu", "z", 13))
    expect_error("graph output produced by nothing", path, TRT_STATUS_PARSE_ERROR, dangling);
  snprintf(path, sizeof path, "%s/good.onnx", tmpdir);
  if (write_model(path, "Relu", "y", 13)) {
    TrtNetwork *net = trt_network_new();
    TrtStatus s = trt_onnx_parse_file(net, path, NULL);
    check("a valid one-node model parses", s == TRT_STATUS_OK && trt_network_get_nb_layers(net) == 1,
          trt_status_to_string(s));
    trt_network_free(net);
  }
  unlink(path);
}

static size_t varint(uint8_t *out, uint64_t v) {
  size_t n = 0;
  do {
    out[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  return n;
}

/* A model whose graph holds a node whose attribute holds a graph ... 100000
 * levels deep (1.2 MB): a decoder that recurses per level overflows its
 * stack. */
static void deep_nesting(void) {
  enum { DEPTH = 100000 };
  uint64_t *graph_size = malloc((DEPTH + 1) * sizeof *graph_size);
  uint8_t *buf = malloc((size_t)DEPTH * 40 + 64);
  if (!graph_size || !buf) {
    free(graph_size);
    free(buf);
    return;
  }
  uint8_t tmp[10];
  graph_size[0] = 0;
  for (int i = 0; i < DEPTH; i++) { /* inside out: graph { node { attribute { g } } } */
    uint64_t attr = 1 + varint(tmp, graph_size[i]) + graph_size[i];
    uint64_t node = 1 + varint(tmp, attr) + attr;
    graph_size[i + 1] = 1 + varint(tmp, node) + node;
  }
  size_t n = 0;
  buf[n++] = 0x08; /* ir_version 8 */
  buf[n++] = 0x08;
  buf[n++] = 7 << 3 | 2; /* graph */
  n += varint(buf + n, graph_size[DEPTH]);
  for (int i = DEPTH - 1; i >= 0; i--) {
    uint64_t attr = 1 + varint(tmp, graph_size[i]) + graph_size[i];
    uint64_t node = 1 + varint(tmp, attr) + attr;
    buf[n++] = 1 << 3 | 2; /* GraphProto.node */
    n += varint(buf + n, node);
    buf[n++] = 5 << 3 | 2; /* NodeProto.attribute */
    n += varint(buf + n, attr);
    buf[n++] = 6 << 3 | 2; /* AttributeProto.g */
    n += varint(buf + n, graph_size[i]);
  }
  char path[512];
  snprintf(path, sizeof path, "%s/deep.onnx", tmpdir);
  const char *why[] = {"nest deeper", NULL};
  if (write_file(path, buf, n))
    expect_error("100000 nested subgraphs", path, TRT_STATUS_PARSE_ERROR, why);
  unlink(path);
  free(graph_size);
  free(buf);
}

/* The TensorRT-style objects report bad files the same way. */
static void parser_objects(void) {
  char path[512];
  snprintf(path, sizeof path, "%s/garbage.onnx", tmpdir);
  static const char garbage[] = "\x0a\xff\xff\xff\xff\x0f garbage";
  if (!write_file(path, garbage, sizeof garbage - 1)) return;
  Capture c = {0};
  TrtLogger *log = trt_logger_new(capture, &c, TRT_SEVERITY_ERROR);
  TrtOnnxConfig *cfg = trt_onnx_config_new();
  trt_onnx_config_set_model_file_name(cfg, path);
  trt_onnx_config_set_logger(cfg, log);
  trt_onnx_config_reduce_verbosity(cfg); /* WARNING -> ERROR: errors still shown */
  TrtOnnxParser *p = trt_onnx_parser_new(cfg);
  TrtStatus parse = trt_onnx_parser_parse(p, trt_onnx_config_get_model_file_name(cfg),
                                          trt_onnx_config_get_model_dtype(cfg));
  TrtStatus convert = trt_onnx_parser_convert_to_network(p);
  bool ok = parse == TRT_STATUS_PARSE_ERROR && convert == TRT_STATUS_INVALID_ARGUMENT &&
            !trt_onnx_parser_get_network(p) && strstr(c.msg, path) &&
            trt_onnx_config_get_verbosity_level(cfg) == TRT_SEVERITY_ERROR;
  check("parser objects refuse garbage", ok, c.msg);
  trt_onnx_parser_free(p);
  trt_onnx_config_free(cfg);
  trt_logger_free(log);
  unlink(path);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: onnx-bad-files REPO_MODELS_DIR\n");
    return 2;
  }
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  char model[4096], path[512];
  snprintf(model, sizeof model, "%s/mnist.onnx", argv[1]);
  truncated(model);
  random_bytes();
  snprintf(path, sizeof path, "%s/empty.onnx", tmpdir);
  if (write_file(path, "", 0)) expect_error("empty file", path, TRT_STATUS_PARSE_ERROR, NULL);
  unlink(path);
  snprintf(path, sizeof path, "%s/no-such-model.onnx", tmpdir);
  expect_error("missing file", path, TRT_STATUS_FILE_ERROR, NULL);
  made_models();
  deep_nesting();
  parser_objects();
  rmdir(tmpdir);
  printf("onnx-bad-files: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
