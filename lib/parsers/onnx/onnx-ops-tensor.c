/* Converters: tensor sources and types (Constant, ConstantOfShape, Shape,
 * Size, Range, OneHot, EyeLike, Cast, CastLike, Identity). */
#include <stdio.h>
#include <string.h>

#include "onnx-importer.h"

ONNX_CONVERTER(onnx_identity) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_IDENTITY, &x, 1, NULL));
}

/* A constant from a TensorProto attribute. */
static TrtTensor *tensor_constant(OnnxImporter *imp, OnnxNode *node,
                                  const Onnx__TensorProto *proto) {
  TrtHostTensor t;
  char what[600];
  snprintf(what, sizeof what, "node %d '%s' (%s): its value", node->index, node->name,
           node->op);
  if (onnx_decode_tensor(proto, imp->base_dir, imp->file, what, imp->logger, &t) !=
      TRT_STATUS_OK)
    return NULL;
  TrtTensor *c = onnx_constant(imp, node, t.type, &t.dims, t.data);
  trt_host_tensor_free(&t);
  return c;
}

ONNX_CONVERTER(onnx_constant_op) {
  const Onnx__AttributeProto *a;
  TrtTensor *c = NULL;
  if ((a = onnx_attr(node, "value")) && a->t) {
    c = tensor_constant(imp, node, a->t);
    if (!c) return TRT_STATUS_PARSE_ERROR;
  } else if ((a = onnx_attr(node, "value_float")) && a->has_f) {
    TrtDims d = {0};
    c = onnx_constant(imp, node, TRT_DATA_TYPE_FLOAT, &d, &a->f);
  } else if ((a = onnx_attr(node, "value_int")) && a->has_i) {
    TrtDims d = {0};
    c = onnx_constant(imp, node, TRT_DATA_TYPE_INT64, &d, &a->i);
  } else if ((a = onnx_attr(node, "value_floats"))) {
    TrtDims d = {.nb_dims = 1, .d = {(int64_t)a->n_floats}};
    c = onnx_constant(imp, node, TRT_DATA_TYPE_FLOAT, &d, a->floats);
  } else if ((a = onnx_attr(node, "value_ints"))) {
    TrtDims d = {.nb_dims = 1, .d = {(int64_t)a->n_ints}};
    c = onnx_constant(imp, node, TRT_DATA_TYPE_INT64, &d, a->ints);
  } else {
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                          "only tensor, float(s) and int(s) values are supported (not "
                          "strings or sparse tensors)");
  }
  return onnx_output(imp, node, c);
}

ONNX_CONVERTER(onnx_constant_of_shape) {
  TrtTensor *shape = onnx_input(imp, node, 0);
  if (!shape) return TRT_STATUS_PARSE_ERROR;
  TrtConstantOfShapeParams p = {.type = TRT_DATA_TYPE_FLOAT};
  const Onnx__AttributeProto *a = onnx_attr(node, "value");
  if (a && a->t) {
    TrtHostTensor t;
    if (onnx_decode_tensor(a->t, imp->base_dir, imp->file, "ConstantOfShape value",
                           imp->logger, &t) != TRT_STATUS_OK)
      return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "bad value attribute");
    bool one = trt_dims_volume(&t.dims) == 1 && t.size <= sizeof p.value;
    if (one) {
      p.type = t.type;
      memcpy(p.value, t.data, t.size);
    }
    trt_host_tensor_free(&t);
    if (!one)
      return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                            "the value attribute must hold one element");
  }
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_CONSTANT_OF_SHAPE, &shape, 1, &p));
}

ONNX_CONVERTER(onnx_shape) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtShapeParams p = {.start = (int32_t)onnx_attr_int(node, "start", 0)};
  const Onnx__AttributeProto *end = onnx_attr(node, "end");
  if (end && end->has_i) {
    p.end = (int32_t)end->i;
    p.has_end = 1;
  }
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_SHAPE, &x, 1, &p));
}

/* Size = the product of Shape (an int64 scalar). */
ONNX_CONVERTER(onnx_size) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtShapeParams sp = {0};
  TrtTensor *shape = onnx_add1(imp, node, TRT_LAYER_SHAPE, &x, 1, &sp);
  TrtReduceParams rp = {.op = TRT_REDUCE_PROD, .keep_dims = 0};
  return onnx_output(imp, node, shape ? onnx_add1(imp, node, TRT_LAYER_REDUCE, &shape, 1, &rp)
                                      : NULL);
}

