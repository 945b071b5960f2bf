/* The ONNX parser's entry points: model decoding and checks, the one-call
 * functions, and the TensorRT-style config and parser objects. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util.h"
#include "onnx-importer.h"

/* Newest opset whose operators this parser was written against; newer
 * models are read as if their operators kept the meaning they had here. */
#define ONNX_NEWEST_OPSET 18

static int64_t default_opset(const Onnx__ModelProto *m) {
  for (size_t i = 0; i < m->n_opset_import; i++) {
    const Onnx__OperatorSetIdProto *o = m->opset_import[i];
    if (!o->domain || !*o->domain || strcmp(o->domain, "ai.onnx") == 0)
      return o->has_version ? o->version : 1;
  }
  /* IR 3 files without opset_import used opset 1; none are left in use. */
  return 0;
}

/* Decodes and checks a model; NULL (logged, naming `file`) when it is not
 * one this parser can read. */
static Onnx__ModelProto *decode_model(const void *data, size_t size, const char *file,
                                      TrtLogger *logger) {
  if (size == 0) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: the model file is empty", file);
    return NULL;
  }
  if (!onnx_nesting_within(data, size, &onnx__model_proto__descriptor, ONNX_MAX_NESTING)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: not a model trtinfer reads: its messages nest deeper than %d levels", file,
            ONNX_MAX_NESTING);
    return NULL;
  }
  Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, size, data);
  if (!m) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: not an ONNX model: its %zu bytes do not decode as onnx.ModelProto "
            "(truncated, corrupt or another format)", file, size);
    return NULL;
  }
  const char *problem = NULL;
  if (!m->graph)
    problem = "it has no graph (not an ONNX model?)";
  else if (!m->has_ir_version || m->ir_version < 3)
    problem = "its IR version is missing or older than 3 (the oldest supported)";
  if (problem) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s", file, problem);
    onnx__model_proto__free_unpacked(m, NULL);
    return NULL;
  }
  return m;
}

static TrtStatus import_model(TrtNetwork *network, const Onnx__ModelProto *m,
                              const char *file, const char *base_dir,
                              bool print_layer_info, TrtLogger *logger) {
  OnnxImporter imp = {.net = network, .logger = logger, .file = file,
                      .base_dir = base_dir, .opset = default_opset(m),
                      .print_layer_info = print_layer_info, .shapes_layers = -1};
  if (imp.opset >= 1 && imp.opset < 7)
    trt_log(logger, TRT_SEVERITY_WARNING,
            "%s: opset %lld is older than 7, the oldest supported: operators are read "
            "with their opset 7 meaning", file, (long long)imp.opset);
  else if (imp.opset > ONNX_NEWEST_OPSET)
    trt_log(logger, TRT_SEVERITY_INFO,
            "%s: opset %lld is newer than %d: operators are read with the meaning they "
            "had in opset %d", file, (long long)imp.opset, ONNX_NEWEST_OPSET,
            ONNX_NEWEST_OPSET);
  TrtLogger *saved = trt_network_get_logger(network);
  if (!saved) trt_network_set_logger(network, logger);
  TrtStatus s = onnx_import_graph(&imp, m->graph);
  trt_network_set_logger(network, saved ? saved : logger);
  onnx_names_free(&imp.names);
  free(imp.bound);
  trt_shape_state_free(&imp.shapes);
  return s;
}

static TrtStatus parse_buffer(TrtNetwork *network, const void *data, size_t size,
                              const char *base_dir, const char *file, TrtLogger *logger) {
  Onnx__ModelProto *m = decode_model(data, size, file, logger);
  if (!m) return TRT_STATUS_PARSE_ERROR;
  TrtStatus s = import_model(network, m, file, base_dir, false, logger);
  onnx__model_proto__free_unpacked(m, NULL);
  return s;
}

TrtStatus trt_onnx_parse_memory(TrtNetwork *network, const void *data, size_t size,
                                const char *base_dir, TrtLogger *logger) {
  if (!network || (!data && size)) return TRT_STATUS_INVALID_ARGUMENT;
  return parse_buffer(network, data, size, base_dir, "<memory>", logger);
}

/* The folder of `path` ("." when it has none); malloc'ed. */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return trt_strdup(".");
  if (slash == path) return trt_strdup("/");
  size_t n = (size_t)(slash - path);
  char *dir = malloc(n + 1);
  if (dir) {
    memcpy(dir, path, n);
    dir[n] = '\0';
  }
  return dir;
}

static void *read_model(const char *path, size_t *size, TrtLogger *logger) {
  void *data = trt_read_file(path, size);
  if (!data)
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot read the model: %s", path,
            strerror(errno));
  return data;
}

