/* What converters share: messages naming the layer, the blob map, adding
 * network layers named after Caffe layers, constants, giving outputs the
 * names of Caffe blobs (in-place writes included), and the shapes of the
 * network made so far. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/network-impl.h"
#include "../../core/util.h"
#include "caffe-importer.h"

/* ---- messages and names ---------------------------------------------------------- */

TrtStatus caffe_layer_fail(const CaffeImporter *imp, const CaffeLayer *layer, TrtStatus status,
                           const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: layer '%s' (%s): %s", imp->deploy_file,
          layer->name, layer->type, msg);
  return status;
}

/* `base` when no tensor has that name yet, else a unique variant. */
static char *free_tensor_name(CaffeImporter *imp, const char *base) {
  return trt_network_find_tensor(imp->net, base) ? trt_network_unique_name(imp->net, base)
                                                 : trt_strdup(base);
}

TrtStatus caffe_rename_tensor(CaffeImporter *imp, TrtTensor *t, const char *base) {
  char *name = free_tensor_name(imp, base);
  TrtStatus s = name ? trt_tensor_set_name(t, name) : TRT_STATUS_OUT_OF_MEMORY;
  free(name);
  return s;
}

/* ---- blob map ----------------------------------------------------------------------- */

CaffeBlob *caffe_blob_find(const TrtBlobNameToTensor *map, const char *name) {
  for (size_t i = 0; i < map->count; i++)
    if (strcmp(map->entries[i].name, name) == 0) return &map->entries[i];
  return NULL;
}

bool caffe_blob_put(TrtBlobNameToTensor *map, const char *name, TrtTensor *tensor) {
  CaffeBlob *b = caffe_blob_find(map, name);
  if (!b) {
    if (map->count == map->cap) {
      size_t cap = map->cap ? map->cap * 2 : 32;
      CaffeBlob *grown = realloc(map->entries, cap * sizeof *grown);
      if (!grown) return false;
      map->entries = grown;
      map->cap = cap;
    }
    b = &map->entries[map->count];
    b->name = trt_strdup(name);
    if (!b->name) return false;
    map->count++;
  }
  b->tensor = tensor;
  b->consumed = false;
  return true;
}

void caffe_blob_map_free(TrtBlobNameToTensor *map) {
  if (!map) return;
  for (size_t i = 0; i < map->count; i++) free(map->entries[i].name);
  free(map->entries);
  free(map);
}

/* ---- building layers ------------------------------------------------------------------ */

TrtStatus caffe_need_io(const CaffeImporter *imp, const CaffeLayer *layer, int min_bottoms,
                        int max_bottoms, int tops) {
  if (layer->nb_bottoms < min_bottoms || (max_bottoms >= 0 && layer->nb_bottoms > max_bottoms)) {
    if (min_bottoms == max_bottoms)
      return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                              "takes %d bottom%s, got %d", min_bottoms, min_bottoms == 1 ? "" : "s",
                              layer->nb_bottoms);
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "takes %d%s bottoms, got %d", min_bottoms,
                            max_bottoms < 0 ? " or more" : " or 2", layer->nb_bottoms);
  }
  if (tops >= 0 && layer->nb_tops != tops)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "makes %d top%s, got %d",
                            tops, tops == 1 ? "" : "s", layer->nb_tops);
  return TRT_STATUS_OK;
}

TrtLayer *caffe_add_layer(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                          TrtLayerType type, TrtTensor *const *inputs, int nb_inputs,
                          const void *params, int nb_outputs) {
  TrtLayer *l = trt_network_add_layer(imp->net, type, inputs, nb_inputs, params, nb_outputs);
  if (!l) {
    caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "cannot add a %s layer",
                     trt_layer_type_name(type));
    return NULL;
  }
  char name[512];
  if (suffix)
    snprintf(name, sizeof name, "%s/%s", layer->name, suffix);
  else
    snprintf(name, sizeof name, "%s", layer->name);
  trt_layer_set_name(l, name);
  /* Outputs are named after the layer until a top takes one. */
  for (int i = 0; i < nb_outputs; i++) {
    char out[600];
    snprintf(out, sizeof out, nb_outputs == 1 ? "%s_out" : "%s_out%d", name, i);
    caffe_rename_tensor(imp, trt_layer_get_output(l, i), out);
  }
  return l;
}

