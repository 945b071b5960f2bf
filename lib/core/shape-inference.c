/* Shape inference over a whole network; see shape-inference.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend-impl.h"
#include "shape-inference.h"
#include "tensor-limits.h"

void trt_shape_state_free(TrtShapeState *state) {
  if (state->owned)
    for (int i = 0; i < state->nb_tensors; i++) free(state->owned[i]);
  free(state->owned);
  free(state->views);
  memset(state, 0, sizeof *state);
}

/* A rank and no unknown (negative) dimension. */
static bool dims_known(const TrtDims *d) {
  if (d->nb_dims < 0 || d->nb_dims > TRT_MAX_DIMS) return false;
  for (int i = 0; i < d->nb_dims; i++)
    if (d->d[i] < 0) return false;
  return true;
}

static bool dims_ok(const TrtDims *d) { return dims_known(d) && trt_dims_volume(d) >= 0; }

/* Logs why a tensor of `dims` and `type` is over the memory budget, for
 * `what` ("input 'x'", "layer 'y' (Conv): output 0"). */
static TrtStatus over_budget(TrtLogger *logger, const char *what, const TrtDims *dims,
                             TrtDataType type, uint64_t bytes) {
  char buf[160];
  trt_dims_format(dims, buf, sizeof buf);
  if (bytes == UINT64_MAX)
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s would be %s of %s: its size overflows 64 bits", what, buf,
            trt_data_type_name(type));
  else
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s would be %s of %s, %llu bytes: more than the %llu bytes one tensor may "
            "take (raise the budget with %s=<bytes> if this is meant)",
            what, buf, trt_data_type_name(type), (unsigned long long)bytes,
            (unsigned long long)trt_max_tensor_bytes(), TRT_MAX_TENSOR_BYTES_ENV);
  return TRT_STATUS_OUT_OF_MEMORY;
}

/* Computes the outputs of `layer` on the CPU when all inputs are known. */
static void try_evaluate(const TrtLayer *layer, TrtShapeState *st,
                         bool fold_all_constants, TrtLogger *logger) {
  bool all_constant = true;
  TrtTensorView in[64], out[16];
  if (layer->nb_inputs > 64 || layer->nb_outputs > 16) return;
  for (int i = 0; i < layer->nb_inputs; i++) {
    const TrtTensor *t = layer->inputs[i];
    memset(&in[i], 0, sizeof in[i]);
    if (!t) continue;
    const TrtShapeView *v = &st->views[t->id];
    /* Shape reads only its input's dims, which are known here. */
    if (!v->value && layer->type != TRT_LAYER_SHAPE) return;
    if (t->role != TRT_TENSOR_CONSTANT) all_constant = false;
    in[i] = (TrtTensorView){.type = v->type, .dims = v->dims,
                            .data = (void *)v->value, .host_value = v->value,
                            .present = true};
  }
  for (int i = 0; i < layer->nb_outputs; i++) {
    const TrtShapeView *v = &st->views[layer->outputs[i]->id];
    int64_t n = trt_dims_volume(&v->dims);
    if (n < 0) return;
    if (!(fold_all_constants && all_constant) && n > TRT_SHAPE_VALUE_LIMIT) return;
  }
  void *bufs[16] = {0};
  for (int i = 0; i < layer->nb_outputs; i++) {
    const TrtShapeView *v = &st->views[layer->outputs[i]->id];
    size_t size = (size_t)trt_dims_volume(&v->dims) * trt_data_type_size(v->type);
    bufs[i] = calloc(1, size ? size : 1);
    if (!bufs[i]) goto discard;
    out[i] = (TrtTensorView){.type = v->type, .dims = v->dims, .data = bufs[i],
                             .present = true};
  }
  /* Failures here are not errors: the layer then simply runs at run time,
   * where its kernel reports any problem. Keep the log quiet meanwhile. */
  (void)logger;
  if (trt_cpu_evaluate(layer->type, layer->name, layer->params, in,
                       layer->nb_inputs, out, layer->nb_outputs, NULL) != TRT_STATUS_OK)
    goto discard;
  for (int i = 0; i < layer->nb_outputs; i++) {
    int id = layer->outputs[i]->id;
    st->owned[id] = bufs[i];
    st->views[id].value = bufs[i];
  }
  return;
discard:
  for (int i = 0; i < layer->nb_outputs; i++) free(bufs[i]);
}

