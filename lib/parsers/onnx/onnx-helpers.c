/* Helpers for node converters: messages, attributes, layers, constants, and
 * what is known of a tensor while the network is being made. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util.h"
#include "onnx-importer.h"

TrtStatus onnx_node_fail(const OnnxImporter *imp, const OnnxNode *node,
                         TrtStatus status, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  char opset[48] = "no default-domain opset";
  if (imp->opset >= 1) snprintf(opset, sizeof opset, "opset %lld", (long long)imp->opset);
  trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: node %d '%s' (%s, %s): %s", imp->file,
          node->index, node->name, node->op, opset, msg);
  return status;
}

/* ---- attributes ------------------------------------------------------------ */

const Onnx__AttributeProto *onnx_attr(const OnnxNode *node, const char *name) {
  for (size_t i = 0; i < node->proto->n_attribute; i++) {
    const Onnx__AttributeProto *a = node->proto->attribute[i];
    if (a->name && strcmp(a->name, name) == 0) return a;
  }
  return NULL;
}

int64_t onnx_attr_int(const OnnxNode *node, const char *name, int64_t def) {
  const Onnx__AttributeProto *a = onnx_attr(node, name);
  return a && a->has_i ? a->i : def;
}

float onnx_attr_float(const OnnxNode *node, const char *name, float def) {
  const Onnx__AttributeProto *a = onnx_attr(node, name);
  if (!a) return def;
  if (a->has_f) return a->f;
  return a->has_i ? (float)a->i : def;
}

const char *onnx_attr_string(const OnnxNode *node, const char *name,
                             const char *def, char *buf, size_t size) {
  const Onnx__AttributeProto *a = onnx_attr(node, name);
  if (!a || !a->has_s) return def;
  size_t n = a->s.len < size - 1 ? a->s.len : size - 1;
  memcpy(buf, a->s.data, n);
  buf[n] = '\0';
  return buf;
}

int onnx_attr_ints(OnnxImporter *imp, const OnnxNode *node, const char *name,
                   int64_t *out, int max) {
  const Onnx__AttributeProto *a = onnx_attr(node, name);
  if (!a) return 0;
  if (a->n_ints > (size_t)max) {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "attribute '%s' has %zu values (at most %d supported)", name,
                   a->n_ints, max);
    return -1;
  }
  for (size_t i = 0; i < a->n_ints; i++) out[i] = a->ints[i];
  return (int)a->n_ints;
}

int onnx_attr_floats(OnnxImporter *imp, const OnnxNode *node, const char *name,
                     float *out, int max) {
  const Onnx__AttributeProto *a = onnx_attr(node, name);
  if (!a) return 0;
  if (a->n_floats > (size_t)max) {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "attribute '%s' has %zu values (at most %d supported)", name,
                   a->n_floats, max);
    return -1;
  }
  for (size_t i = 0; i < a->n_floats; i++) out[i] = a->floats[i];
  return (int)a->n_floats;
}

/* ---- layers and constants ---------------------------------------------------- */

TrtLayer *onnx_add_layer(OnnxImporter *imp, OnnxNode *node, TrtLayerType type,
                         TrtTensor *const *inputs, int nb_inputs,
                         const void *params, int nb_outputs) {
  TrtLayer *layer = trt_network_add_layer(imp->net, type, inputs, nb_inputs,
                                          params, nb_outputs);
  if (!layer) {
    onnx_node_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                   "cannot make a %s layer from it (see the message above)",
                   trt_layer_type_name(type));
    return NULL;
  }
  /* The first layer of a node takes its name; helpers get a suffix. */
  char name[600];
  if (node->nb_layers == 0)
    snprintf(name, sizeof name, "%s", node->name);
  else
    snprintf(name, sizeof name, "%s_%d", node->name, node->nb_layers);
  node->nb_layers++;
  if (trt_layer_set_name(layer, name) != TRT_STATUS_OK) return NULL;
  if (imp->print_layer_info) {
    char line[1024];
    int used = snprintf(line, sizeof line, "%s: node %d (%s) -> %s layer '%s' (", imp->file,
                        node->index, node->op, trt_layer_type_name(type), name);
    for (int i = 0; i < nb_inputs && used < (int)sizeof line; i++)
      used += snprintf(line + used, sizeof line - (size_t)used, "%s%s", i ? ", " : "",
                       inputs[i] ? trt_tensor_get_name(inputs[i]) : "-");
    if (used < (int)sizeof line) snprintf(line + used, sizeof line - (size_t)used, ")");
    trt_log(imp->logger, TRT_SEVERITY_INFO, "%s", line);
  }
  return layer;
}

