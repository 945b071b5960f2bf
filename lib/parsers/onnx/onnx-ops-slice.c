/* Converters: Concat, Split, Slice, Pad, Gather, GatherElements,
 * ScatterElements (and Scatter), Resize and Upsample. Arguments that early
 * opsets gave as attributes become constant inputs. */
#include <stdlib.h>
#include <string.h>

#include "onnx-importer.h"

/* Inputs 0..n-1, the first `required` present; false (logged) otherwise.
 * Returns the count once trailing absent inputs are dropped in *count. */
static bool gather_inputs(OnnxImporter *imp, OnnxNode *node, TrtTensor **in, int n,
                          int required, int *count) {
  for (int i = 0; i < n; i++) {
    in[i] = i < required ? onnx_input(imp, node, i) : onnx_optional_input(node, i);
    if (i < required && !in[i]) return false;
  }
  while (n > required && !in[n - 1]) n--;
  *count = n;
  return true;
}

ONNX_CONVERTER(onnx_concat) {
  int n = node->nb_inputs;
  if (n < 1) return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "needs inputs");
  for (int i = 0; i < n; i++)
    if (!onnx_input(imp, node, i)) return TRT_STATUS_PARSE_ERROR;
  TrtAxisParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", 0)};
  if (imp->opset < 4 && !onnx_attr(node, "axis")) p.axis = 1;
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_CONCAT, node->inputs, n, &p));
}

ONNX_CONVERTER(onnx_split) {
  TrtTensor *x = onnx_input(imp, node, 0), *sizes = NULL;
  if (!x) return TRT_STATUS_PARSE_ERROR;
  if (node->nb_outputs < 1)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "has no outputs");
  if (imp->opset < 13) {
    const Onnx__AttributeProto *a = onnx_attr(node, "split");
    if (a && a->n_ints) {
      int64_t *v = malloc(a->n_ints * sizeof *v);
      if (!v) return TRT_STATUS_OUT_OF_MEMORY;
      for (size_t i = 0; i < a->n_ints; i++) v[i] = a->ints[i];
      sizes = onnx_const_i64(imp, node, v, (int)a->n_ints);
      free(v);
      if (!sizes) return TRT_STATUS_OUT_OF_MEMORY;
    }
  } else {
    sizes = onnx_optional_input(node, 1);
  }
  int64_t parts = onnx_attr_int(node, "num_outputs", node->nb_outputs);
  if (!sizes && parts != node->nb_outputs)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                          "num_outputs is %lld but the node has %d outputs",
                          (long long)parts, node->nb_outputs);
  TrtAxisParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", 0)};
  TrtTensor *in[2] = {x, sizes};
  TrtLayer *l = onnx_add_layer(imp, node, TRT_LAYER_SPLIT, in, sizes ? 2 : 1, &p,
                               node->nb_outputs);
  if (!l) return TRT_STATUS_INVALID_ARGUMENT;
  for (int i = 0; i < node->nb_outputs; i++) {
    TrtStatus s = onnx_set_output(imp, node, i, trt_layer_get_output(l, i));
    if (s != TRT_STATUS_OK) return s;
  }
  return TRT_STATUS_OK;
}

/* An INTS attribute as a constant int64 input (NULL when absent). */
static bool attr_constant(OnnxImporter *imp, OnnxNode *node, const char *name, TrtTensor **out) {
  *out = NULL;
  const Onnx__AttributeProto *a = onnx_attr(node, name);
  if (!a) return true;
  int64_t v[2 * TRT_MAX_DIMS];
  int n = onnx_attr_ints(imp, node, name, v, 2 * TRT_MAX_DIMS);
  if (n < 0) return false;
  *out = onnx_const_i64(imp, node, v, n);
  return *out != NULL;
}

