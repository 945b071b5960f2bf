/* Models and engines: tells the file kinds apart, parses and builds models
 * with the model options, loads engine files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_model_kind_name(CliModelKind kind) {
  switch (kind) {
  case CLI_MODEL_ONNX: return "ONNX";
  case CLI_MODEL_ENGINE: return "engine";
  case CLI_MODEL_CAFFE: return "Caffe";
  case CLI_MODEL_TENSORFLOW: return "TensorFlow";
  case CLI_MODEL_UFF: return "UFF";
  }
  return "unknown";
}

/* An ONNX ModelProto starts with field 1 (ir_version, a varint: tag 0x08);
 * a TensorFlow GraphDef with field 1 (node, length-delimited: tag 0x0a). */
static bool looks_like_onnx(const unsigned char *head, size_t n) {
  return n > 0 && head[0] == 0x08;
}

/* Engine files start with this magic (see lib/core/engine-file.h). */
static const char engine_magic[8] = {'T', 'R', 'T', 'I', 'N', 'F', 'E', 'R'};

static CliModelKind detect_kind(const char *path, const unsigned char *head,
                                size_t n) {
  char ext[16];
  if (n >= sizeof engine_magic && memcmp(head, engine_magic, sizeof engine_magic) == 0)
    return CLI_MODEL_ENGINE;
  cli_file_extension(path, ext, sizeof ext);
  if (strcmp(ext, ".onnx") == 0) return CLI_MODEL_ONNX;
  if (strcmp(ext, ".engine") == 0 || strcmp(ext, ".trt") == 0 ||
      strcmp(ext, ".plan") == 0)
    return CLI_MODEL_ENGINE;
  if (strcmp(ext, ".prototxt") == 0 || strcmp(ext, ".caffemodel") == 0)
    return CLI_MODEL_CAFFE;
  if (strcmp(ext, ".uff") == 0) return CLI_MODEL_UFF;
  if (strcmp(ext, ".pb") == 0)
    return looks_like_onnx(head, n) ? CLI_MODEL_ONNX : CLI_MODEL_TENSORFLOW;
  /* No telling extension: an engine unless the bytes say ONNX. */
  return looks_like_onnx(head, n) ? CLI_MODEL_ONNX : CLI_MODEL_ENGINE;
}

/* 64-bit FNV-1a of the model's bytes, stored in the engine header so that
 * an engine can be matched with the model it came from. */
static bool hash_file(const char *path, char *out, size_t size) {
  size_t n;
  unsigned char *data = cli_read_file(path, &n);
  if (!data) return false;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= data[i];
    h *= 0x100000001b3ULL;
  }
  free(data);
  snprintf(out, size, "fnv1a64:%016llx", (unsigned long long)h);
  return true;
}

/* Marks tensor `name`, or else every output of the layer (node) `name`. */
static int mark_output(TrtNetwork *net, const char *name, const char *path) {
  TrtTensor *t = trt_network_find_tensor(net, name);
  if (t) {
    if (trt_network_mark_output(net, t) != TRT_STATUS_OK)
      return cli_fail_library(path, "cannot mark '%s' as an output", name);
    return 0;
  }
  for (int i = 0; i < trt_network_get_nb_layers(net); i++) {
    TrtLayer *l = trt_network_get_layer(net, i);
    if (strcmp(trt_layer_get_name(l), name) != 0) continue;
    for (int k = 0; k < trt_layer_get_nb_outputs(l); k++)
      if (trt_network_mark_output(net, trt_layer_get_output(l, k)) != TRT_STATUS_OK)
        return cli_fail_library(path, "cannot mark the outputs of '%s'", name);
    return 0;
  }
  return cli_usage_error("--outputs: %s has no tensor or layer named '%s'", path, name);
}

/* --outputs: the named tensors (or layers' outputs) replace the model's. */
static int apply_outputs(TrtNetwork *net, const char *list, const char *path) {
  while (trt_network_get_nb_outputs(net) > 0)
    if (trt_network_unmark_output(net, trt_network_get_output(net, 0)) != TRT_STATUS_OK)
      return cli_fail_library(path, "cannot replace the model's outputs");
  char *names = cli_strdup(list);
  if (!names) return cli_fail("out of memory");
  int code = 0;
  for (char *save = NULL, *name = strtok_r(names, ",", &save); name;
       name = strtok_r(NULL, ",", &save)) {
    if ((code = mark_output(net, name, path)) != 0) break;
  }
  free(names);
  return code;
}