TrtTensor *onnx_add1(OnnxImporter *imp, OnnxNode *node, TrtLayerType type,
                     TrtTensor *const *inputs, int nb_inputs, const void *params) {
  TrtLayer *l = onnx_add_layer(imp, node, type, inputs, nb_inputs, params, 1);
  return l ? trt_layer_get_output(l, 0) : NULL;
}

TrtTensor *onnx_elementwise(OnnxImporter *imp, OnnxNode *node, TrtTensor *a,
                            TrtTensor *b, TrtElementwiseOp op) {
  if (!a || !b) return NULL;
  TrtElementwiseParams p = {.op = op};
  TrtTensor *in[2] = {a, b};
  return onnx_add1(imp, node, TRT_LAYER_ELEMENTWISE, in, 2, &p);
}

TrtTensor *onnx_unary(OnnxImporter *imp, OnnxNode *node, TrtTensor *x,
                      TrtUnaryOp op) {
  if (!x) return NULL;
  TrtUnaryParams p = {.op = op};
  return onnx_add1(imp, node, TRT_LAYER_UNARY, &x, 1, &p);
}

TrtTensor *onnx_activation(OnnxImporter *imp, OnnxNode *node, TrtTensor *x,
                           TrtActivationType type, float alpha, float beta) {
  if (!x) return NULL;
  TrtActivationParams p = {.type = type, .alpha = alpha, .beta = beta};
  return onnx_add1(imp, node, TRT_LAYER_ACTIVATION, &x, 1, &p);
}

TrtTensor *onnx_constant(OnnxImporter *imp, OnnxNode *node, TrtDataType type,
                         const TrtDims *dims, const void *data) {
  char name[600];
  snprintf(name, sizeof name, "%s_const", node->name);
  TrtTensor *t = trt_network_add_constant(imp->net, name, type, dims, data);
  if (!t) onnx_node_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "cannot make a constant");
  return t;
}

TrtTensor *onnx_const_i64(OnnxImporter *imp, OnnxNode *node, const int64_t *values,
                          int count) {
  TrtDims d = {.nb_dims = 1, .d = {count}};
  return onnx_constant(imp, node, TRT_DATA_TYPE_INT64, &d, values);
}

TrtTensor *onnx_scalar(OnnxImporter *imp, OnnxNode *node, TrtDataType type,
                       double value) {
  uint8_t bytes[8] = {0};
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: { float f = (float)value; memcpy(bytes, &f, 4); break; }
  case TRT_DATA_TYPE_INT32: { int32_t v = (int32_t)value; memcpy(bytes, &v, 4); break; }
  case TRT_DATA_TYPE_INT64: { int64_t v = (int64_t)value; memcpy(bytes, &v, 8); break; }
  case TRT_DATA_TYPE_INT8: bytes[0] = (uint8_t)(int8_t)value; break;
  case TRT_DATA_TYPE_UINT8: bytes[0] = (uint8_t)value; break;
  case TRT_DATA_TYPE_BOOL: bytes[0] = value != 0; break;
  case TRT_DATA_TYPE_HALF: {
    uint16_t h = trt_float_to_half((float)value);
    memcpy(bytes, &h, 2);
    break;
  }
  default: return NULL;
  }
  TrtDims d = {.nb_dims = 0};
  return onnx_constant(imp, node, type, &d, bytes);
}

/* ---- outputs ------------------------------------------------------------------ */

static bool mark_bound(OnnxImporter *imp, const TrtTensor *t) {
  int id = t->id;
  if (id >= imp->cap_bound) {
    int cap = imp->cap_bound ? imp->cap_bound : 256;
    while (cap <= id) cap *= 2;
    bool *p = realloc(imp->bound, (size_t)cap * sizeof *p);
    if (!p) return false;
    memset(p + imp->cap_bound, 0, (size_t)(cap - imp->cap_bound) * sizeof *p);
    imp->bound = p;
    imp->cap_bound = cap;
  }
  imp->bound[id] = true;
  return true;
}

bool onnx_is_bound(const OnnxImporter *imp, const TrtTensor *t) {
  return t->id < imp->cap_bound && imp->bound[t->id];
}