ONNX_CONVERTER(onnx_slice) {
  TrtTensor *in[5] = {0};
  int n = 3;
  if (imp->opset < 10) {
    if (!(in[0] = onnx_input(imp, node, 0))) return TRT_STATUS_PARSE_ERROR;
    if (!attr_constant(imp, node, "starts", &in[1]) || !attr_constant(imp, node, "ends", &in[2]) ||
        !attr_constant(imp, node, "axes", &in[3]))
      return TRT_STATUS_UNSUPPORTED;
    if (!in[1] || !in[2])
      return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "starts and ends are required");
    if (in[3]) n = 4;
  } else if (!gather_inputs(imp, node, in, 5, 3, &n)) {
    return TRT_STATUS_PARSE_ERROR;
  }
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_SLICE, in, n, NULL));
}

ONNX_CONVERTER(onnx_pad) {
  char buf[16];
  const char *mode = onnx_attr_string(node, "mode", "constant", buf, sizeof buf);
  TrtPadParams p;
  if (!strcmp(mode, "constant")) p.mode = TRT_PAD_CONSTANT;
  else if (!strcmp(mode, "reflect")) p.mode = TRT_PAD_REFLECT;
  else if (!strcmp(mode, "edge")) p.mode = TRT_PAD_EDGE;
  else if (!strcmp(mode, "wrap")) p.mode = TRT_PAD_WRAP;
  else return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "mode '%s' is not known", mode);
  TrtTensor *in[4] = {0};
  int n = 2;
  if (imp->opset < 11) {
    if (!(in[0] = onnx_input(imp, node, 0))) return TRT_STATUS_PARSE_ERROR;
    if (!attr_constant(imp, node, imp->opset < 2 ? "paddings" : "pads", &in[1]))
      return TRT_STATUS_UNSUPPORTED;
    if (!in[1]) return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "pads are required");
    in[2] = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, onnx_attr_float(node, "value", 0));
    if (!in[2]) return TRT_STATUS_OUT_OF_MEMORY;
    n = 3;
  } else if (!gather_inputs(imp, node, in, 4, 2, &n)) {
    return TRT_STATUS_PARSE_ERROR;
  }
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_PAD, in, n, &p));
}

static TrtStatus axis_op(OnnxImporter *imp, OnnxNode *node, TrtLayerType type) {
  TrtTensor *in[2] = {onnx_input(imp, node, 0), NULL};
  if (!in[0] || !(in[1] = onnx_input(imp, node, 1))) return TRT_STATUS_PARSE_ERROR;
  TrtAxisParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", 0)};
  return onnx_output(imp, node, onnx_add1(imp, node, type, in, 2, &p));
}

ONNX_CONVERTER(onnx_gather) { return axis_op(imp, node, TRT_LAYER_GATHER); }
ONNX_CONVERTER(onnx_gather_elements) { return axis_op(imp, node, TRT_LAYER_GATHER_ELEMENTS); }

ONNX_CONVERTER(onnx_scatter_elements) {
  TrtTensor *in[3];
  int n;
  if (!gather_inputs(imp, node, in, 3, 3, &n)) return TRT_STATUS_PARSE_ERROR;
  char buf[16];
  const char *r = onnx_attr_string(node, "reduction", "none", buf, sizeof buf);
  static const char *const names[] = {"none", "add", "mul", "max", "min"};
  TrtScatterParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", 0), .reduction = -1};
  for (int i = 0; i < 5; i++)
    if (!strcmp(r, names[i])) p.reduction = i;
  if (p.reduction < 0)
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "reduction '%s' is not known", r);
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_SCATTER_ELEMENTS, in, 3, &p));
}

