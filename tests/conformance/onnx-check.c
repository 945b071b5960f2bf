/* See onnx-check.h. */
#include "onnx-check.h"

#include "../../lib/core/network-impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int onnx_check_read_set(const char *dir, const char *prefix, TrtHostTensor **tensors,
                        char *why, size_t why_size) {
  *tensors = NULL;
  int count = 0;
  for (;; count++) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s_%d.pb", dir, prefix, count);
    if (stat(path, &st) != 0) break;
    TrtHostTensor *grown = realloc(*tensors, (size_t)(count + 1) * sizeof *grown);
    if (!grown) {
      snprintf(why, why_size, "out of memory");
      onnx_check_free_set(*tensors, count);
      *tensors = NULL;
      return -1;
    }
    *tensors = grown;
    if (trt_onnx_read_tensor_file(path, &grown[count], NULL) != TRT_STATUS_OK) {
      snprintf(why, why_size, "%s: not a tensor trtinfer can read (sequence, string or "
               "unsupported type?)", path);
      onnx_check_free_set(*tensors, count);
      *tensors = NULL;
      return -1;
    }
  }
  return count;
}

void onnx_check_free_set(TrtHostTensor *tensors, int count) {
  for (int i = 0; i < count; i++) trt_host_tensor_free(&tensors[i]);
  free(tensors);
}

/* Keeps the first error message and passes everything on. */
typedef struct {
  TrtLogger *next;
  char first_error[1024];
} Capture;

static void capture(TrtSeverity severity, const char *message, void *user_data) {
  Capture *c = user_data;
  if (severity <= TRT_SEVERITY_ERROR && !c->first_error[0])
    snprintf(c->first_error, sizeof c->first_error, "%s", message);
  trt_log(c->next, severity, "%s", message);
}

static TrtStatus fail(char *why, size_t size, TrtStatus s, const char *stage,
                      const Capture *c) {
  snprintf(why, size, "%s: %s", stage, c->first_error[0] ? c->first_error
                                                           : trt_status_to_string(s));
  return s;
}

/* Turns network input i into a constant holding `t`'s values. */
static bool freeze_input(TrtNetwork *net, int i, const TrtHostTensor *t) {
  TrtTensor *in = net->inputs[i];
  void *copy = malloc(t->size ? t->size : 1);
  if (!copy) return false;
  memcpy(copy, t->data, t->size);
  in->dims = t->dims;
  trt_tensor_make_constant(in, copy, t->size);
  memmove(&net->inputs[i], &net->inputs[i + 1],
          (size_t)(net->nb_inputs - i - 1) * sizeof *net->inputs);
  net->nb_inputs--;
  return true;
}

/* Shapes, axes, k, pads, scales and Range bounds are scalars or short
 * vectors. */
static bool shape_like(const TrtHostTensor *t) {
  return t->dims.nb_dims <= 1 && trt_dims_volume(&t->dims) <= 64;
}

/* Parses and builds; with `freeze`, shape-like inputs become constants
 * (their values are then known when the engine is built, as shapes, axes,
 * scales or k must be). `bound[i]` tells which data tensors stay inputs. */
static TrtEngine *build(const char *model, const TrtHostTensor *inputs, int nb_inputs,
                        const OnnxRunOptions *options, bool freeze, bool *bound,
                        TrtLogger *logger, const Capture *cap, char *why, size_t why_size) {
  TrtNetwork *net = trt_network_new();
  TrtBuilder *builder = trt_builder_new(logger);
  TrtBuilderConfig *config = trt_builder_config_new();
  TrtEngine *engine = NULL;
  TrtStatus s;
  if (!net || !builder || !config) {
    snprintf(why, why_size, "out of memory");
    goto done;
  }
  trt_network_set_logger(net, logger);
  if ((s = trt_onnx_parse_file(net, model, logger)) != TRT_STATUS_OK) {
    fail(why, why_size, s, "parse", cap);
    goto done;
  }
  int nin = trt_network_get_nb_inputs(net);
  if (nin != nb_inputs) {
    snprintf(why, why_size, "the model has %d inputs, the data set %d", nin, nb_inputs);
    goto done;
  }
  for (int i = 0, k = 0; i < nb_inputs; i++) {
    TrtTensor *t = trt_network_get_input(net, k);
    bound[i] = true;
    if (trt_tensor_get_type(t) != inputs[i].type) {
      snprintf(why, why_size, "input '%s' is %s but the data is %s", trt_tensor_get_name(t),
               trt_data_type_name(trt_tensor_get_type(t)), trt_data_type_name(inputs[i].type));
      goto done;
    }
    if (freeze && shape_like(&inputs[i])) {
      if (!freeze_input(net, k, &inputs[i])) goto done;
      bound[i] = false;
      continue;
    }
    trt_network_set_input_dims(net, t, &inputs[i].dims);
    k++;
  }
  trt_builder_config_set_backend(config, options->backend);
  engine = trt_builder_build_engine(builder, net, config);
  if (!engine) fail(why, why_size, TRT_STATUS_INTERNAL_ERROR, "build", cap);
done:
  trt_builder_config_free(config);
  trt_builder_free(builder);
  trt_network_free(net);
  return engine;
}

