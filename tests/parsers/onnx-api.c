/* The ONNX parser's public API beyond parsing files: the TensorRT-style
 * config and parser objects (verbosity, layer info, parsing report),
 * parsing from memory, and TensorProto files written and read back.
 *
 *   onnx-api REPO_MODELS_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "../../lib/core/util.h"

static int passed, failed;

static void check(const char *name, bool ok) {
  printf("%s %s\n", ok ? "PASS" : "FAIL", name);
  if (ok)
    passed++;
  else
    failed++;
}

/* Counts messages and remembers whether one contained `want`. */
typedef struct {
  const char *want;
  int infos, errors;
  bool seen;
} Messages;

static void collect(TrtSeverity s, const char *message, void *user) {
  Messages *m = user;
  m->infos += s == TRT_SEVERITY_INFO;
  m->errors += s <= TRT_SEVERITY_ERROR;
  if (m->want && strstr(message, m->want)) m->seen = true;
}

static void config_object(void) {
  TrtOnnxConfig *c = trt_onnx_config_new();
  check("config defaults: no file, FLOAT, no layer info, WARNING",
        c && !trt_onnx_config_get_model_file_name(c) &&
            trt_onnx_config_get_model_dtype(c) == TRT_DATA_TYPE_FLOAT &&
            !trt_onnx_config_get_print_layer_info(c) &&
            trt_onnx_config_get_verbosity_level(c) == TRT_SEVERITY_WARNING);
  trt_onnx_config_set_model_file_name(c, "a.onnx");
  trt_onnx_config_set_model_file_name(c, "b.onnx");
  trt_onnx_config_set_model_dtype(c, TRT_DATA_TYPE_HALF);
  trt_onnx_config_set_print_layer_info(c, true);
  check("config setters stick",
        !strcmp(trt_onnx_config_get_model_file_name(c), "b.onnx") &&
            trt_onnx_config_get_model_dtype(c) == TRT_DATA_TYPE_HALF &&
            trt_onnx_config_get_print_layer_info(c));
  trt_onnx_config_add_verbosity(c);
  bool up = trt_onnx_config_get_verbosity_level(c) == TRT_SEVERITY_INFO;
  for (int i = 0; i < 10; i++) trt_onnx_config_add_verbosity(c);
  bool top = trt_onnx_config_get_verbosity_level(c) == TRT_SEVERITY_VERBOSE;
  for (int i = 0; i < 10; i++) trt_onnx_config_reduce_verbosity(c);
  bool bottom = trt_onnx_config_get_verbosity_level(c) == TRT_SEVERITY_INTERNAL_ERROR;
  trt_onnx_config_set_verbosity_level(c, TRT_SEVERITY_ERROR);
  check("verbosity moves one level at a time and stays in range",
        up && top && bottom && trt_onnx_config_get_verbosity_level(c) == TRT_SEVERITY_ERROR);
  trt_onnx_config_free(c);
  trt_onnx_config_free(NULL);
}

static void parser_object(const char *model) {
  Messages m = {.want = "Input3"};
  TrtLogger *log = trt_logger_new(collect, &m, TRT_SEVERITY_VERBOSE);
  TrtOnnxConfig *c = trt_onnx_config_new();
  trt_onnx_config_set_model_file_name(c, model);
  trt_onnx_config_set_print_layer_info(c, true);
  trt_onnx_config_report_parsing_info(c);
  trt_onnx_config_set_verbosity_level(c, TRT_SEVERITY_INFO);
  trt_onnx_config_set_logger(c, log);
  TrtOnnxParser *p = trt_onnx_parser_new(c);
  trt_onnx_config_free(c); /* the parser keeps its own copy */
  check("get_network before convert is NULL", p && !trt_onnx_parser_get_network(p));
  TrtStatus s = trt_onnx_parser_parse(p, NULL, TRT_DATA_TYPE_FLOAT);
  s = s == TRT_STATUS_OK ? trt_onnx_parser_convert_to_network(p) : s;
  TrtNetwork *net = trt_onnx_parser_get_network(p);
  check("parse + convert_to_network make MNIST's network",
        s == TRT_STATUS_OK && net && trt_network_get_nb_inputs(net) == 1 &&
            !strcmp(trt_tensor_get_name(trt_network_get_input(net, 0)), "Input3") &&
            trt_network_get_nb_outputs(net) == 1 &&
            !strcmp(trt_tensor_get_name(trt_network_get_output(net, 0)), "Plus214_Output_0"));
  /* 12 nodes: one layer-info line each, plus the report. */
  check("layer info and the parsing report are logged at INFO", m.infos > 12 && m.seen && !m.errors);
  int infos = m.infos;
  trt_onnx_parser_free(p);

  /* At WARNING nothing of that is shown; a bad dtype is an error. */
  c = trt_onnx_config_new();
  trt_onnx_config_set_print_layer_info(c, true);
  trt_onnx_config_set_logger(c, log);
  p = trt_onnx_parser_new(c);
  s = trt_onnx_parser_parse(p, model, TRT_DATA_TYPE_FLOAT);
  s = s == TRT_STATUS_OK ? trt_onnx_parser_convert_to_network(p) : s;
  check("layer info is filtered out at WARNING", s == TRT_STATUS_OK && m.infos == infos);
  check("dtype INT8 is refused",
        trt_onnx_parser_parse(p, model, TRT_DATA_TYPE_INT8) == TRT_STATUS_INVALID_ARGUMENT &&
            m.errors == 1);
  trt_onnx_parser_free(p);
  trt_onnx_config_free(c);
  trt_onnx_parser_free(NULL);
  trt_logger_free(log);
}