static void list_inputs(const TrtNetwork *net, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < trt_network_get_nb_inputs(net) && used < size; i++) {
    int n = snprintf(buf + used, size - used, "%s'%s'", i ? ", " : "",
                     trt_tensor_get_name(trt_network_get_input(net, i)));
    if (n < 0) break;
    used += (size_t)n;
  }
}

/* --input-shape on a network: replaces the dims of the named inputs. */
static int apply_input_shapes(TrtNetwork *net, const CliModelOptions *o) {
  for (int i = 0; i < o->nb_shapes; i++) {
    TrtTensor *t = trt_network_find_tensor(net, o->shapes[i].name);
    if (!t || !trt_tensor_is_input(t)) {
      char inputs[512];
      list_inputs(net, inputs, sizeof inputs);
      return cli_usage_error("--input-shape: %s has no input named '%s' (its inputs: %s)",
                             o->path, o->shapes[i].name, inputs);
    }
    if (trt_network_set_input_dims(net, t, &o->shapes[i].dims) != TRT_STATUS_OK)
      return cli_fail_library(o->path, "cannot set the shape of input '%s'",
                              o->shapes[i].name);
  }
  return 0;
}

/* TensorFlow and UFF graphs need their inputs registered (--input-shape,
 * dims without the batch, or with it as a first dim that is dropped) and
 * their outputs named (--outputs). The engine takes channels-first data;
 * `run --input-order nhwc` transposes NHWC data files on the way in. */
static int parse_tensorflow(const CliModelOptions *o, TrtNetwork *net) {
  if (!o->outputs)
    return cli_usage_error("%s: name the outputs of a TensorFlow/UFF graph with "
                           "--outputs NODE,...", o->path);
  if (o->nb_shapes == 0)
    return cli_usage_error("%s: register the inputs of a TensorFlow/UFF graph with "
                           "--input-shape NODE=CxHxW", o->path);
  TrtUffInput inputs[CLI_MAX_INPUT_SHAPES];
  for (int i = 0; i < o->nb_shapes; i++) {
    TrtDims d = o->shapes[i].dims;
    if (d.nb_dims == 4) { /* N x C x H x W: the batch is not registered */
      for (int k = 0; k < 3; k++) d.d[k] = d.d[k + 1];
      d.nb_dims = 3;
    }
    inputs[i] = (TrtUffInput){.name = o->shapes[i].name, .dims = d,
                              .order = d.nb_dims == 1 ? TRT_UFF_INPUT_ORDER_NC
                                                      : TRT_UFF_INPUT_ORDER_NCHW};
  }
  char *names = cli_strdup(o->outputs);
  const char *outputs[64];
  int nb_outputs = 0;
  if (!names) return cli_fail("out of memory");
  for (char *save = NULL, *name = strtok_r(names, ",", &save); name && nb_outputs < 64;
       name = strtok_r(NULL, ",", &save))
    outputs[nb_outputs++] = name;
  TrtStatus st = trt_uff_parse_file(net, o->path, inputs, o->nb_shapes, outputs, nb_outputs,
                                    cli_logger());
  free(names);
  if (st != TRT_STATUS_OK) return cli_fail_library(o->path, "cannot parse the TensorFlow/UFF graph");
  return 0;
}

/* Parses the model into `net`; the --outputs of ONNX models replace the
 * model's own outputs, Caffe's name blobs to mark. */
static int parse_model(CliModelKind kind, const CliModelOptions *o, TrtNetwork *net) {
  TrtLogger *logger = cli_logger();
  switch (kind) {
  case CLI_MODEL_ONNX:
    if (o->weights)
      return cli_usage_error("--weights is for Caffe models; %s is an ONNX model", o->path);
    if (trt_onnx_parse_file(net, o->path, logger) != TRT_STATUS_OK)
      return cli_fail_library(o->path, "cannot parse the ONNX model");
    return o->outputs ? apply_outputs(net, o->outputs, o->path) : 0;
  case CLI_MODEL_CAFFE:
    if (!o->weights)
      return cli_usage_error("%s is a Caffe deploy file: give its weights with "
                             "--weights MODEL.caffemodel", o->path);
    if (trt_caffe_parse_files(net, o->path, o->weights, o->outputs, logger) != TRT_STATUS_OK)
      return cli_fail_library(o->path, "cannot parse the Caffe model");
    return 0;
  case CLI_MODEL_TENSORFLOW:
  case CLI_MODEL_UFF: return parse_tensorflow(o, net);
  default: return cli_fail("%s: not a model trtinfer can read", o->path);
  }
}