TrtStatus onnx_bind(OnnxImporter *imp, const char *name, TrtTensor *t) {
  /* A generated name that happens to equal this ONNX name moves aside, so
   * that looking the ONNX name up in the network finds this tensor. */
  TrtTensor *other = trt_network_find_tensor(imp->net, name);
  if (other && other != t) {
    char *fresh = trt_network_unique_name(imp->net, name);
    if (!fresh) return TRT_STATUS_OUT_OF_MEMORY;
    TrtStatus s = trt_tensor_set_name(other, fresh);
    free(fresh);
    if (s != TRT_STATUS_OK) return s;
  }
  if (trt_tensor_set_name(t, name) != TRT_STATUS_OK || !mark_bound(imp, t) ||
      !onnx_names_put(&imp->names, name, t))
    return TRT_STATUS_OUT_OF_MEMORY;
  return TRT_STATUS_OK;
}

TrtStatus onnx_set_output(OnnxImporter *imp, OnnxNode *node, int i, TrtTensor *t) {
  if (!t) return TRT_STATUS_INVALID_ARGUMENT;
  if (i >= (int)node->proto->n_output) return TRT_STATUS_OK;
  const char *name = node->proto->output[i];
  if (!name || !*name) return TRT_STATUS_OK;
  /* A tensor that already carries an ONNX name (the node passes its input
   * through) gets a copy, so that each ONNX value is its own tensor. */
  if (onnx_is_bound(imp, t)) {
    t = onnx_add1(imp, node, TRT_LAYER_IDENTITY, &t, 1, NULL);
    if (!t) return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtStatus s = onnx_bind(imp, name, t);
  if (s != TRT_STATUS_OK) return onnx_node_fail(imp, node, s, "cannot name output '%s'", name);
  return TRT_STATUS_OK;
}

TrtStatus onnx_output(OnnxImporter *imp, OnnxNode *node, TrtTensor *t) {
  return t ? onnx_set_output(imp, node, 0, t) : TRT_STATUS_INVALID_ARGUMENT;
}

bool onnx_output_used(const OnnxNode *node, int i) {
  return i < (int)node->proto->n_output && node->proto->output[i] &&
         *node->proto->output[i];
}

/* ---- inputs and what is known of them -------------------------------------------- */

TrtTensor *onnx_input(OnnxImporter *imp, OnnxNode *node, int i) {
  TrtTensor *t = i < node->nb_inputs ? node->inputs[i] : NULL;
  if (!t) onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "input %d is required", i);
  return t;
}

TrtTensor *onnx_optional_input(OnnxNode *node, int i) {
  return i < node->nb_inputs ? node->inputs[i] : NULL;
}

int onnx_const_values_i64(const TrtTensor *t, int64_t *out, int max) {
  if (!t || t->role != TRT_TENSOR_CONSTANT) return -1;
  int64_t n = trt_dims_volume(&t->dims);
  if (n < 0 || n > max) return -1;
  for (int64_t i = 0; i < n; i++) {
    switch (t->type) {
    case TRT_DATA_TYPE_INT64: out[i] = ((const int64_t *)t->data)[i]; break;
    case TRT_DATA_TYPE_INT32: out[i] = ((const int32_t *)t->data)[i]; break;
    case TRT_DATA_TYPE_INT8: out[i] = ((const int8_t *)t->data)[i]; break;
    case TRT_DATA_TYPE_UINT8:
    case TRT_DATA_TYPE_BOOL: out[i] = ((const uint8_t *)t->data)[i]; break;
    default: return -1;
    }
  }
  return (int)n;
}

int onnx_const_values_f64(const TrtTensor *t, double *out, int max) {
  if (!t || t->role != TRT_TENSOR_CONSTANT) return -1;
  int64_t n = trt_dims_volume(&t->dims);
  if (n < 0 || n > max) return -1;
  for (int64_t i = 0; i < n; i++) {
    switch (t->type) {
    case TRT_DATA_TYPE_FLOAT: out[i] = ((const float *)t->data)[i]; break;
    case TRT_DATA_TYPE_HALF: out[i] = trt_half_to_float(((const uint16_t *)t->data)[i]); break;
    case TRT_DATA_TYPE_INT64: out[i] = (double)((const int64_t *)t->data)[i]; break;
    case TRT_DATA_TYPE_INT32: out[i] = ((const int32_t *)t->data)[i]; break;
    case TRT_DATA_TYPE_INT8: out[i] = ((const int8_t *)t->data)[i]; break;
    case TRT_DATA_TYPE_UINT8:
    case TRT_DATA_TYPE_BOOL: out[i] = ((const uint8_t *)t->data)[i]; break;
    default: return -1;
    }
  }
  return (int)n;
}

/* Infers the network made so far with every unknown input dim set to
 * `fill`. */