TrtTensor *caffe_add1(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                      TrtLayerType type, TrtTensor *const *inputs, int nb_inputs,
                      const void *params) {
  TrtLayer *l = caffe_add_layer(imp, layer, suffix, type, inputs, nb_inputs, params, 1);
  return l ? trt_layer_get_output(l, 0) : NULL;
}

TrtTensor *caffe_activation(CaffeImporter *imp, const CaffeLayer *layer, TrtTensor *x,
                            TrtActivationType type, float alpha, float beta) {
  TrtActivationParams p = {.type = type, .alpha = alpha, .beta = beta};
  return caffe_add1(imp, layer, NULL, TRT_LAYER_ACTIVATION, &x, 1, &p);
}

TrtTensor *caffe_elementwise(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                             TrtTensor *a, TrtTensor *b, TrtElementwiseOp op) {
  TrtElementwiseParams p = {.op = op};
  TrtTensor *in[2] = {a, b};
  return a && b ? caffe_add1(imp, layer, suffix, TRT_LAYER_ELEMENTWISE, in, 2, &p) : NULL;
}

TrtTensor *caffe_unary(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                       TrtTensor *x, TrtUnaryOp op) {
  TrtUnaryParams p = {.op = op};
  return x ? caffe_add1(imp, layer, suffix, TRT_LAYER_UNARY, &x, 1, &p) : NULL;
}

TrtTensor *caffe_affine(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                        TrtTensor *x, float scale, float shift) {
  if (!x) return NULL;
  char name[256];
  snprintf(name, sizeof name, "%s%sscale", suffix ? suffix : "", suffix ? "_" : "");
  TrtTensor *in[3] = {x, NULL, NULL};
  if (!isnan(scale) && !(in[1] = caffe_const_f32(imp, layer, name, scale, 1))) return NULL;
  snprintf(name, sizeof name, "%s%sshift", suffix ? suffix : "", suffix ? "_" : "");
  if (!isnan(shift) && !(in[2] = caffe_const_f32(imp, layer, name, shift, 1))) return NULL;
  TrtScaleParams p = {.channel_axis = 1};
  return caffe_add1(imp, layer, suffix, TRT_LAYER_SCALE, in, 3, &p);
}

TrtTensor *caffe_reshape(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                         TrtTensor *x, const int64_t *shape, int rank) {
  char name[256];
  snprintf(name, sizeof name, "%s%sshape", suffix ? suffix : "", suffix ? "_" : "");
  TrtTensor *in[2] = {x, caffe_const_i64(imp, layer, name, shape, rank)};
  TrtReshapeParams p = {0};
  return x && in[1] ? caffe_add1(imp, layer, suffix, TRT_LAYER_RESHAPE, in, 2, &p) : NULL;
}

TrtTensor *caffe_constant(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                          TrtDataType type, const TrtDims *dims, const void *data) {
  char name[512];
  snprintf(name, sizeof name, "%s/%s", layer->name, suffix);
  TrtTensor *t = trt_network_add_constant(imp->net, name, type, dims, data);
  if (!t)
    caffe_layer_fail(imp, layer, TRT_STATUS_OUT_OF_MEMORY, "cannot add the constant '%s'",
                     name);
  return t;
}

TrtTensor *caffe_const_i64(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                           const int64_t *values, int count) {
  TrtDims dims = {1, {count}};
  return caffe_constant(imp, layer, suffix, TRT_DATA_TYPE_INT64, &dims, values);
}

