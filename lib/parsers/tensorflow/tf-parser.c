/* The TensorFlow / UFF parser's public API (see parsers.h): registered
 * inputs and outputs, telling the two file kinds apart, the import, and the
 * one-call forms. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/builder.h>

#include "../../core/util.h"
#include "tf-import.h"

struct TrtUffParser {
  TrtLogger *logger; /* NULL: the network's */
  TrtUffInput *inputs; /* names owned */
  int nb_inputs, cap_inputs;
  char **outputs;
  int nb_outputs, cap_outputs;
};

TrtUffParser *trt_uff_parser_new(void) { return calloc(1, sizeof(TrtUffParser)); }

void trt_uff_parser_clear(TrtUffParser *parser) {
  if (!parser) return;
  for (int i = 0; i < parser->nb_inputs; i++) free((char *)parser->inputs[i].name);
  for (int i = 0; i < parser->nb_outputs; i++) free(parser->outputs[i]);
  parser->nb_inputs = parser->nb_outputs = 0;
}

void trt_uff_parser_free(TrtUffParser *parser) {
  if (!parser) return;
  trt_uff_parser_clear(parser);
  free(parser->inputs);
  free(parser->outputs);
  free(parser);
}

void trt_uff_parser_set_logger(TrtUffParser *parser, TrtLogger *logger) {
  if (parser) parser->logger = logger;
}

TrtStatus trt_uff_parser_register_input(TrtUffParser *parser, const char *name,
                                        const TrtDims *dims, TrtUffInputOrder order) {
  if (!parser || !name || !*name || !dims) return TRT_STATUS_INVALID_ARGUMENT;
  bool ok = dims->nb_dims >= 0 && dims->nb_dims < TRT_MAX_DIMS &&
            (unsigned)order <= TRT_UFF_INPUT_ORDER_NC;
  for (int i = 0; ok && i < dims->nb_dims; i++) ok = dims->d[i] >= 1;
  if (!ok) {
    char buf[128];
    trt_log(parser->logger, TRT_SEVERITY_ERROR,
            "register_input '%s': dims %s: up to %d dims (C x H x W without the batch), each "
            ">= 1, and an order NCHW, NHWC or NC are needed",
            name, dims->nb_dims >= 0 ? trt_dims_format(dims, buf, sizeof buf) : "(negative rank)",
            TRT_MAX_DIMS - 1);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtUffInput *slot = NULL;
  for (int i = 0; i < parser->nb_inputs && !slot; i++)
    if (strcmp(parser->inputs[i].name, name) == 0) slot = &parser->inputs[i];
  if (!slot) {
    if (parser->nb_inputs == parser->cap_inputs) {
      int cap = parser->cap_inputs ? parser->cap_inputs * 2 : 4;
      TrtUffInput *grown = realloc(parser->inputs, (size_t)cap * sizeof *grown);
      if (!grown) return TRT_STATUS_OUT_OF_MEMORY;
      parser->inputs = grown;
      parser->cap_inputs = cap;
    }
    char *copy = trt_strdup(name);
    if (!copy) return TRT_STATUS_OUT_OF_MEMORY;
    slot = &parser->inputs[parser->nb_inputs++];
    slot->name = copy;
  }
  slot->dims = *dims;
  slot->order = order;
  return TRT_STATUS_OK;
}

TrtStatus trt_uff_parser_register_output(TrtUffParser *parser, const char *name) {
  if (!parser || !name || !*name) return TRT_STATUS_INVALID_ARGUMENT;
  for (int i = 0; i < parser->nb_outputs; i++)
    if (strcmp(parser->outputs[i], name) == 0) return TRT_STATUS_OK;
  if (parser->nb_outputs == parser->cap_outputs) {
    int cap = parser->cap_outputs ? parser->cap_outputs * 2 : 4;
    char **grown = realloc(parser->outputs, (size_t)cap * sizeof *grown);
    if (!grown) return TRT_STATUS_OUT_OF_MEMORY;
    parser->outputs = grown;
    parser->cap_outputs = cap;
  }
  if (!(parser->outputs[parser->nb_outputs] = trt_strdup(name))) return TRT_STATUS_OUT_OF_MEMORY;
  parser->nb_outputs++;
  return TRT_STATUS_OK;
}

/* ---- reading ----------------------------------------------------------------------- */

/* Both kinds are protocol buffers. A UFF MetaGraph starts with its version
 * (field 1, a varint: byte 0x08); a GraphDef with its nodes (field 1,
 * length-delimited: 0x0a) or versions (0x22). Each fails to decode as the
 * other, so the other is tried when the first guess fails. */
static TrtStatus read_graph(const uint8_t *data, size_t size, const char *file, TfGraph *graph,
                            Tensorflow__GraphDef **def, Uff__MetaGraph **meta,
                            TrtLogger *logger) {
  if (!size) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: the file is empty", file);
    return TRT_STATUS_PARSE_ERROR;
  }
  bool text = true;
  for (size_t i = 0; i < size && i < 64 && text; i++)
    text = (data[i] >= 0x20 && data[i] < 0x7f) || data[i] == '\n' || data[i] == '\t' ||
           data[i] == '\r';
  if (text) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: this looks like text; a binary frozen GraphDef (.pb) or UFF file is needed "
            "(the text formats .pbtxt and .uff.txt are not read)",
            file);
    return TRT_STATUS_PARSE_ERROR;
  }
  bool uff_first = data[0] == 0x08;
  if (uff_first) *meta = uff__meta_graph__unpack(NULL, size, data);
  if (!*meta) *def = tensorflow__graph_def__unpack(NULL, size, data);
  if (!uff_first && !*def) *meta = uff__meta_graph__unpack(NULL, size, data);
  if (*meta) return tf_read_uff(*meta, file, graph, logger);
  if (*def) return tf_read_graphdef(*def, file, graph, logger);
  trt_log(logger, TRT_SEVERITY_ERROR,
          "%s: not a frozen TensorFlow graph (GraphDef) nor a UFF file: the bytes decode as "
          "neither (a truncated or damaged file, or another format)",
          file);
  return TRT_STATUS_PARSE_ERROR;
}

