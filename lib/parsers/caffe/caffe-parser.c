/* The Caffe parser's public API (see parsers.h): reading the deploy file
 * (text) and the model file (binary), running the import, the blob-name
 * map, outputs for the one-call form, and mean images. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/network-impl.h"
#include "../../core/util.h"
#include "../pbtext.h"
#include "caffe-importer.h"

struct TrtCaffeParser {
  TrtLogger *logger;           /* NULL: the network's */
  TrtBlobNameToTensor *blobs;  /* of the last successful parse */
  TrtStatus status;            /* of the last parse */
};

TrtCaffeParser *trt_caffe_parser_new(void) { return calloc(1, sizeof(TrtCaffeParser)); }

void trt_caffe_parser_free(TrtCaffeParser *parser) {
  if (!parser) return;
  caffe_blob_map_free(parser->blobs);
  free(parser);
}

void trt_caffe_parser_set_logger(TrtCaffeParser *parser, TrtLogger *logger) {
  if (parser) parser->logger = logger;
}

static void *read_whole_file(const char *path, const char *what, size_t *size,
                             TrtLogger *logger) {
  void *data = trt_read_file(path, size);
  if (!data)
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot read the %s: %s", path, what,
            strerror(errno));
  return data;
}

static TrtStatus read_deploy(const char *path, TrtLogger *logger, Caffe__NetParameter **out) {
  size_t size;
  char *text = read_whole_file(path, "deploy file (.prototxt)", &size, logger);
  if (!text) return TRT_STATUS_FILE_ERROR;
  TrtPbTextOptions options = {.skip_unknown_fields = true};
  ProtobufCMessage *msg = NULL;
  TrtStatus s = trt_pbtext_parse(&caffe__net_parameter__descriptor, text, size, path, &options,
                                 &msg, logger);
  free(text);
  *out = (Caffe__NetParameter *)msg;
  return s;
}

static TrtStatus read_model(const char *path, TrtLogger *logger, Caffe__NetParameter **out) {
  size_t size;
  uint8_t *data = read_whole_file(path, "model file (.caffemodel)", &size, logger);
  if (!data) return TRT_STATUS_FILE_ERROR;
  *out = caffe__net_parameter__unpack(NULL, size, data);
  free(data);
  if (!*out) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: not a Caffe model: the bytes do not decode as a binary NetParameter "
            "(the .caffemodel with the weights; the .prototxt is the deploy file)",
            path);
    return TRT_STATUS_PARSE_ERROR;
  }
  return TRT_STATUS_OK;
}

/* Infers the whole network once more so that a shape problem of a layer
 * that no later converter looked at is found now, not at build time. */
static TrtStatus check_shapes(CaffeImporter *imp) {
  TrtShapeState state;
  TrtStatus s = trt_infer_network(imp->net, NULL, false, &state, imp->logger);
  trt_shape_state_free(&state);
  if (s != TRT_STATUS_OK)
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: the layers' shapes do not fit (see above)",
            imp->deploy_file);
  return s;
}

static TrtStatus parse(TrtCaffeParser *parser, const char *deploy_file, const char *model_file,
                       TrtNetwork *network, TrtDataType dtype) {
  TrtLogger *logger = parser->logger ? parser->logger : trt_network_get_logger(network);
  if (dtype != TRT_DATA_TYPE_FLOAT && dtype != TRT_DATA_TYPE_HALF) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: model dtype %s: the Caffe parser makes float32 networks (FLOAT, or HALF "
            "as a precision hint)", deploy_file, trt_data_type_name(dtype));
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  CaffeImporter imp = {
      .net = network,
      .logger = logger,
      .deploy_file = deploy_file,
      .model_file = model_file,
      .blobs = calloc(1, sizeof(TrtBlobNameToTensor)),
      .shapes_layers = -1,
  };
  Caffe__NetParameter *deploy = NULL, *model = NULL;
  TrtStatus s = imp.blobs ? read_deploy(deploy_file, logger, &deploy) : TRT_STATUS_OUT_OF_MEMORY;
  if (s == TRT_STATUS_OK && model_file) s = read_model(model_file, logger, &model);
  if (s == TRT_STATUS_OK) {
    imp.deploy = deploy;
    imp.model = model;
    s = caffe_import_net(&imp);
  }
  if (s == TRT_STATUS_OK) s = check_shapes(&imp);
  trt_shape_state_free(&imp.shapes);
  if (deploy) caffe__net_parameter__free_unpacked(deploy, NULL);
  if (model) caffe__net_parameter__free_unpacked(model, NULL);
  if (s == TRT_STATUS_OK) {
    caffe_blob_map_free(parser->blobs);
    parser->blobs = imp.blobs;
  } else {
    caffe_blob_map_free(imp.blobs);
  }
  return s;
}

const TrtBlobNameToTensor *trt_caffe_parser_parse(TrtCaffeParser *parser,
                                                  const char *deploy_file,
                                                  const char *model_file, TrtNetwork *network,
                                                  TrtDataType dtype) {
  if (!parser) return NULL;
  caffe_blob_map_free(parser->blobs);
  parser->blobs = NULL;
  if (!deploy_file || !network) {
    trt_log(parser->logger ? parser->logger : network ? trt_network_get_logger(network) : NULL,
            TRT_SEVERITY_ERROR, "trt_caffe_parser_parse: a deploy file and a network are needed");
    parser->status = TRT_STATUS_INVALID_ARGUMENT;
    return NULL;
  }
  parser->status = parse(parser, deploy_file, model_file, network, dtype);
  return parser->blobs;
}

