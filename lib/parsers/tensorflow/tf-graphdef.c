/* Frozen TensorFlow graphs: a decoded GraphDef read into a TfGraph. The
 * graph's strings and tensors stay in the GraphDef, which lives as long as
 * the import. */
#include <string.h>

#include "tf-import.h"

static TrtDims shape_dims(const Tensorflow__TensorShapeProto *shape, bool *ok) {
  TrtDims dims = {0};
  *ok = shape && !shape->unknown_rank && shape->n_dim <= TRT_MAX_DIMS;
  if (!*ok) {
    dims.nb_dims = -1;
    return dims;
  }
  dims.nb_dims = (int32_t)shape->n_dim;
  for (size_t i = 0; i < shape->n_dim; i++) dims.d[i] = shape->dim[i]->size;
  return dims;
}

static void tensor_attr(const Tensorflow__TensorProto *proto, TfTensor *out) {
  out->proto = proto;
  out->dtype = proto->dtype;
  out->dims = shape_dims(proto->tensor_shape, &out->dims_ok);
  if (!proto->tensor_shape) { /* no shape: a scalar */
    out->dims.nb_dims = 0;
    out->dims_ok = true;
  }
  for (int i = 0; out->dims_ok && i < out->dims.nb_dims; i++) out->dims_ok = out->dims.d[i] >= 0;
}

static void convert_attr(const Tensorflow__NodeDef__AttrEntry *entry, TfAttr *attr) {
  const Tensorflow__AttrValue *v = entry->value;
  attr->name = entry->key;
  attr->kind = TF_ATTR_OTHER;
  if (!v) return;
  bool ok;
  switch (v->value_case) {
  case TENSORFLOW__ATTR_VALUE__VALUE_S:
    attr->kind = TF_ATTR_STRING;
    attr->s = (const char *)v->s.data;
    attr->s_len = v->s.len;
    break;
  case TENSORFLOW__ATTR_VALUE__VALUE_I: attr->kind = TF_ATTR_INT; attr->i = v->i; break;
  case TENSORFLOW__ATTR_VALUE__VALUE_F: attr->kind = TF_ATTR_FLOAT; attr->f = v->f; break;
  case TENSORFLOW__ATTR_VALUE__VALUE_B: attr->kind = TF_ATTR_BOOL; attr->b = v->b; break;
  case TENSORFLOW__ATTR_VALUE__VALUE_TYPE: attr->kind = TF_ATTR_TYPE; attr->i = v->type; break;
  case TENSORFLOW__ATTR_VALUE__VALUE_SHAPE:
    attr->kind = TF_ATTR_SHAPE;
    attr->shape = shape_dims(v->shape, &ok);
    break;
  case TENSORFLOW__ATTR_VALUE__VALUE_TENSOR:
    attr->kind = TF_ATTR_TENSOR;
    tensor_attr(v->tensor, &attr->tensor);
    break;
  case TENSORFLOW__ATTR_VALUE__VALUE_LIST:
    if (v->list->n_f) {
      attr->kind = TF_ATTR_FLOATS;
      attr->n = v->list->n_f;
      attr->floats = v->list->f;
    } else if (v->list->n_i || !(v->list->n_s || v->list->n_type || v->list->n_shape ||
                                 v->list->n_tensor || v->list->n_b)) {
      attr->kind = TF_ATTR_INTS; /* an empty list reads as no ints */
      attr->n = v->list->n_i;
      attr->ints = v->list->i;
    }
    break;
  default: break;
  }
}

TrtStatus tf_read_graphdef(const Tensorflow__GraphDef *def, const char *file, TfGraph *graph,
                           TrtLogger *logger) {
  if (!def->n_node) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: the TensorFlow graph has no nodes", file);
    return TRT_STATUS_PARSE_ERROR;
  }
  for (size_t i = 0; i < def->n_node; i++) {
    const Tensorflow__NodeDef *nd = def->node[i];
    TfNode *node = tf_graph_add_node(graph, nd->name, nd->op);
    if (!node || !tf_node_reserve(graph, node, (int)nd->n_input, (int)nd->n_attr))
      return TRT_STATUS_OUT_OF_MEMORY;
    for (size_t k = 0; k < nd->n_input; k++)
      if (nd->input[k][0] != '^') /* control dependencies order nothing here */
        node->inputs[node->nb_inputs++].text = nd->input[k];
    for (size_t k = 0; k < nd->n_attr; k++) convert_attr(nd->attr[k], &node->attrs[node->nb_attrs++]);
  }
  return tf_graph_link(graph, file, logger);
}