TrtTensor *caffe_const_f32(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                           float value, int64_t count) {
  float *values = malloc((size_t)(count ? count : 1) * sizeof *values);
  if (!values) {
    caffe_layer_fail(imp, layer, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    return NULL;
  }
  for (int64_t i = 0; i < count; i++) values[i] = value;
  TrtDims dims = {1, {count}};
  TrtTensor *t = caffe_constant(imp, layer, suffix, TRT_DATA_TYPE_FLOAT, &dims, values);
  free(values);
  return t;
}

TrtStatus caffe_set_top(CaffeImporter *imp, const CaffeLayer *layer, int i, TrtTensor *t) {
  const char *name = layer->param->top[i];
  if (!*name) return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "top %d has no name", i);
  CaffeBlob *old = caffe_blob_find(imp->blobs, name);
  if (old && old->tensor == t) {
    old->consumed = false; /* passed through in place: still the newest value */
    return TRT_STATUS_OK;
  }
  char base[600];
  TrtStatus s = TRT_STATUS_OK;
  if (old && old->tensor->role != TRT_TENSOR_INPUT) {
    snprintf(base, sizeof base, "%s_before_%s", name, layer->name);
    s = caffe_rename_tensor(imp, old->tensor, base);
  }
  TrtTensor *holder = trt_network_find_tensor(imp->net, name);
  if (s == TRT_STATUS_OK && holder && holder != t) {
    if (holder->role == TRT_TENSOR_INPUT) {
      /* A network input keeps its name; a new value of it gets its own. */
      snprintf(base, sizeof base, "%s/%s", name, layer->name);
      s = caffe_rename_tensor(imp, t, base);
    } else {
      s = caffe_rename_tensor(imp, holder, name);
      if (s == TRT_STATUS_OK) s = trt_tensor_set_name(t, name);
    }
  } else if (s == TRT_STATUS_OK) {
    s = trt_tensor_set_name(t, name);
  }
  if (s == TRT_STATUS_OK && !caffe_blob_put(imp->blobs, name, t)) s = TRT_STATUS_OUT_OF_MEMORY;
  if (s != TRT_STATUS_OK) return caffe_layer_fail(imp, layer, s, "cannot name top '%s'", name);
  return TRT_STATUS_OK;
}

TrtStatus caffe_output(CaffeImporter *imp, const CaffeLayer *layer, TrtTensor *t) {
  return t ? caffe_set_top(imp, layer, 0, t) : TRT_STATUS_INVALID_ARGUMENT;
}

/* ---- shapes ------------------------------------------------------------------------------ */

bool caffe_dims(CaffeImporter *imp, const TrtTensor *t, TrtDims *dims) {
  if (t->role != TRT_TENSOR_ACTIVATION) {
    *dims = t->dims;
    return true;
  }
  const TrtNetwork *net = imp->net;
  if (imp->shapes_layers != net->nb_layers || imp->shapes_tensors != net->nb_tensors) {
    trt_shape_state_free(&imp->shapes);
    imp->shapes_ok = trt_infer_network(net, NULL, false, &imp->shapes, imp->logger) ==
                     TRT_STATUS_OK;
    imp->shapes_layers = net->nb_layers;
    imp->shapes_tensors = net->nb_tensors;
  }
  if (!imp->shapes_ok || t->id >= imp->shapes.nb_tensors) return false;
  *dims = imp->shapes.views[t->id].dims;
  return dims->nb_dims >= 0;
}

TrtStatus caffe_need_dims(CaffeImporter *imp, const CaffeLayer *layer, int bottom,
                          TrtDims *dims) {
  if (caffe_dims(imp, layer->bottoms[bottom], dims)) return TRT_STATUS_OK;
  return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                          "the shape of bottom '%s' is not known (see the error above)",
                          layer->param->bottom[bottom]);
}

bool caffe_axis(const CaffeImporter *imp, const CaffeLayer *layer, int64_t axis, int rank,
                const char *what, int *out) {
  if (axis < -rank || axis >= rank) {
    caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                     "%s %lld is out of range for a bottom of rank %d", what, (long long)axis,
                     rank);
    return false;
  }
  *out = (int)(axis < 0 ? axis + rank : axis);
  return true;
}