static TrtStatus parse(TrtUffParser *parser, const char *file, const uint8_t *data, size_t size,
                       TrtNetwork *network, TrtDataType dtype) {
  TrtLogger *logger = parser->logger ? parser->logger : trt_network_get_logger(network);
  if (dtype != TRT_DATA_TYPE_FLOAT && dtype != TRT_DATA_TYPE_HALF) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: model dtype %s: the parser makes float32 networks (FLOAT, or HALF as a "
            "precision hint)",
            file, trt_data_type_name(dtype));
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  TfGraph graph;
  tf_graph_init(&graph);
  Tensorflow__GraphDef *def = NULL;
  Uff__MetaGraph *meta = NULL;
  TrtStatus s = read_graph(data, size, file, &graph, &def, &meta, logger);
  TfImporter imp = {
      .net = network,
      .logger = logger,
      .file = file,
      .graph = &graph,
      .inputs = parser->inputs,
      .nb_inputs = parser->nb_inputs,
      .shapes_layers = -1,
  };
  if (s == TRT_STATUS_OK)
    s = tf_import(&imp, parser->nb_outputs ? (const char *const *)parser->outputs : NULL,
                  parser->nb_outputs);
  /* A shape problem no converter looked at is found now, not at build. */
  if (s == TRT_STATUS_OK && network->nb_outputs) {
    TrtDims dims;
    if (!tf_dims(&imp, network->outputs[0], &dims)) {
      trt_log(logger, TRT_SEVERITY_ERROR, "%s: the layers' shapes do not fit (see above)", file);
      s = TRT_STATUS_SHAPE_ERROR;
    }
  }
  tf_importer_free(&imp);
  tf_graph_free(&graph);
  if (def) tensorflow__graph_def__free_unpacked(def, NULL);
  if (meta) uff__meta_graph__free_unpacked(meta, NULL);
  return s;
}