static bool infer_with(OnnxImporter *imp, int64_t fill, TrtShapeState *st) {
  TrtDims *in = calloc((size_t)imp->net->nb_inputs + 1, sizeof *in);
  if (!in) return false;
  for (int i = 0; i < imp->net->nb_inputs; i++) {
    in[i] = imp->net->inputs[i]->dims;
    for (int k = 0; k < in[i].nb_dims; k++)
      if (in[i].d[k] < 0) in[i].d[k] = fill;
  }
  bool ok = trt_infer_network(imp->net, in, false, st, NULL) == TRT_STATUS_OK;
  free(in);
  return ok;
}

static bool view_of(const TrtShapeState *st, const TrtTensor *t, TrtDataType *type,
                    TrtDims *dims) {
  if (t->id >= st->nb_tensors || st->views[t->id].dims.nb_dims < 0) return false;
  *type = st->views[t->id].type;
  *dims = st->views[t->id].dims;
  return true;
}

bool onnx_tensor_info(OnnxImporter *imp, const TrtTensor *t, TrtDataType *type,
                      TrtDims *dims) {
  if (t->role != TRT_TENSOR_ACTIVATION) {
    *type = t->type;
    *dims = t->dims;
    for (int i = 0; i < dims->nb_dims; i++)
      if (dims->d[i] < 0) dims->d[i] = 1;
    return true;
  }
  /* Unknown input dims count as 1, which keeps ranks and types right.
   * Redone only when layers were added. */
  if (imp->shapes_layers != imp->net->nb_layers) {
    trt_shape_state_free(&imp->shapes);
    imp->shapes_ok = infer_with(imp, 1, &imp->shapes);
    imp->shapes_layers = imp->net->nb_layers;
  }
  return imp->shapes_ok && view_of(&imp->shapes, t, type, dims);
}

TrtStatus onnx_need_static_dims(OnnxImporter *imp, OnnxNode *node, const TrtTensor *t,
                                TrtDataType *type, TrtDims *dims) {
  TrtStatus s = onnx_need_info(imp, node, t, type, dims);
  if (s != TRT_STATUS_OK) return s;
  if (t->role != TRT_TENSOR_ACTIVATION) {
    *dims = t->dims;
    return TRT_STATUS_OK;
  }
  bool unknown = false;
  for (int i = 0; i < imp->net->nb_inputs; i++)
    for (int k = 0; k < imp->net->inputs[i]->dims.nb_dims; k++)
      unknown |= imp->net->inputs[i]->dims.d[k] < 0;
  if (!unknown) return TRT_STATUS_OK;
  /* Dims that change with the unknown input dims are unknown too. */
  TrtShapeState other;
  TrtDataType type2;
  TrtDims dims2;
  bool ok = infer_with(imp, 2, &other) && view_of(&other, t, &type2, &dims2) &&
            dims2.nb_dims == dims->nb_dims;
  for (int i = 0; ok && i < dims->nb_dims; i++)
    if (dims2.d[i] != dims->d[i]) dims->d[i] = -1;
  trt_shape_state_free(&other);
  if (ok) return TRT_STATUS_OK;
  return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                        "needs the shape of input '%s', which cannot be inferred while parsing",
                        trt_tensor_get_name(t));
}

TrtStatus onnx_need_info(OnnxImporter *imp, OnnxNode *node, const TrtTensor *t,
                         TrtDataType *type, TrtDims *dims) {
  if (onnx_tensor_info(imp, t, type, dims)) return TRT_STATUS_OK;
  return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                        "needs the type and shape of input '%s', which cannot be "
                        "inferred while parsing", trt_tensor_get_name(t));
}

TrtStatus onnx_axes_input(OnnxImporter *imp, OnnxNode *node, int64_t attr_until,
                          int input, TrtTensor **axes) {
  *axes = NULL;
  if (imp->opset < attr_until) {
    int64_t v[TRT_MAX_DIMS];
    const Onnx__AttributeProto *a = onnx_attr(node, "axes");
    if (!a) return TRT_STATUS_OK;
    int n = onnx_attr_ints(imp, node, "axes", v, TRT_MAX_DIMS);
    if (n < 0) return TRT_STATUS_UNSUPPORTED;
    if (n == 0) return TRT_STATUS_OK;
    *axes = onnx_const_i64(imp, node, v, n);
    return *axes ? TRT_STATUS_OK : TRT_STATUS_OUT_OF_MEMORY;
  }
  *axes = onnx_optional_input(node, input);
  return TRT_STATUS_OK;
}