ONNX_CONVERTER(onnx_range) {
  TrtTensor *in[3];
  for (int i = 0; i < 3; i++)
    if (!(in[i] = onnx_input(imp, node, i))) return TRT_STATUS_PARSE_ERROR;
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_RANGE, in, 3, NULL));
}

ONNX_CONVERTER(onnx_one_hot) {
  TrtTensor *in[3];
  for (int i = 0; i < 3; i++)
    if (!(in[i] = onnx_input(imp, node, i))) return TRT_STATUS_PARSE_ERROR;
  TrtOneHotParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", -1)};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_ONE_HOT, in, 3, &p));
}

/* The engine type for an ONNX `to` type; false (logged) when there is none.
 * `round_half` is set for FLOAT16, which is computed in float32 but must
 * keep only half precision. */
static bool cast_target(OnnxImporter *imp, OnnxNode *node, int64_t to, TrtDataType *type,
                        bool *round_half) {
  *round_half = to == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16;
  if (onnx_map_type((int32_t)to, type)) return true;
  onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "casting to %s is not supported",
                 onnx_type_name((int32_t)to));
  return false;
}

static TrtTensor *cast(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, TrtDataType type,
                       bool round_half) {
  TrtCastParams p = {.to = round_half ? TRT_DATA_TYPE_HALF : type};
  TrtTensor *y = onnx_add1(imp, node, TRT_LAYER_CAST, &x, 1, &p);
  if (y && round_half) {
    p.to = TRT_DATA_TYPE_FLOAT;
    y = onnx_add1(imp, node, TRT_LAYER_CAST, &y, 1, &p);
  }
  return y;
}

ONNX_CONVERTER(onnx_cast) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  bool round_half;
  if (!onnx_attr(node, "to"))
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "attribute 'to' is required");
  if (!cast_target(imp, node, onnx_attr_int(node, "to", 0), &type, &round_half))
    return TRT_STATUS_UNSUPPORTED;
  return onnx_output(imp, node, cast(imp, node, x, type, round_half));
}

ONNX_CONVERTER(onnx_cast_like) {
  TrtTensor *x = onnx_input(imp, node, 0), *like = x ? onnx_input(imp, node, 1) : NULL;
  if (!like) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, like, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  return onnx_output(imp, node, cast(imp, node, x, type, false));
}

/* The size of dim `axis` of x as an int64 scalar, from its shape. */
static TrtTensor *dim_size(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, int axis) {
  TrtShapeParams sp = {.start = axis, .end = axis + 1, .has_end = 1};
  TrtTensor *shape = onnx_add1(imp, node, TRT_LAYER_SHAPE, &x, 1, &sp);
  TrtTensor *index = onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, 0);
  TrtTensor *in[2] = {shape, index};
  TrtAxisParams gp = {.axis = 0};
  return shape && index ? onnx_add1(imp, node, TRT_LAYER_GATHER, in, 2, &gp) : NULL;
}

/* 0, 1, ..., n-1 (int64) for an int64 scalar n. */
static TrtTensor *iota(OnnxImporter *imp, OnnxNode *node, TrtTensor *n) {
  TrtTensor *in[3] = {onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, 0), n,
                      onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, 1)};
  return in[0] && n && in[2] ? onnx_add1(imp, node, TRT_LAYER_RANGE, in, 3, NULL) : NULL;
}

/* EyeLike: ones where column - row == k, from the input's shape at build
 * time: Equal(Range(rows) + k, Range(cols)), cast to the output type. */