/* Resize attributes; defaults per opset (10: asymmetric, floor). */
static bool resize_params(OnnxImporter *imp, OnnxNode *node, TrtResizeParams *p) {
  char buf[40];
  const char *mode = onnx_attr_string(node, "mode", "nearest", buf, sizeof buf);
  if (!strcmp(mode, "nearest")) p->mode = TRT_RESIZE_NEAREST;
  else if (!strcmp(mode, "linear") || !strcmp(mode, "bilinear")) p->mode = TRT_RESIZE_LINEAR;
  else if (!strcmp(mode, "cubic")) p->mode = TRT_RESIZE_CUBIC;
  else {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "mode '%s' is not known", mode);
    return false;
  }
  bool legacy = imp->opset < 11 || !strcmp(node->op, "Upsample");
  static const char *const coords[] = {"half_pixel", "asymmetric", "pytorch_half_pixel",
                                       "align_corners", "tf_half_pixel_for_nn",
                                       "tf_crop_and_resize", "half_pixel_symmetric"};
  const char *ct = legacy ? "asymmetric"
                          : onnx_attr_string(node, "coordinate_transformation_mode",
                                             "half_pixel", buf, sizeof buf);
  p->coord_transform = -1;
  for (int i = 0; i < 7; i++)
    if (!strcmp(ct, coords[i])) p->coord_transform = i;
  static const char *const nearest[] = {"round_prefer_floor", "round_prefer_ceil", "floor",
                                        "ceil"};
  const char *nm = legacy ? "floor"
                          : onnx_attr_string(node, "nearest_mode", "round_prefer_floor", buf,
                                             sizeof buf);
  p->nearest_mode = -1;
  for (int i = 0; i < 4; i++)
    if (!strcmp(nm, nearest[i])) p->nearest_mode = i;
  if (p->coord_transform < 0 || p->nearest_mode < 0) {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "coordinate_transformation_mode or nearest_mode is not known");
    return false;
  }
  p->cubic_coeff_a = onnx_attr_float(node, "cubic_coeff_a", -0.75f);
  p->exclude_outside = (int32_t)onnx_attr_int(node, "exclude_outside", 0);
  p->extrapolation_value = onnx_attr_float(node, "extrapolation_value", 0.0f);
  const char *policy = onnx_attr_string(node, "keep_aspect_ratio_policy", "stretch", buf,
                                        sizeof buf);
  if (onnx_attr(node, "axes") || onnx_attr_int(node, "antialias", 0) || strcmp(policy, "stretch")) {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "axes, antialias and keep_aspect_ratio_policy are not supported");
    return false;
  }
  return true;
}

/* An empty constant stands for an absent roi or scales. */
static TrtTensor *unless_empty(TrtTensor *t) {
  if (t && trt_tensor_is_constant(t)) {
    TrtDims d = trt_tensor_get_dims(t);
    if (trt_dims_volume(&d) == 0) return NULL;
  }
  return t;
}

ONNX_CONVERTER(onnx_resize) {
  TrtResizeParams p = {0};
  if (!resize_params(imp, node, &p)) return TRT_STATUS_UNSUPPORTED;
  TrtTensor *in[4] = {0};
  int n;
  if (imp->opset < 11) { /* Resize-10: X, scales */
    TrtTensor *x = onnx_input(imp, node, 0), *scales = x ? onnx_input(imp, node, 1) : NULL;
    if (!scales) return TRT_STATUS_PARSE_ERROR;
    in[0] = x;
    in[2] = scales;
    n = 3;
  } else {
    if (!gather_inputs(imp, node, in, 4, 1, &n)) return TRT_STATUS_PARSE_ERROR;
    in[1] = unless_empty(in[1]);
    in[2] = unless_empty(in[2]);
    while (n > 1 && !in[n - 1]) n--;
    if (!in[2] && !in[3])
      return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "needs scales or sizes");
  }
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_RESIZE, in, n, &p));
}