TrtStatus trt_onnx_parse_file(TrtNetwork *network, const char *path, TrtLogger *logger) {
  if (!network || !path) return TRT_STATUS_INVALID_ARGUMENT;
  size_t size = 0;
  void *data = read_model(path, &size, logger);
  if (!data) return TRT_STATUS_FILE_ERROR;
  char *dir = folder_of(path);
  TrtStatus s = dir ? parse_buffer(network, data, size, dir, path, logger)
                    : TRT_STATUS_OUT_OF_MEMORY;
  free(dir);
  free(data);
  return s;
}

/* ---- TensorRT-style config and parser ------------------------------------- */

struct TrtOnnxConfig {
  char *model_file;
  TrtDataType dtype;
  bool print_layer_info;
  bool report_parsing_info;
  TrtSeverity verbosity;
  TrtLogger *logger; /* not owned; NULL: stderr */
};

TrtOnnxConfig *trt_onnx_config_new(void) {
  TrtOnnxConfig *c = calloc(1, sizeof *c);
  if (c) {
    c->dtype = TRT_DATA_TYPE_FLOAT;
    c->verbosity = TRT_SEVERITY_WARNING;
  }
  return c;
}

void trt_onnx_config_free(TrtOnnxConfig *c) {
  if (!c) return;
  free(c->model_file);
  free(c);
}

void trt_onnx_config_set_model_file_name(TrtOnnxConfig *c, const char *path) {
  char *copy = path ? trt_strdup(path) : NULL;
  free(c->model_file);
  c->model_file = copy;
}
const char *trt_onnx_config_get_model_file_name(const TrtOnnxConfig *c) {
  return c->model_file;
}
void trt_onnx_config_set_model_dtype(TrtOnnxConfig *c, TrtDataType dtype) { c->dtype = dtype; }
TrtDataType trt_onnx_config_get_model_dtype(const TrtOnnxConfig *c) { return c->dtype; }
void trt_onnx_config_set_print_layer_info(TrtOnnxConfig *c, bool print) {
  c->print_layer_info = print;
}
bool trt_onnx_config_get_print_layer_info(const TrtOnnxConfig *c) {
  return c->print_layer_info;
}
void trt_onnx_config_report_parsing_info(TrtOnnxConfig *c) { c->report_parsing_info = true; }
void trt_onnx_config_add_verbosity(TrtOnnxConfig *c) {
  if (c->verbosity < TRT_SEVERITY_VERBOSE) c->verbosity++;
}
void trt_onnx_config_reduce_verbosity(TrtOnnxConfig *c) {
  if (c->verbosity > TRT_SEVERITY_INTERNAL_ERROR) c->verbosity--;
}
void trt_onnx_config_set_verbosity_level(TrtOnnxConfig *c, TrtSeverity level) {
  if (level < TRT_SEVERITY_INTERNAL_ERROR) level = TRT_SEVERITY_INTERNAL_ERROR;
  if (level > TRT_SEVERITY_VERBOSE) level = TRT_SEVERITY_VERBOSE;
  c->verbosity = level;
}
TrtSeverity trt_onnx_config_get_verbosity_level(const TrtOnnxConfig *c) {
  return c->verbosity;
}
void trt_onnx_config_set_logger(TrtOnnxConfig *c, TrtLogger *logger) { c->logger = logger; }

struct TrtOnnxParser {
  TrtOnnxConfig config;  /* copy; config.model_file owned */
  TrtLogger *logger;     /* the verbosity filter in front of config.logger */
  Onnx__ModelProto *model;
  char *path, *dir;      /* of the parsed model */
  TrtNetwork *network;
};

static void forward(TrtSeverity severity, const char *message, void *user_data) {
  trt_log(user_data, severity, "%s", message);
}

TrtOnnxParser *trt_onnx_parser_new(const TrtOnnxConfig *config) {
  TrtOnnxParser *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  TrtOnnxConfig defaults = {.dtype = TRT_DATA_TYPE_FLOAT, .verbosity = TRT_SEVERITY_WARNING};
  p->config = config ? *config : defaults;
  p->config.model_file = p->config.model_file ? trt_strdup(p->config.model_file) : NULL;
  p->logger = trt_logger_new(p->config.logger ? forward : NULL, p->config.logger,
                             p->config.verbosity);
  if (!p->logger || (config && config->model_file && !p->config.model_file)) {
    trt_onnx_parser_free(p);
    return NULL;
  }
  return p;
}

void trt_onnx_parser_free(TrtOnnxParser *p) {
  if (!p) return;
  if (p->model) onnx__model_proto__free_unpacked(p->model, NULL);
  trt_network_free(p->network);
  trt_logger_free(p->logger);
  free(p->config.model_file);
  free(p->path);
  free(p->dir);
  free(p);
}

