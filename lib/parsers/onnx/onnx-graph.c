/* Import of an ONNX graph: initializers become constants, the graph inputs
 * that are not initializers become network inputs, nodes are converted in
 * order, and graph outputs are marked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx-importer.h"

static TrtStatus add_initializer(OnnxImporter *imp, const Onnx__TensorProto *proto) {
  const char *name = proto->name ? proto->name : "";
  char what[600];
  snprintf(what, sizeof what, "initializer '%s'", name);
  if (!*name) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: an initializer has no name", imp->file);
    return TRT_STATUS_PARSE_ERROR;
  }
  if (onnx_names_get(&imp->names, name)) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: initializer '%s' is defined twice",
            imp->file, name);
    return TRT_STATUS_PARSE_ERROR;
  }
  TrtHostTensor t;
  TrtStatus s = onnx_decode_tensor(proto, imp->base_dir, imp->file, what, imp->logger, &t);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *c = trt_network_add_constant(imp->net, name, t.type, &t.dims, t.data);
  trt_host_tensor_free(&t);
  if (!c) return TRT_STATUS_OUT_OF_MEMORY;
  return onnx_bind(imp, name, c);
}

/* The element type and dims a ValueInfo declares; symbolic or missing dims
 * are -1. `what` is "input" or "output". */
static TrtStatus value_info_type(OnnxImporter *imp, const Onnx__ValueInfoProto *vi,
                                 const char *what, TrtDataType *type, TrtDims *dims) {
  const Onnx__TypeProto *tp = vi->type;
  if (!tp || tp->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !tp->tensor_type) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR,
            "%s: graph %s '%s' is not a tensor (sequences, maps, optionals and sparse "
            "tensors are not supported)", imp->file, what, vi->name);
    return TRT_STATUS_UNSUPPORTED;
  }
  const Onnx__TypeProto__Tensor *tt = tp->tensor_type;
  int32_t elem = tt->has_elem_type ? tt->elem_type : 0;
  if (!onnx_map_type(elem, type)) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: graph %s '%s' has element type %s, "
            "which trtinfer does not support", imp->file, what, vi->name,
            onnx_type_name(elem));
    return TRT_STATUS_UNSUPPORTED;
  }
  memset(dims, 0, sizeof *dims);
  if (!tt->shape) {
    dims->nb_dims = -1; /* rank unknown */
    return TRT_STATUS_OK;
  }
  if (tt->shape->n_dim > TRT_MAX_DIMS) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: graph %s '%s' has rank %zu (at most %d "
            "supported)", imp->file, what, vi->name, tt->shape->n_dim, TRT_MAX_DIMS);
    return TRT_STATUS_UNSUPPORTED;
  }
  dims->nb_dims = (int32_t)tt->shape->n_dim;
  for (size_t i = 0; i < tt->shape->n_dim; i++) {
    const Onnx__TensorShapeProto__Dimension *d = tt->shape->dim[i];
    bool known = d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE &&
                 d->dim_value >= 0;
    dims->d[i] = known ? d->dim_value : -1;
  }
  return TRT_STATUS_OK;
}

static TrtStatus add_input(OnnxImporter *imp, const Onnx__ValueInfoProto *vi) {
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = value_info_type(imp, vi, "input", &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  if (dims.nb_dims < 0) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR,
            "%s: graph input '%s' declares no shape; trtinfer needs at least its rank",
            imp->file, vi->name);
    return TRT_STATUS_UNSUPPORTED;
  }
  TrtTensor *t = trt_network_add_input(imp->net, vi->name, type, &dims);
  if (!t) return TRT_STATUS_INVALID_ARGUMENT;
  return onnx_bind(imp, vi->name, t);
}

static bool known_domain(const char *domain) {
  return !domain || !*domain || strcmp(domain, "ai.onnx") == 0;
}