ONNX_CONVERTER(onnx_upsample) {
  TrtResizeParams p = {0};
  if (!resize_params(imp, node, &p)) return TRT_STATUS_UNSUPPORTED;
  TrtTensor *in[3] = {onnx_input(imp, node, 0), NULL, NULL};
  if (!in[0]) return TRT_STATUS_PARSE_ERROR;
  if (imp->opset < 9) {
    float scales[TRT_MAX_DIMS];
    int n = onnx_attr_floats(imp, node, "scales", scales, TRT_MAX_DIMS);
    if (n < 1) return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "scales are required");
    TrtDims d = {.nb_dims = 1, .d = {n}};
    in[2] = onnx_constant(imp, node, TRT_DATA_TYPE_FLOAT, &d, scales);
  } else {
    in[2] = onnx_input(imp, node, 1);
  }
  if (!in[2]) return TRT_STATUS_PARSE_ERROR;
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_RESIZE, in, 3, &p));
}

/* ---- GatherND and ScatterND (batch_dims 0) ----------------------------------
 * An index tuple of k coordinates addresses a slice of data; with data seen
 * as [d0 * ... * d(k-1), rest...] the tuple is one row number,
 * sum(index_i * stride_i) (negative coordinates counted from the end), and
 * the ops become Gather / ScatterElements along axis 0. */

typedef struct {
  int k;                      /* coordinates per index tuple */
  TrtDims data;               /* static dims of data */
  TrtTensor *rows;            /* data as [prod(d0..dk-1), rest...] */
  TrtTensor *row_index;       /* the tuples' row numbers, indices.shape[:-1] */
} NdIndex;

static TrtStatus nd_index(OnnxImporter *imp, OnnxNode *node, TrtTensor *data,
                          TrtTensor *indices, NdIndex *nd) {
  if (onnx_attr_int(node, "batch_dims", 0) != 0)
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "batch_dims > 0 is not supported");
  TrtDataType type;
  TrtDims id;
  TrtStatus s = onnx_need_static_dims(imp, node, data, &type, &nd->data);
  if (s == TRT_STATUS_OK) s = onnx_need_static_dims(imp, node, indices, &type, &id);
  if (s != TRT_STATUS_OK) return s;
  nd->k = id.nb_dims ? (int)id.d[id.nb_dims - 1] : -1;
  if (nd->k < 1 || nd->k > nd->data.nb_dims)
    return onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                          "the last dim of indices must be 1 to the rank of data");
  int64_t dims[TRT_MAX_DIMS], strides[TRT_MAX_DIMS], shape[TRT_MAX_DIMS], rows = 1;
  for (int i = nd->k - 1; i >= 0; i--) {
    if (nd->data.d[i] < 0)
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                            "the indexed dims of data must be known when parsing");
    dims[i] = nd->data.d[i];
    strides[i] = rows;
    rows *= nd->data.d[i];
  }
  int n = 0;
  shape[n++] = rows;
  for (int i = nd->k; i < nd->data.nb_dims; i++) shape[n++] = 0; /* copied from data */
  TrtReshapeParams rp = {0};
  TrtTensor *rin[2] = {data, onnx_const_i64(imp, node, shape, n)};
  nd->rows = rin[1] ? onnx_add1(imp, node, TRT_LAYER_RESHAPE, rin, 2, &rp) : NULL;
  /* Wrap negative coordinates, then dot with the strides. */
  TrtCastParams cp = {.to = TRT_DATA_TYPE_INT64};
  TrtTensor *idx = onnx_add1(imp, node, TRT_LAYER_CAST, &indices, 1, &cp);
  TrtTensor *dim_t = onnx_const_i64(imp, node, dims, nd->k);
  TrtTensor *neg = onnx_elementwise(imp, node, idx, onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, 0),
                                    TRT_ELEMENTWISE_LESS);
  TrtTensor *sel[3] = {neg, onnx_elementwise(imp, node, idx, dim_t, TRT_ELEMENTWISE_ADD), idx};
  idx = neg && sel[1] ? onnx_add1(imp, node, TRT_LAYER_SELECT, sel, 3, NULL) : NULL;
  TrtTensor *weighted = onnx_elementwise(imp, node, idx, onnx_const_i64(imp, node, strides, nd->k),
                                         TRT_ELEMENTWISE_MUL);
  TrtReduceParams sp = {.op = TRT_REDUCE_SUM, .nb_axes = 1, .axes = {-1}};
  nd->row_index = weighted ? onnx_add1(imp, node, TRT_LAYER_REDUCE, &weighted, 1, &sp) : NULL;
  return nd->rows && nd->row_index ? TRT_STATUS_OK : TRT_STATUS_INVALID_ARGUMENT;
}