TrtStatus trt_uff_parser_parse_buffer(TrtUffParser *parser, const void *data, size_t size,
                                      TrtNetwork *network, TrtDataType dtype) {
  if (!parser || !network || (!data && size)) return TRT_STATUS_INVALID_ARGUMENT;
  return parse(parser, "(buffer)", data, size, network, dtype);
}

TrtStatus trt_uff_parser_parse(TrtUffParser *parser, const char *file, TrtNetwork *network,
                               TrtDataType dtype) {
  if (!parser || !file || !network) return TRT_STATUS_INVALID_ARGUMENT;
  TrtLogger *logger = parser->logger ? parser->logger : trt_network_get_logger(network);
  size_t size;
  uint8_t *data = trt_read_file(file, &size);
  if (!data) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot read the model: %s", file, strerror(errno));
    return TRT_STATUS_FILE_ERROR;
  }
  TrtStatus s = parse(parser, file, data, size, network, dtype);
  free(data);
  return s;
}

/* ---- one call ------------------------------------------------------------------------ */

TrtStatus trt_uff_parse_file(TrtNetwork *network, const char *path, const TrtUffInput *inputs,
                             int nb_inputs, const char *const *outputs, int nb_outputs,
                             TrtLogger *logger) {
  if (!network || !path || nb_inputs < 0 || nb_outputs < 0 || (nb_inputs && !inputs) ||
      (nb_outputs && !outputs))
    return TRT_STATUS_INVALID_ARGUMENT;
  TrtUffParser *parser = trt_uff_parser_new();
  if (!parser) return TRT_STATUS_OUT_OF_MEMORY;
  trt_uff_parser_set_logger(parser, logger);
  TrtStatus s = TRT_STATUS_OK;
  for (int i = 0; s == TRT_STATUS_OK && i < nb_inputs; i++)
    s = trt_uff_parser_register_input(parser, inputs[i].name, &inputs[i].dims, inputs[i].order);
  for (int i = 0; s == TRT_STATUS_OK && i < nb_outputs; i++)
    s = trt_uff_parser_register_output(parser, outputs[i]);
  if (s == TRT_STATUS_OK) s = trt_uff_parser_parse(parser, path, network, TRT_DATA_TYPE_FLOAT);
  trt_uff_parser_free(parser);
  return s;
}

TrtEngine *trt_uff_to_engine(TrtLogger *logger, const char *model_file, TrtUffParser *parser,
                             int max_batch, size_t max_workspace, TrtDataType dtype) {
  if (!model_file || !parser || max_batch < 1 ||
      (dtype != TRT_DATA_TYPE_FLOAT && dtype != TRT_DATA_TYPE_HALF)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "uff_to_engine: a model file, a parser, a max batch >= 1 and a FLOAT or HALF "
            "dtype are needed");
    return NULL;
  }
  TrtBuilder *builder = trt_builder_new(logger);
  TrtBuilderConfig *config = trt_builder_config_new();
  TrtNetwork *network = builder ? trt_builder_create_network(builder) : NULL;
  TrtEngine *engine = NULL;
  TrtLogger *saved = parser->logger;
  if (!parser->logger) parser->logger = logger;
  if (network && config &&
      trt_uff_parser_parse(parser, model_file, network, dtype) == TRT_STATUS_OK) {
    trt_builder_config_set_max_batch_size(config, max_batch);
    trt_builder_config_set_max_workspace_size(config, max_workspace);
    trt_builder_config_set_precision(
        config, dtype == TRT_DATA_TYPE_HALF ? TRT_PRECISION_FP16 : TRT_PRECISION_FP32);
    engine = trt_builder_build_engine(builder, network, config);
  }
  parser->logger = saved;
  trt_network_free(network);
  trt_builder_config_free(config);
  trt_builder_free(builder);
  return engine;
}