static int build_model(CliModelKind kind, const CliModelOptions *o, CliEngine *out) {
  TrtLogger *logger = cli_logger();
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = builder ? trt_builder_create_network(builder) : NULL;
  TrtBuilderConfig *config = trt_builder_config_new();
  int code = 0;
  if (!builder || !net || !config) {
    code = cli_fail("out of memory");
    goto done;
  }
  cli_report_clear();
  if ((code = parse_model(kind, o, net)) != 0) goto done;
  /* TensorFlow/UFF inputs were registered with these shapes already. */
  if (kind != CLI_MODEL_TENSORFLOW && kind != CLI_MODEL_UFF &&
      (code = apply_input_shapes(net, o)) != 0)
    goto done;

  char hash[64];
  if (hash_file(o->path, hash, sizeof hash))
    trt_builder_config_set_model_hash(config, hash);
  trt_builder_config_set_backend(config, o->backend);
  trt_builder_config_set_precision(config, o->precision);
  if (o->max_batch > 0) trt_builder_config_set_max_batch_size(config, o->max_batch);
  trt_builder_config_set_timing_cache(config, o->timing_cache);
  out->engine = trt_builder_build_engine(builder, net, config);
  if (!out->engine) code = cli_fail_library(o->path, "cannot build an engine");
done:
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(builder);
  return code;
}

static int load_engine(const CliModelOptions *o, CliEngine *out) {
  if (o->engine_options_given || o->weights)
    cli_warn("%s is an engine file: its outputs, backend, precision and max batch "
             "were fixed when it was built; those options are ignored", o->path);
  out->runtime = trt_runtime_new(cli_logger());
  if (!out->runtime) return cli_fail("out of memory");
  cli_report_clear();
  out->engine = trt_runtime_load_engine(out->runtime, o->path);
  if (!out->engine)
    return cli_fail_library(o->path, "not a trtinfer engine file, or a damaged one");
  return 0;
}

int cli_engine_open(const CliModelOptions *o, CliEngine *out) {
  memset(out, 0, sizeof *out);
  if (!o->path) return cli_usage_error("no MODEL given (see --help)");
  FILE *f = fopen(o->path, "rb");
  if (!f) return cli_fail("%s: cannot open: %s", o->path, strerror(errno));
  unsigned char head[16];
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  if (n == 0) return cli_fail("%s: the file is empty", o->path);
  out->kind = detect_kind(o->path, head, n);
  cli_info("%s: reading it as %s", o->path, cli_model_kind_name(out->kind));
  int code;
  switch (out->kind) {
  case CLI_MODEL_ENGINE: code = load_engine(o, out); break;
  default: code = build_model(out->kind, o, out); break;
  }
  if (code != 0) cli_engine_close(out);
  return code;
}

void cli_engine_close(CliEngine *e) {
  trt_engine_free(e->engine);
  trt_runtime_free(e->runtime);
  e->engine = NULL;
  e->runtime = NULL;
}

bool cli_engine_has_batch(const CliEngine *e) {
  return trt_engine_get_max_batch_size(e->engine) > 0;
}

int cli_engine_check_shapes(const CliEngine *e, const CliModelOptions *o,
                            int *batch) {
  int max_batch = trt_engine_get_max_batch_size(e->engine);
  *batch = 0;
  for (int i = 0; i < o->nb_shapes; i++) {
    const CliInputShape *s = &o->shapes[i];
    int b = trt_engine_get_binding_index(e->engine, s->name);
    if (b < 0 || !trt_engine_binding_is_input(e->engine, b))
      return cli_usage_error("--input-shape: engine %s has no input named '%s'",
                             o->path, s->name);
    TrtDims want = trt_engine_get_binding_dims(e->engine, b);
    TrtDims given = s->dims;
    int this_batch = 0;
    if (max_batch > 0 && given.nb_dims == want.nb_dims && given.nb_dims > 0 &&
        given.d[0] >= 1 && given.d[0] <= max_batch) {
      this_batch = (int)given.d[0];
      given.d[0] = want.d[0];
    }
    if (!trt_dims_equal(&given, &want)) {
      char g[128], w[128];
      return cli_usage_error(
          "--input-shape %s=%s: engine %s was built for %s%s; build it again for "
          "another shape", s->name, trt_dims_format(&s->dims, g, sizeof g), o->path,
          trt_dims_format(&want, w, sizeof w),
          max_batch > 0 ? " (first dim: batch up to the max batch)" : "");
    }
    if (this_batch && *batch && this_batch != *batch)
      return cli_usage_error("--input-shape: inputs give different batch sizes "
                             "(%d and %d)", *batch, this_batch);
    if (this_batch) *batch = this_batch;
  }
  return 0;
}