TrtStatus onnx_check_run(const char *model, const TrtHostTensor *inputs, int nb_inputs,
                         const OnnxRunOptions *options, TrtHostTensor **outputs,
                         int *nb_outputs, char *why, size_t why_size) {
  Capture cap = {.next = options->logger};
  TrtLogger *logger = trt_logger_new(capture, &cap, TRT_SEVERITY_VERBOSE);
  bool *bound = calloc((size_t)nb_inputs + 1, sizeof *bound);
  TrtEngine *engine = NULL;
  TrtContext *ctx = NULL;
  void **bindings = NULL;
  TrtStatus s = TRT_STATUS_INTERNAL_ERROR;
  *outputs = NULL;
  *nb_outputs = 0;
  if (!logger || !bound) {
    snprintf(why, why_size, "out of memory");
    goto done;
  }
  engine = build(model, inputs, nb_inputs, options, false, bound, logger, &cap, why, why_size);
  /* Inputs that the builder needs the values of are shape tensors: build
   * again with the data set's values in them. */
  if (!engine && strstr(cap.first_error, "must be known when the engine is built")) {
    cap.first_error[0] = '\0';
    engine = build(model, inputs, nb_inputs, options, true, bound, logger, &cap, why, why_size);
  }
  if (!engine) goto done;
  ctx = trt_engine_create_context(engine);
  int nin = trt_engine_get_nb_inputs(engine), nb = trt_engine_get_nb_bindings(engine);
  int nout = nb - nin;
  bindings = calloc((size_t)nb + 1, sizeof *bindings);
  *outputs = calloc((size_t)nout + 1, sizeof **outputs);
  if (!ctx || !bindings || !*outputs) {
    s = fail(why, why_size, TRT_STATUS_INTERNAL_ERROR, "context", &cap);
    goto done;
  }
  *nb_outputs = nout;
  for (int i = 0, k = 0; i < nb_inputs; i++)
    if (bound[i]) bindings[k++] = inputs[i].data;
  for (int i = 0; i < nout; i++) {
    TrtHostTensor *o = &(*outputs)[i];
    o->type = trt_engine_get_binding_type(engine, nin + i);
    o->dims = trt_engine_get_binding_dims(engine, nin + i);
    o->name = strdup(trt_engine_get_binding_name(engine, nin + i));
    int64_t n = trt_dims_volume(&o->dims);
    o->size = (size_t)(n > 0 ? n : 0) * trt_data_type_size(o->type);
    o->data = calloc(1, o->size ? o->size : 1);
    if (!o->name || !o->data || n < 0) {
      s = fail(why, why_size, TRT_STATUS_INTERNAL_ERROR, "outputs", &cap);
      goto done;
    }
    bindings[nin + i] = o->data;
  }
  if ((s = trt_context_execute(ctx, 1, bindings)) != TRT_STATUS_OK) {
    fail(why, why_size, s, "run", &cap);
    goto done;
  }
  for (int i = 0; i < nout; i++) (*outputs)[i].dims = trt_context_get_binding_dims(ctx, nin + i);
  s = TRT_STATUS_OK;
done:
  if (s != TRT_STATUS_OK && *outputs) {
    onnx_check_free_set(*outputs, *nb_outputs);
    *outputs = NULL;
    *nb_outputs = 0;
  }
  free(bindings);
  free(bound);
  trt_context_free(ctx);
  trt_engine_free(engine);
  trt_logger_free(logger);
  return s;
}

static double load(const void *data, TrtDataType type, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return ((const float *)data)[i];
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8:
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  default: return 0;
  }
}

bool onnx_check_compare(const TrtHostTensor *got, const TrtHostTensor *want, double rtol,
                        double atol, double *max_err, char *why, size_t why_size) {
  char gd[128], wd[128];
  if (max_err) *max_err = 0;
  if (got->type != want->type) {
    snprintf(why, why_size, "type %s, expected %s", trt_data_type_name(got->type),
             trt_data_type_name(want->type));
    return false;
  }
  if (!trt_dims_equal(&got->dims, &want->dims)) {
    snprintf(why, why_size, "dims %s, expected %s", trt_dims_format(&got->dims, gd, sizeof gd),
             trt_dims_format(&want->dims, wd, sizeof wd));
    return false;
  }
  int64_t n = trt_dims_volume(&want->dims);
  for (int64_t i = 0; i < n; i++) {
    bool ok;
    double g, w;
    if (want->type == TRT_DATA_TYPE_INT64) {
      int64_t a = ((const int64_t *)got->data)[i], b = ((const int64_t *)want->data)[i];
      ok = a == b;
      g = (double)a;
      w = (double)b;
    } else {
      g = load(got->data, got->type, i);
      w = load(want->data, want->type, i);
      if (want->type != TRT_DATA_TYPE_FLOAT) {
        ok = g == w;
      } else if (isnan(w) || isnan(g)) {
        ok = isnan(w) && isnan(g);
      } else if (isinf(w) || isinf(g)) {
        ok = g == w;
      } else {
        double err = fabs(g - w);
        if (max_err && err > *max_err) *max_err = err;
        ok = err <= atol + rtol * fabs(w);
      }
    }
    if (!ok) {
      snprintf(why, why_size, "element %lld is %.9g, expected %.9g", (long long)i, g, w);
      return false;
    }
  }
  return true;
}