ONNX_CONVERTER(onnx_gather_nd) {
  TrtTensor *data = onnx_input(imp, node, 0), *indices = data ? onnx_input(imp, node, 1) : NULL;
  if (!indices) return TRT_STATUS_PARSE_ERROR;
  NdIndex nd;
  TrtStatus s = nd_index(imp, node, data, indices, &nd);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *in[2] = {nd.rows, nd.row_index};
  TrtAxisParams p = {.axis = 0};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_GATHER, in, 2, &p));
}

ONNX_CONVERTER(onnx_scatter_nd) {
  TrtTensor *in[3];
  int n;
  if (!gather_inputs(imp, node, in, 3, 3, &n)) return TRT_STATUS_PARSE_ERROR;
  char buf[16];
  const char *r = onnx_attr_string(node, "reduction", "none", buf, sizeof buf);
  static const char *const names[] = {"none", "add", "mul", "max", "min"};
  TrtScatterParams p = {.axis = 0, .reduction = -1};
  for (int i = 0; i < 5; i++)
    if (!strcmp(r, names[i])) p.reduction = i;
  if (p.reduction < 0)
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "reduction '%s' is not known", r);
  NdIndex nd;
  TrtStatus s = nd_index(imp, node, in[0], in[1], &nd);
  if (s != TRT_STATUS_OK) return s;
  /* updates as [tuples, rest...]; each tuple's row number spread over its
   * slice, as ScatterElements wants one index per updated element. */
  int64_t shape[TRT_MAX_DIMS], ones[TRT_MAX_DIMS];
  int rank = 1 + nd.data.nb_dims - nd.k;
  shape[0] = -1;
  ones[0] = -1;
  for (int i = 1; i < rank; i++) {
    shape[i] = nd.data.d[nd.k + i - 1];
    ones[i] = 1;
    if (shape[i] < 0)
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                            "the dims of data must be known when parsing");
  }
  TrtReshapeParams rp = {0};
  TrtTensor *uin[2] = {in[2], onnx_const_i64(imp, node, shape, rank)};
  TrtTensor *updates = uin[1] ? onnx_add1(imp, node, TRT_LAYER_RESHAPE, uin, 2, &rp) : NULL;
  TrtTensor *iin[2] = {nd.row_index, onnx_const_i64(imp, node, ones, rank)};
  TrtTensor *column = iin[1] ? onnx_add1(imp, node, TRT_LAYER_RESHAPE, iin, 2, &rp) : NULL;
  TrtShapeParams sp = {0};
  TrtTensor *ushape = updates ? onnx_add1(imp, node, TRT_LAYER_SHAPE, &updates, 1, &sp) : NULL;
  TrtTensor *ein[2] = {column, ushape};
  TrtTensor *index = column && ushape ? onnx_add1(imp, node, TRT_LAYER_EXPAND, ein, 2, NULL) : NULL;
  TrtTensor *sin[3] = {nd.rows, index, updates};
  TrtTensor *scattered = index ? onnx_add1(imp, node, TRT_LAYER_SCATTER_ELEMENTS, sin, 3, &p) : NULL;
  TrtTensor *dshape = onnx_add1(imp, node, TRT_LAYER_SHAPE, &in[0], 1, &sp);
  TrtTensor *oin[2] = {scattered, dshape};
  return onnx_output(imp, node, scattered && dshape ? onnx_add1(imp, node, TRT_LAYER_RESHAPE, oin, 2, &rp)
                                                    : NULL);
}