TrtStatus trt_onnx_parser_parse(TrtOnnxParser *p, const char *path, TrtDataType dtype) {
  if (!p) return TRT_STATUS_INVALID_ARGUMENT;
  if (!path) path = p->config.model_file;
  if (!path) {
    trt_log(p->logger, TRT_SEVERITY_ERROR,
            "ONNX parser: no model file (give one, or set it in the config)");
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  if (dtype != TRT_DATA_TYPE_FLOAT && dtype != TRT_DATA_TYPE_HALF) {
    trt_log(p->logger, TRT_SEVERITY_ERROR,
            "%s: model dtype %s is not supported (FLOAT or HALF)", path,
            trt_data_type_name(dtype));
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  size_t size = 0;
  void *data = read_model(path, &size, p->logger);
  if (!data) return TRT_STATUS_FILE_ERROR;
  Onnx__ModelProto *m = decode_model(data, size, path, p->logger);
  free(data);
  char *copy = trt_strdup(path), *dir = folder_of(path);
  if (!m || !copy || !dir) {
    if (m) onnx__model_proto__free_unpacked(m, NULL);
    free(copy);
    free(dir);
    return m ? TRT_STATUS_OUT_OF_MEMORY : TRT_STATUS_PARSE_ERROR;
  }
  if (p->model) onnx__model_proto__free_unpacked(p->model, NULL);
  free(p->path);
  free(p->dir);
  p->model = m;
  p->path = copy;
  p->dir = dir;
  p->config.dtype = dtype;
  return TRT_STATUS_OK;
}

/* Logs the model's summary at INFO: versions, producer, op counts, I/O. */
static void report(TrtOnnxParser *p) {
  const Onnx__ModelProto *m = p->model;
  const Onnx__GraphProto *g = m->graph;
  TrtLogger *log = p->logger;
  TrtSeverity saved = trt_logger_get_min_severity(log);
  if (saved < TRT_SEVERITY_INFO) trt_logger_set_min_severity(log, TRT_SEVERITY_INFO);
  trt_log(log, TRT_SEVERITY_INFO,
          "%s: IR version %lld, opset %lld, producer '%s %s', %zu nodes, %zu initializers, "
          "%d layers made", p->path, (long long)m->ir_version, (long long)default_opset(m),
          m->producer_name ? m->producer_name : "", m->producer_version ? m->producer_version : "",
          g->n_node, g->n_initializer, trt_network_get_nb_layers(p->network));
  /* Count nodes per op type (the first node of each type reports). */
  for (size_t i = 0; i < g->n_node; i++) {
    const char *op = g->node[i]->op_type ? g->node[i]->op_type : "";
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = g->node[j]->op_type && strcmp(g->node[j]->op_type, op) == 0;
    if (seen) continue;
    int count = 0;
    for (size_t j = i; j < g->n_node; j++)
      count += g->node[j]->op_type && strcmp(g->node[j]->op_type, op) == 0;
    trt_log(log, TRT_SEVERITY_INFO, "  %-24s %d", op, count);
  }
  TrtNetwork *net = p->network;
  char dims[128];
  for (int i = 0; i < trt_network_get_nb_inputs(net); i++) {
    TrtTensor *t = trt_network_get_input(net, i);
    TrtDims d = trt_tensor_get_dims(t);
    trt_log(log, TRT_SEVERITY_INFO, "  input  '%s' %s %s", trt_tensor_get_name(t),
            trt_data_type_name(trt_tensor_get_type(t)), trt_dims_format(&d, dims, sizeof dims));
  }
  for (int i = 0; i < trt_network_get_nb_outputs(net); i++)
    trt_log(log, TRT_SEVERITY_INFO, "  output '%s'",
            trt_tensor_get_name(trt_network_get_output(net, i)));
  trt_logger_set_min_severity(log, saved);
}

TrtStatus trt_onnx_parser_convert_to_network(TrtOnnxParser *p) {
  if (!p) return TRT_STATUS_INVALID_ARGUMENT;
  if (!p->model) {
    trt_log(p->logger, TRT_SEVERITY_ERROR,
            "ONNX parser: convert_to_network needs a model: call parse first");
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  trt_network_free(p->network);
  p->network = trt_network_new();
  if (!p->network) return TRT_STATUS_OUT_OF_MEMORY;
  trt_network_set_logger(p->network, p->logger);
  TrtStatus s = import_model(p->network, p->model, p->path, p->dir,
                             p->config.print_layer_info, p->logger);
  if (s != TRT_STATUS_OK) {
    trt_network_free(p->network);
    p->network = NULL;
    return s;
  }
  if (p->config.report_parsing_info) report(p);
  return TRT_STATUS_OK;
}

TrtNetwork *trt_onnx_parser_get_network(TrtOnnxParser *p) { return p ? p->network : NULL; }