TrtTensor *trt_blob_name_to_tensor_find(const TrtBlobNameToTensor *map, const char *name) {
  if (!map || !name) return NULL;
  CaffeBlob *b = caffe_blob_find(map, name);
  return b ? b->tensor : NULL;
}

/* ---- outputs for the one-call form ------------------------------------------ */

static TrtStatus mark_named_outputs(TrtNetwork *network, const TrtBlobNameToTensor *map,
                                    const char *deploy_file, const char *csv,
                                    TrtLogger *logger) {
  const char *p = csv;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    size_t n = strcspn(p, ",");
    while (n && p[n - 1] == ' ') n--;
    if (!n) break;
    char name[512];
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, p, n);
    name[n] = '\0';
    TrtTensor *t = trt_blob_name_to_tensor_find(map, name);
    if (!t) {
      char known[1024] = "";
      for (size_t i = 0; i < map->count && strlen(known) < sizeof known - 64; i++) {
        strcat(known, i ? ", " : "");
        strncat(known, map->entries[i].name, 48);
      }
      trt_log(logger, TRT_SEVERITY_ERROR, "%s: there is no blob '%s' to mark as output (blobs: %s)",
              deploy_file, name, known);
      return TRT_STATUS_INVALID_ARGUMENT;
    }
    TrtStatus s = trt_network_mark_output(network, t);
    if (s != TRT_STATUS_OK) return s;
    p += strcspn(p, ",");
  }
  return TRT_STATUS_OK;
}

/* Blobs no layer reads are what the net computes (Caffe's own rule). */
static TrtStatus mark_unread_blobs(TrtNetwork *network, const TrtBlobNameToTensor *map,
                                   const char *deploy_file, TrtLogger *logger) {
  int marked = 0;
  for (size_t i = 0; i < map->count; i++) {
    const CaffeBlob *b = &map->entries[i];
    if (b->consumed || b->tensor->role == TRT_TENSOR_INPUT || b->tensor->is_output) continue;
    TrtStatus s = trt_network_mark_output(network, b->tensor);
    if (s != TRT_STATUS_OK) return s;
    marked++;
  }
  if (!marked) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: every blob is read by a layer: name the outputs",
            deploy_file);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  return TRT_STATUS_OK;
}

TrtStatus trt_caffe_parse_files(TrtNetwork *network, const char *deploy_file,
                                const char *model_file, const char *outputs_csv,
                                TrtLogger *logger) {
  TrtCaffeParser *parser = trt_caffe_parser_new();
  if (!parser) return TRT_STATUS_OUT_OF_MEMORY;
  trt_caffe_parser_set_logger(parser, logger);
  const TrtBlobNameToTensor *map =
      trt_caffe_parser_parse(parser, deploy_file, model_file, network, TRT_DATA_TYPE_FLOAT);
  TrtStatus s = parser->status;
  if (map)
    s = outputs_csv && *outputs_csv
            ? mark_named_outputs(network, map, deploy_file, outputs_csv, logger)
            : mark_unread_blobs(network, map, deploy_file, logger);
  trt_caffe_parser_free(parser);
  return s;
}

/* ---- mean images -------------------------------------------------------------- */

TrtStatus trt_caffe_parser_parse_binary_proto(TrtCaffeParser *parser, const char *mean_file,
                                              TrtHostTensor *out) {
  TrtLogger *logger = parser ? parser->logger : NULL;
  if (!out) return TRT_STATUS_INVALID_ARGUMENT;
  memset(out, 0, sizeof *out);
  if (!mean_file) return TRT_STATUS_INVALID_ARGUMENT;
  size_t size;
  uint8_t *data = read_whole_file(mean_file, "mean file (.binaryproto)", &size, logger);
  if (!data) return TRT_STATUS_FILE_ERROR;
  Caffe__BlobProto *blob = caffe__blob_proto__unpack(NULL, size, data);
  free(data);
  if (!blob) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: not a Caffe BlobProto (.binaryproto)", mean_file);
    return TRT_STATUS_PARSE_ERROR;
  }
  TrtDims dims = caffe_blob_dims(blob);
  int64_t count = (int64_t)(blob->n_data ? blob->n_data : blob->n_double_data);
  if (dims.nb_dims == 0) dims = (TrtDims){1, {count}};
  bool dims_ok = dims.nb_dims > 0;
  for (int i = 0; dims_ok && i < dims.nb_dims; i++) dims_ok = dims.d[i] >= 0;
  TrtStatus s = TRT_STATUS_OK;
  if (!count || !dims_ok || trt_dims_volume(&dims) != count) {
    char buf[128];
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: the blob has %lld values for its shape %s",
            mean_file, (long long)count,
            dims.nb_dims >= 0 ? trt_dims_format(&dims, buf, sizeof buf) : "(too many dims)");
    s = TRT_STATUS_PARSE_ERROR;
  } else {
    out->name = trt_strdup("");
    out->data = malloc((size_t)count * sizeof(float));
    if (!out->name || !out->data) {
      trt_host_tensor_free(out);
      s = TRT_STATUS_OUT_OF_MEMORY;
    } else {
      float *values = out->data;
      for (int64_t i = 0; i < count; i++)
        values[i] = blob->n_data ? blob->data[i] : (float)blob->double_data[i];
      out->type = TRT_DATA_TYPE_FLOAT;
      out->dims = dims;
      out->size = (size_t)count * sizeof(float);
    }
  }
  caffe__blob_proto__free_unpacked(blob, NULL);
  return s;
}