static TrtStatus convert_node(OnnxImporter *imp, const Onnx__NodeProto *proto, int index) {
  char name[512];
  const char *op = proto->op_type ? proto->op_type : "";
  if (proto->name && *proto->name)
    snprintf(name, sizeof name, "%s", proto->name);
  else
    snprintf(name, sizeof name, "%s_%d", *op ? op : "node", index);
  TrtTensor *inputs[64];
  OnnxNode node = {.proto = proto, .index = index, .name = name, .op = op,
                   .inputs = inputs, .nb_outputs = (int)proto->n_output};
  if (!known_domain(proto->domain))
    return onnx_node_fail(imp, &node, TRT_STATUS_UNSUPPORTED,
                          "operators of domain '%s' are not supported", proto->domain);
  if (imp->opset < 1)
    return onnx_node_fail(imp, &node, TRT_STATUS_UNSUPPORTED,
                          "the model imports no opset of the default ONNX domain");
  OnnxConvertFn convert = onnx_find_converter(op);
  if (!convert)
    return onnx_node_fail(imp, &node, TRT_STATUS_UNSUPPORTED,
                          "operator %s is not supported", *op ? op : "(no op_type)");
  if (proto->n_input > 64)
    return onnx_node_fail(imp, &node, TRT_STATUS_UNSUPPORTED,
                          "%zu inputs (at most 64 supported)", proto->n_input);
  int n = (int)proto->n_input;
  while (n > 0 && (!proto->input[n - 1] || !*proto->input[n - 1])) n--;
  node.nb_inputs = n;
  for (int i = 0; i < n; i++) {
    const char *in = proto->input[i];
    inputs[i] = in && *in ? onnx_names_get(&imp->names, in) : NULL;
    if (in && *in && !inputs[i])
      return onnx_node_fail(imp, &node, TRT_STATUS_PARSE_ERROR,
                            "input '%s' is not produced by an earlier node, an initializer "
                            "or a graph input (or it is an output that trtinfer does not "
                            "produce)", in);
  }
  TrtStatus s = convert(imp, &node);
  if (s != TRT_STATUS_OK) return s;
  /* Outputs the converter did not produce stay unnamed: a node that reads
   * one fails with a message that says so. */
  return TRT_STATUS_OK;
}

static TrtStatus mark_output(OnnxImporter *imp, const Onnx__ValueInfoProto *vi) {
  const char *name = vi->name ? vi->name : "";
  TrtTensor *t = onnx_names_get(&imp->names, name);
  if (!t) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR,
            "%s: graph output '%s' is not produced by any node, initializer or input",
            imp->file, name);
    return TRT_STATUS_PARSE_ERROR;
  }
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = value_info_type(imp, vi, "output", &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  /* An output needs storage of its own: inputs and constants that are
   * outputs, or values listed twice, go through an Identity. */
  if (t->role != TRT_TENSOR_ACTIVATION || trt_tensor_is_output(t)) {
    TrtLayer *l = trt_network_add_layer(imp->net, TRT_LAYER_IDENTITY, &t, 1, NULL, 1);
    if (!l) return TRT_STATUS_INVALID_ARGUMENT;
    TrtTensor *copy = trt_layer_get_output(l, 0);
    /* The copy takes the name the user will look for. */
    char *fresh = trt_network_unique_name(imp->net, name);
    if (!fresh) return TRT_STATUS_OUT_OF_MEMORY;
    s = trt_tensor_set_name(t, fresh);
    free(fresh);
    if (s != TRT_STATUS_OK || trt_tensor_set_name(copy, name) != TRT_STATUS_OK)
      return TRT_STATUS_OUT_OF_MEMORY;
    t = copy;
  }
  return trt_network_mark_output(imp->net, t);
}

TrtStatus onnx_import_graph(OnnxImporter *imp, const Onnx__GraphProto *g) {
  TrtStatus s;
  for (size_t i = 0; i < g->n_initializer; i++)
    if ((s = add_initializer(imp, g->initializer[i])) != TRT_STATUS_OK) return s;
  if (g->n_sparse_initializer) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: sparse initializers are not supported",
            imp->file);
    return TRT_STATUS_UNSUPPORTED;
  }
  for (size_t i = 0; i < g->n_input; i++) {
    const Onnx__ValueInfoProto *vi = g->input[i];
    if (!vi->name || !*vi->name) {
      trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: graph input %zu has no name",
              imp->file, i);
      return TRT_STATUS_PARSE_ERROR;
    }
    /* Before IR 4 initializers had to be listed as inputs too. */
    if (onnx_names_get(&imp->names, vi->name)) continue;
    if ((s = add_input(imp, vi)) != TRT_STATUS_OK) return s;
  }
  for (size_t i = 0; i < g->n_node; i++)
    if ((s = convert_node(imp, g->node[i], (int)i)) != TRT_STATUS_OK) return s;
  if (g->n_output == 0) {
    trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: the graph has no outputs", imp->file);
    return TRT_STATUS_PARSE_ERROR;
  }
  for (size_t i = 0; i < g->n_output; i++)
    if ((s = mark_output(imp, g->output[i])) != TRT_STATUS_OK) return s;
  return TRT_STATUS_OK;
}