TrtStatus trt_infer_network(const TrtNetwork *network, const TrtDims *input_dims,
                            bool fold_all_constants, TrtShapeState *st,
                            TrtLogger *logger) {
  memset(st, 0, sizeof *st);
  st->nb_tensors = network->nb_tensors;
  st->views = calloc((size_t)network->nb_tensors + 1, sizeof *st->views);
  st->owned = calloc((size_t)network->nb_tensors + 1, sizeof *st->owned);
  if (!st->views || !st->owned) return TRT_STATUS_OUT_OF_MEMORY;

  for (int i = 0; i < network->nb_tensors; i++) {
    const TrtTensor *t = network->tensors[i];
    TrtShapeView *v = &st->views[i];
    v->type = t->type;
    v->present = true;
    v->dims.nb_dims = -1;
    if (t->role == TRT_TENSOR_CONSTANT) {
      v->dims = t->dims;
      v->value = t->data;
    }
  }
  for (int i = 0; i < network->nb_inputs; i++) {
    const TrtTensor *t = network->inputs[i];
    TrtDims d = input_dims ? input_dims[i] : t->dims;
    uint64_t bytes;
    if (dims_known(&d) && !trt_tensor_within_budget(&d, t->type, &bytes)) {
      char what[300];
      snprintf(what, sizeof what, "input '%s'", t->name);
      return over_budget(logger, what, &d, t->type, bytes);
    }
    if (!dims_ok(&d)) {
      char buf[128];
      trt_log(logger, TRT_SEVERITY_ERROR,
              "input '%s' has dims %s with an unknown dimension: give its shape "
              "(e.g. --input-shape %s=1x3x224x224)",
              t->name, trt_dims_format(&d, buf, sizeof buf), t->name);
      return TRT_STATUS_SHAPE_ERROR;
    }
    st->views[t->id].dims = d;
  }

  for (int li = 0; li < network->nb_layers; li++) {
    const TrtLayer *layer = network->layers[li];
    const TrtOpInfo *info = trt_op_info(layer->type);
    TrtShapeView in[64], out[16];
    if (layer->nb_inputs > 64 || layer->nb_outputs > 16) {
      trt_log(logger, TRT_SEVERITY_ERROR, "layer '%s': too many inputs or outputs",
              layer->name);
      return TRT_STATUS_UNSUPPORTED;
    }
    for (int i = 0; i < layer->nb_inputs; i++) {
      if (layer->inputs[i]) {
        in[i] = st->views[layer->inputs[i]->id];
        if (in[i].dims.nb_dims < 0) {
          trt_log(logger, TRT_SEVERITY_ERROR,
                  "layer '%s': input '%s' has no shape (is it produced by a layer "
                  "that comes later, or by nothing?)",
                  layer->name, layer->inputs[i]->name);
          return TRT_STATUS_SHAPE_ERROR;
        }
      } else {
        memset(&in[i], 0, sizeof in[i]);
      }
    }
    for (int i = 0; i < layer->nb_outputs; i++) {
      memset(&out[i], 0, sizeof out[i]);
      out[i].present = true;
      out[i].dims.nb_dims = -1;
    }
    TrtInferArgs args = {
        .layer_name = layer->name,
        .type = layer->type,
        .params = layer->params,
        .nb_inputs = layer->nb_inputs,
        .inputs = in,
        .nb_outputs = layer->nb_outputs,
        .outputs = out,
        .logger = logger,
    };
    TrtStatus status = info->infer(&args);
    if (status != TRT_STATUS_OK) return status;
    for (int i = 0; i < layer->nb_outputs; i++) {
      uint64_t bytes;
      if (dims_known(&out[i].dims) && (unsigned)out[i].type < TRT_DATA_TYPE_COUNT &&
          !trt_tensor_within_budget(&out[i].dims, out[i].type, &bytes)) {
        char what[300];
        snprintf(what, sizeof what, "layer '%s' (%s): output %d", layer->name, info->name, i);
        return over_budget(logger, what, &out[i].dims, out[i].type, bytes);
      }
      if (!dims_ok(&out[i].dims) || (unsigned)out[i].type >= TRT_DATA_TYPE_COUNT) {
        char buf[128];
        trt_log(logger, TRT_SEVERITY_ERROR,
                "layer '%s' (%s): output %d gets invalid dims %s", layer->name,
                info->name, i, trt_dims_format(&out[i].dims, buf, sizeof buf));
        return TRT_STATUS_SHAPE_ERROR;
      }
      TrtShapeView *v = &st->views[layer->outputs[i]->id];
      v->type = out[i].type;
      v->dims = out[i].dims;
      v->value = NULL;
    }
    try_evaluate(layer, st, fold_all_constants, logger);
  }
  return TRT_STATUS_OK;
}