ONNX_CONVERTER(onnx_eye_like) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  if (dims.nb_dims != 2)
    return onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "the input must be 2-D");
  bool round_half = false;
  if (onnx_attr(node, "dtype") &&
      !cast_target(imp, node, onnx_attr_int(node, "dtype", 0), &type, &round_half))
    return TRT_STATUS_UNSUPPORTED;
  TrtTensor *rows = iota(imp, node, dim_size(imp, node, x, 0));
  TrtTensor *cols = iota(imp, node, dim_size(imp, node, x, 1));
  int64_t last = 1;
  TrtTensor *uin[2] = {rows, onnx_const_i64(imp, node, &last, 1)};
  TrtAxesParams up = {0};
  rows = rows && uin[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, uin, 2, &up) : NULL;
  TrtTensor *k = onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, (double)onnx_attr_int(node, "k", 0));
  TrtTensor *shifted = onnx_elementwise(imp, node, rows, k, TRT_ELEMENTWISE_ADD);
  TrtTensor *eq = onnx_elementwise(imp, node, shifted, cols, TRT_ELEMENTWISE_EQUAL);
  return onnx_output(imp, node, eq ? cast(imp, node, eq, type, round_half) : NULL);
}

/* Trilu keeps the upper (col - row >= k) or lower (col - row <= k)
 * triangle of the last two dims and zeroes the rest: a mask from two
 * ranges, then Where. */
ONNX_CONVERTER(onnx_trilu) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *k = onnx_optional_input(node, 1);
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  if (dims.nb_dims < 2)
    return onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "the input must have rank >= 2");
  bool upper = onnx_attr_int(node, "upper", 1) != 0;
  TrtTensor *rows = iota(imp, node, dim_size(imp, node, x, dims.nb_dims - 2));
  TrtTensor *cols = iota(imp, node, dim_size(imp, node, x, dims.nb_dims - 1));
  int64_t last = 1;
  TrtTensor *uin[2] = {rows, onnx_const_i64(imp, node, &last, 1)};
  TrtAxesParams up = {0};
  rows = rows && uin[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, uin, 2, &up) : NULL;
  if (k) {
    TrtCastParams cp = {.to = TRT_DATA_TYPE_INT64};
    k = onnx_add1(imp, node, TRT_LAYER_CAST, &k, 1, &cp);
    rows = onnx_elementwise(imp, node, rows, k, TRT_ELEMENTWISE_ADD);
  }
  TrtTensor *mask = onnx_elementwise(imp, node, cols, rows,
                                     upper ? TRT_ELEMENTWISE_GREATER_EQUAL
                                           : TRT_ELEMENTWISE_LESS_EQUAL);
  TrtTensor *zero = onnx_scalar(imp, node, type, 0);
  TrtTensor *sel[3] = {mask, x, zero};
  return onnx_output(imp, node, mask && zero ? onnx_add1(imp, node, TRT_LAYER_SELECT, sel, 3, NULL)
                                             : NULL);
}

/* Hann, Hamming and Blackman windows of `size` points: sums of cosines of
 * 2*pi*n/N, N = size when periodic, size - 1 when symmetric. */
ONNX_CONVERTER(onnx_window) {
  TrtTensor *size = onnx_input(imp, node, 0);
  if (!size) return TRT_STATUS_PARSE_ERROR;
  /* a0 - a1 cos(t) + a2 cos(2t) */
  double a0 = 0.5, a1 = 0.5, a2 = 0;
  if (!strcmp(node->op, "HammingWindow")) {
    a0 = 25.0 / 46.0;
    a1 = 21.0 / 46.0;
  } else if (!strcmp(node->op, "BlackmanWindow")) {
    a0 = 0.42;
    a2 = 0.08;
  }
  TrtDataType out = TRT_DATA_TYPE_FLOAT;
  bool round_half = false;
  if (onnx_attr(node, "output_datatype") &&
      !cast_target(imp, node, onnx_attr_int(node, "output_datatype", 1), &out, &round_half))
    return TRT_STATUS_UNSUPPORTED;
  TrtTensor *n64 = cast(imp, node, size, TRT_DATA_TYPE_INT64, false);
  TrtTensor *n = cast(imp, node, iota(imp, node, n64), TRT_DATA_TYPE_FLOAT, false);
  TrtTensor *len = cast(imp, node, size, TRT_DATA_TYPE_FLOAT, false);
  if (!onnx_attr_int(node, "periodic", 1))
    len = onnx_elementwise(imp, node, len, onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 1),
                           TRT_ELEMENTWISE_SUB);
  TrtTensor *step = onnx_elementwise(imp, node, onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT,
                                                            2 * 3.14159265358979323846),
                                     len, TRT_ELEMENTWISE_DIV);
  TrtTensor *t = onnx_elementwise(imp, node, n, step, TRT_ELEMENTWISE_MUL);
  TrtTensor *w = onnx_elementwise(
      imp, node, onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, a0),
      onnx_elementwise(imp, node, onnx_unary(imp, node, t, TRT_UNARY_COS),
                       onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, a1), TRT_ELEMENTWISE_MUL),
      TRT_ELEMENTWISE_SUB);
  if (a2 != 0) {
    TrtTensor *t2 = onnx_elementwise(imp, node, t, onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 2),
                                     TRT_ELEMENTWISE_MUL);
    w = onnx_elementwise(imp, node, w,
                         onnx_elementwise(imp, node, onnx_unary(imp, node, t2, TRT_UNARY_COS),
                                          onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, a2),
                                          TRT_ELEMENTWISE_MUL),
                         TRT_ELEMENTWISE_ADD);
  }
  return onnx_output(imp, node, w && out != TRT_DATA_TYPE_FLOAT ? cast(imp, node, w, out, round_half)
                                                                : w);
}