static void from_memory(const char *model) {
  size_t size = 0;
  void *bytes = trt_read_file(model, &size);
  TrtNetwork *net = trt_network_new();
  TrtStatus s = bytes ? trt_onnx_parse_memory(net, bytes, size, NULL, NULL) : TRT_STATUS_FILE_ERROR;
  check("parse_memory", s == TRT_STATUS_OK && trt_network_get_nb_layers(net) >= 12);
  trt_network_free(net);
  net = trt_network_new();
  Messages m = {.want = "<memory>"};
  TrtLogger *log = trt_logger_new(collect, &m, TRT_SEVERITY_ERROR);
  s = bytes ? trt_onnx_parse_memory(net, bytes, size / 2, NULL, log) : TRT_STATUS_OK;
  check("parse_memory of half a model fails naming <memory>", s == TRT_STATUS_PARSE_ERROR && m.seen);
  trt_logger_free(log);
  trt_network_free(net);
  free(bytes);
}

static bool same(const TrtHostTensor *a, const TrtHostTensor *b) {
  return a->type == b->type && trt_dims_equal(&a->dims, &b->dims) && a->size == b->size &&
         !memcmp(a->data, b->data, a->size) && !strcmp(a->name, b->name);
}

static void tensor_files(void) {
  char path[] = "/tmp/trtinfer-tensorXXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    check("tensor file round trips", false);
    return;
  }
  close(fd);
  static const TrtDataType types[] = {TRT_DATA_TYPE_FLOAT, TRT_DATA_TYPE_INT8, TRT_DATA_TYPE_UINT8,
                                      TRT_DATA_TYPE_INT32, TRT_DATA_TYPE_INT64, TRT_DATA_TYPE_BOOL};
  bool ok = true;
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    uint8_t data[2 * 3 * 8];
    for (size_t k = 0; k < sizeof data; k++) data[k] = (uint8_t)(k * 37 + i);
    if (types[i] == TRT_DATA_TYPE_BOOL)
      for (size_t k = 0; k < sizeof data; k++) data[k] &= 1;
    TrtHostTensor t = {.name = "t", .type = types[i], .dims = {2, {2, 3}}, .data = data,
                       .size = 6 * trt_data_type_size(types[i])}, back;
    ok = ok && trt_onnx_write_tensor_file(path, &t, NULL) == TRT_STATUS_OK &&
         trt_onnx_read_tensor_file(path, &back, NULL) == TRT_STATUS_OK && same(&t, &back);
    trt_host_tensor_free(&back);
  }
  /* A scalar and an empty tensor. */
  float one = 1.0f;
  TrtHostTensor scalar = {.name = "", .type = TRT_DATA_TYPE_FLOAT, .dims = {0}, .data = &one,
                          .size = 4}, back;
  ok = ok && trt_onnx_write_tensor_file(path, &scalar, NULL) == TRT_STATUS_OK &&
       trt_onnx_read_tensor_file(path, &back, NULL) == TRT_STATUS_OK && same(&scalar, &back);
  trt_host_tensor_free(&back);
  TrtHostTensor empty = {.name = "e", .type = TRT_DATA_TYPE_INT64, .dims = {2, {0, 4}}, .data = NULL,
                         .size = 0};
  ok = ok && trt_onnx_write_tensor_file(path, &empty, NULL) == TRT_STATUS_OK &&
       trt_onnx_read_tensor_file(path, &back, NULL) == TRT_STATUS_OK &&
       trt_dims_equal(&back.dims, &empty.dims) && back.size == 0;
  trt_host_tensor_free(&back);
  check("tensor files round trip (every type, scalar, empty)", ok);
  /* Sizes that disagree with the dims are refused, not written. */
  int32_t v[2] = {1, 2};
  TrtHostTensor bad = {.name = "b", .type = TRT_DATA_TYPE_INT32, .dims = {1, {3}}, .data = v,
                       .size = sizeof v};
  check("a tensor whose size disagrees with its dims is not written",
        trt_onnx_write_tensor_file(path, &bad, NULL) == TRT_STATUS_INVALID_ARGUMENT);
  Messages m = {.want = path};
  TrtLogger *log = trt_logger_new(collect, &m, TRT_SEVERITY_ERROR);
  FILE *f = fopen(path, "wb");
  if (f) {
    fputs("\x12\xff\xff\xff", f);
    fclose(f);
  }
  check("a corrupt tensor file fails naming it",
        trt_onnx_read_tensor_file(path, &back, log) == TRT_STATUS_PARSE_ERROR && m.seen &&
            !back.data);
  trt_logger_free(log);
  trt_host_tensor_free(NULL);
  unlink(path);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: onnx-api REPO_MODELS_DIR\n");
    return 2;
  }
  char model[4096];
  snprintf(model, sizeof model, "%s/mnist.onnx", argv[1]);
  config_object();
  parser_object(model);
  from_memory(model);
  tensor_files();
  printf("onnx-api: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