/* ReverseSequence: along the time axis, item b's first lens[b] steps come
 * in reverse order. A gather index src(t, b) = t < len ? len - 1 - t : t,
 * spread over the other dims, for GatherElements. */
ONNX_CONVERTER(onnx_reverse_sequence) {
  TrtTensor *x = onnx_input(imp, node, 0), *lens = x ? onnx_input(imp, node, 1) : NULL;
  if (!lens) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  int64_t time_axis = onnx_attr_int(node, "time_axis", 0);
  int64_t batch_axis = onnx_attr_int(node, "batch_axis", 1);
  if (dims.nb_dims < 2 || time_axis + batch_axis != 1 || time_axis < 0 || batch_axis < 0)
    return onnx_node_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                          "time_axis and batch_axis must be 0 and 1 (either way) of a rank "
                          ">= 2 input");
  int64_t one = 1, zero = 0;
  TrtAxesParams up = {0};
  TrtTensor *t = iota(imp, node, dim_size(imp, node, x, (int)time_axis));
  TrtTensor *tin[2] = {t, onnx_const_i64(imp, node, time_axis == 0 ? &one : &zero, 1)};
  t = t && tin[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, tin, 2, &up) : NULL;
  TrtTensor *len = cast(imp, node, lens, TRT_DATA_TYPE_INT64, false);
  TrtTensor *lin[2] = {len, onnx_const_i64(imp, node, time_axis == 0 ? &zero : &one, 1)};
  len = len && lin[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, lin, 2, &up) : NULL;
  TrtTensor *inside = onnx_elementwise(imp, node, t, len, TRT_ELEMENTWISE_LESS);
  TrtTensor *last = onnx_elementwise(imp, node, len, onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, 1),
                                     TRT_ELEMENTWISE_SUB);
  TrtTensor *sel[3] = {inside, onnx_elementwise(imp, node, last, t, TRT_ELEMENTWISE_SUB), t};
  TrtTensor *src = inside && sel[1] ? onnx_add1(imp, node, TRT_LAYER_SELECT, sel, 3, NULL) : NULL;
  if (src && dims.nb_dims > 2) {
    int64_t axes[TRT_MAX_DIMS];
    for (int i = 2; i < dims.nb_dims; i++) axes[i - 2] = i;
    TrtTensor *sin[2] = {src, onnx_const_i64(imp, node, axes, dims.nb_dims - 2)};
    src = sin[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, sin, 2, &up) : NULL;
  }
  TrtShapeParams sp = {0};
  TrtTensor *shape = onnx_add1(imp, node, TRT_LAYER_SHAPE, &x, 1, &sp);
  TrtTensor *ein[2] = {src, shape};
  TrtTensor *index = src && shape ? onnx_add1(imp, node, TRT_LAYER_EXPAND, ein, 2, NULL) : NULL;
  TrtTensor *gin[2] = {x, index};
  TrtAxisParams gp = {.axis = (int32_t)time_axis};
  return onnx_output(imp, node, index ? onnx_add1(imp, node, TRT_LAYER_GATHER_ELEMENTS, gin, 2, &gp)
                                      : NULL);
}
