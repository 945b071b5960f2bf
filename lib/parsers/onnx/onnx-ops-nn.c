/* Converters: matrix products, normalizations, softmax and friends,
 * Dropout. */
#include <string.h>

#include "onnx-importer.h"

ONNX_CONVERTER(onnx_gemm) {
  TrtTensor *a = onnx_input(imp, node, 0), *b = a ? onnx_input(imp, node, 1) : NULL;
  if (!b) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *c = onnx_optional_input(node, 2);
  TrtGemmParams p = {.alpha = onnx_attr_float(node, "alpha", 1.0f),
                     .beta = onnx_attr_float(node, "beta", 1.0f),
                     .transpose_a = (int32_t)onnx_attr_int(node, "transA", 0),
                     .transpose_b = (int32_t)onnx_attr_int(node, "transB", 0)};
  TrtTensor *in[3] = {a, b, c};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_GEMM, in, c ? 3 : 2, &p));
}

ONNX_CONVERTER(onnx_matmul) {
  TrtTensor *a = onnx_input(imp, node, 0), *b = a ? onnx_input(imp, node, 1) : NULL;
  if (!b) return TRT_STATUS_PARSE_ERROR;
  TrtMatMulParams p = {0};
  TrtTensor *in[2] = {a, b};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_MATMUL, in, 2, &p));
}

/* Outputs past the first (training statistics) cannot be produced. */
static TrtStatus only_first_output(OnnxImporter *imp, OnnxNode *node, const char *what) {
  for (int i = 1; i < node->nb_outputs; i++)
    if (onnx_output_used(node, i))
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "%s", what);
  return TRT_STATUS_OK;
}

static TrtStatus normalization(OnnxImporter *imp, OnnxNode *node, TrtNormalizationType type,
                               int nb_inputs, int required, const TrtNormalizationParams *p) {
  TrtTensor *in[5] = {0};
  for (int i = 0; i < nb_inputs; i++) {
    in[i] = i < required ? onnx_input(imp, node, i) : onnx_optional_input(node, i);
    if (i < required && !in[i]) return TRT_STATUS_PARSE_ERROR;
  }
  int n = nb_inputs;
  while (n > required && !in[n - 1]) n--;
  TrtNormalizationParams params = *p;
  params.type = type;
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_NORMALIZATION, in, n, &params));
}

/* BatchNormalization in training mode: normalizes with the batch's own
 * mean and (population) variance and outputs the updated running
 * statistics, input * momentum + batch * (1 - momentum). */
static TrtStatus batch_norm_training(OnnxImporter *imp, OnnxNode *node) {
  TrtTensor *in[5];
  for (int i = 0; i < 5; i++)
    if (!(in[i] = onnx_input(imp, node, i))) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, in[0], &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  if (dims.nb_dims < 2)
    return onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "the input needs a channel dim");
  TrtReduceParams keep = {.op = TRT_REDUCE_MEAN, .keep_dims = 1}, drop = keep;
  drop.keep_dims = 0;
  for (int i = 0; i < dims.nb_dims; i++)
    if (i != 1) keep.axes[keep.nb_axes++] = drop.axes[drop.nb_axes++] = i;
  TrtTensor *mean_k = onnx_add1(imp, node, TRT_LAYER_REDUCE, &in[0], 1, &keep);
  TrtTensor *mean = onnx_add1(imp, node, TRT_LAYER_REDUCE, &in[0], 1, &drop);
  TrtTensor *d = onnx_elementwise(imp, node, in[0], mean_k, TRT_ELEMENTWISE_SUB);
  TrtTensor *sq = onnx_elementwise(imp, node, d, d, TRT_ELEMENTWISE_MUL);
  TrtTensor *var = sq ? onnx_add1(imp, node, TRT_LAYER_REDUCE, &sq, 1, &drop) : NULL;
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_BATCH,
                              .epsilon = onnx_attr_float(node, "epsilon", 1e-5f)};
  TrtTensor *bn[5] = {in[0], in[1], in[2], mean, var};
  TrtTensor *y = mean && var ? onnx_add1(imp, node, TRT_LAYER_NORMALIZATION, bn, 5, &p) : NULL;
  double momentum = onnx_attr_float(node, "momentum", 0.9f);
  TrtTensor *m = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, momentum);
  TrtTensor *rest = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 1 - momentum);
  TrtTensor *stats[2] = {mean, var}, *running[2];
  for (int i = 0; i < 2; i++)
    running[i] = onnx_elementwise(
        imp, node, onnx_elementwise(imp, node, in[3 + i], m, TRT_ELEMENTWISE_MUL),
        onnx_elementwise(imp, node, stats[i], rest, TRT_ELEMENTWISE_MUL), TRT_ELEMENTWISE_ADD);
  if (!y || !running[0] || !running[1]) return TRT_STATUS_INVALID_ARGUMENT;
  if ((s = onnx_set_output(imp, node, 0, y)) != TRT_STATUS_OK ||
      (s = onnx_set_output(imp, node, 1, running[0])) != TRT_STATUS_OK)
    return s;
  return onnx_set_output(imp, node, 2, running[1]);
}

ONNX_CONVERTER(onnx_batch_norm) {
  if (onnx_attr_int(node, "training_mode", 0)) return batch_norm_training(imp, node);
  if (imp->opset < 9 && onnx_attr_int(node, "spatial", 1) == 0)
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                          "spatial = 0 (statistics per element) is not supported");
  TrtStatus s = only_first_output(imp, node,
                                  "the running mean/variance outputs (training) are not supported");
  if (s != TRT_STATUS_OK) return s;
  TrtNormalizationParams p = {.epsilon = onnx_attr_float(node, "epsilon", 1e-5f)};
  return normalization(imp, node, TRT_NORMALIZATION_BATCH, 5, 5, &p);
}

ONNX_CONVERTER(onnx_instance_norm) {
  TrtNormalizationParams p = {.epsilon = onnx_attr_float(node, "epsilon", 1e-5f)};
  return normalization(imp, node, TRT_NORMALIZATION_INSTANCE, 3, 3, &p);
}

/* LayerNormalization with its Mean and InvStdDev outputs: made of
 * reductions, as the ONNX function body computes it. */
static TrtStatus layer_norm_with_stats(OnnxImporter *imp, OnnxNode *node, float epsilon,
                                       int64_t axis) {
  TrtTensor *x = onnx_input(imp, node, 0), *scale = x ? onnx_input(imp, node, 1) : NULL;
  if (!scale) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *bias = onnx_optional_input(node, 2);
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  int a;
  if (!trt_normalize_axis(axis, dims.nb_dims, &a))
    return onnx_node_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                          "axis %lld is out of range for rank %d", (long long)axis, dims.nb_dims);
  TrtReduceParams mp = {.op = TRT_REDUCE_MEAN, .keep_dims = 1, .nb_axes = dims.nb_dims - a};
  for (int i = a; i < dims.nb_dims; i++) mp.axes[i - a] = i;
  TrtTensor *mean = onnx_add1(imp, node, TRT_LAYER_REDUCE, &x, 1, &mp);
  TrtTensor *d = onnx_elementwise(imp, node, x, mean, TRT_ELEMENTWISE_SUB);
  TrtTensor *sq = onnx_elementwise(imp, node, d, d, TRT_ELEMENTWISE_MUL);
  TrtTensor *var = sq ? onnx_add1(imp, node, TRT_LAYER_REDUCE, &sq, 1, &mp) : NULL;
  TrtTensor *eps = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, epsilon);
  TrtTensor *sd = onnx_unary(imp, node, onnx_elementwise(imp, node, var, eps, TRT_ELEMENTWISE_ADD),
                             TRT_UNARY_SQRT);
  TrtTensor *inv = onnx_unary(imp, node, sd, TRT_UNARY_RECIPROCAL);
  TrtTensor *y = onnx_elementwise(imp, node, onnx_elementwise(imp, node, d, inv, TRT_ELEMENTWISE_MUL),
                                  scale, TRT_ELEMENTWISE_MUL);
  if (bias) y = onnx_elementwise(imp, node, y, bias, TRT_ELEMENTWISE_ADD);
  if (!y) return TRT_STATUS_INVALID_ARGUMENT;
  if ((s = onnx_set_output(imp, node, 0, y)) != TRT_STATUS_OK ||
      (s = onnx_set_output(imp, node, 1, mean)) != TRT_STATUS_OK)
    return s;
  return onnx_set_output(imp, node, 2, inv);
}

ONNX_CONVERTER(onnx_layer_norm) {
  float epsilon = onnx_attr_float(node, "epsilon", 1e-5f);
  int64_t axis = onnx_attr_int(node, "axis", -1);
  if (onnx_output_used(node, 1) || onnx_output_used(node, 2))
    return layer_norm_with_stats(imp, node, epsilon, axis);
  TrtNormalizationParams p = {.epsilon = epsilon, .axis = (int32_t)axis};
  return normalization(imp, node, TRT_NORMALIZATION_LAYER, 3, 2, &p);
}

ONNX_CONVERTER(onnx_lrn) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  if (!onnx_attr(node, "size"))
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "attribute 'size' is required");
  TrtLrnParams p = {.size = onnx_attr_int(node, "size", 1),
                    .alpha = onnx_attr_float(node, "alpha", 1e-4f),
                    .beta = onnx_attr_float(node, "beta", 0.75f),
                    .bias = onnx_attr_float(node, "bias", 1.0f)};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_LRN, &x, 1, &p));
}

/* Before opset 13 the softmax family sees the input as 2-D around `axis`
 * (default 1); from 13 on it works along `axis` (default -1). */
static TrtStatus softmax(OnnxImporter *imp, OnnxNode *node, bool log) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  bool legacy = imp->opset < 13;
  TrtSoftmaxParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", legacy ? 1 : -1),
                        .log = log, .coerce_2d = legacy};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_SOFTMAX, &x, 1, &p));
}

ONNX_CONVERTER(onnx_softmax) { return softmax(imp, node, false); }
ONNX_CONVERTER(onnx_log_softmax) { return softmax(imp, node, true); }

/* Hardmax = OneHot(ArgMax(x)) along the axis (after flattening to 2-D
 * before opset 13, as Softmax). */
ONNX_CONVERTER(onnx_hardmax) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  bool legacy = imp->opset < 13;
  int32_t axis = (int32_t)onnx_attr_int(node, "axis", legacy ? 1 : -1);
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  int a;
  if (!trt_normalize_axis(axis, dims.nb_dims, &a))
    return onnx_node_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                          "axis %d is out of range for rank %d", axis, dims.nb_dims);
  TrtTensor *shape = NULL, *v = x;
  if (legacy) {
    TrtShapeParams sp = {0};
    TrtAxisParams fp = {.axis = a};
    shape = onnx_add1(imp, node, TRT_LAYER_SHAPE, &x, 1, &sp);
    v = onnx_add1(imp, node, TRT_LAYER_FLATTEN, &x, 1, &fp);
    a = 1;
  }
  /* The indices lose the axis; OneHot puts the class axis back there. */
  TrtArgReduceParams ap = {.op = TRT_REDUCE_MAX, .axis = a, .keep_dims = 0};
  TrtTensor *index = v ? onnx_add1(imp, node, TRT_LAYER_ARG_REDUCE, &v, 1, &ap) : NULL;
  TrtShapeParams dp = {.start = a, .end = a + 1, .has_end = 1};
  TrtTensor *depth = v ? onnx_add1(imp, node, TRT_LAYER_SHAPE, &v, 1, &dp) : NULL;
  TrtTensor *off = onnx_scalar(imp, node, type, 0), *on = onnx_scalar(imp, node, type, 1);
  TrtTensor *pair[2] = {off, on};
  TrtAxisParams cp = {.axis = 0};
  /* Scalars cannot be concatenated: make them [1] first. */
  int64_t zero = 0;
  TrtTensor *ax = onnx_const_i64(imp, node, &zero, 1);
  TrtAxesParams up = {0};
  for (int i = 0; i < 2; i++) {
    TrtTensor *uin[2] = {pair[i], ax};
    pair[i] = pair[i] && ax ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, uin, 2, &up) : NULL;
  }
  TrtTensor *values = pair[0] && pair[1] ? onnx_add1(imp, node, TRT_LAYER_CONCAT, pair, 2, &cp)
                                         : NULL;
  if (!index || !depth || !values) return TRT_STATUS_INVALID_ARGUMENT;
  TrtOneHotParams op = {.axis = a};
  TrtTensor *oh_in[3] = {index, depth, values};
  TrtTensor *y = onnx_add1(imp, node, TRT_LAYER_ONE_HOT, oh_in, 3, &op);
  if (y && legacy) {
    TrtReshapeParams rp = {0};
    TrtTensor *r_in[2] = {y, shape};
    y = shape ? onnx_add1(imp, node, TRT_LAYER_RESHAPE, r_in, 2, &rp) : NULL;
  }
  return onnx_output(imp, node, y);
}

/* Dropout at inference is the identity; its mask is all true. */
ONNX_CONVERTER(onnx_dropout) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  if (imp->opset >= 12) {
    TrtTensor *training = onnx_optional_input(node, 2);
    int64_t on = 0;
    if (training && (onnx_const_values_i64(training, &on, 1) != 1 || on))
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                            "training_mode must be a constant false (inference only)");
  } else if (onnx_attr_int(node, "is_test", 1) == 0 && imp->opset < 7) {
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "is_test = 0 (training)");
  }
  TrtStatus s = onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_IDENTITY, &x, 1, NULL));
  if (s != TRT_STATUS_OK || !onnx_output_used(node, 1)) return s;
  /* The mask is BOOL from opset 10, the input's type before. */
  TrtConstantOfShapeParams cp = {.type = TRT_DATA_TYPE_BOOL, .value = {1}};
  if (imp->opset < 10) {
    float one = 1.0f;
    cp.type = TRT_DATA_TYPE_FLOAT;
    memcpy(cp.value, &one, sizeof one);
  }
  TrtShapeParams sp = {0};
  TrtTensor *shape = onnx_add1(imp, node, TRT_LAYER_SHAPE, &x, 1, &sp);
  TrtTensor *mask = shape ? onnx_add1(imp, node, TRT_LAYER_CONSTANT_OF_SHAPE, &shape, 1, &cp)
                          : NULL;
  return mask ? onnx_set_output(imp, node, 1, mask) : TRT_STATUS_INVALID_ARGUMENT;
}

/* (x - mean) / (sqrt(var) + 1e-9) over `axes` (default 0, 2, 3), as the
 * ONNX function body computes it. */
ONNX_CONVERTER(onnx_mean_variance_norm) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtReduceParams p = {.op = TRT_REDUCE_MEAN, .keep_dims = 1};
  int64_t axes[TRT_MAX_DIMS] = {0, 2, 3};
  int n = onnx_attr(node, "axes") ? onnx_attr_ints(imp, node, "axes", axes, TRT_MAX_DIMS) : 3;
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  p.nb_axes = n;
  for (int i = 0; i < n; i++) p.axes[i] = (int32_t)axes[i];
  TrtTensor *mean = onnx_add1(imp, node, TRT_LAYER_REDUCE, &x, 1, &p);
  TrtTensor *d = onnx_elementwise(imp, node, x, mean, TRT_ELEMENTWISE_SUB);
  TrtTensor *sq = onnx_elementwise(imp, node, d, d, TRT_ELEMENTWISE_MUL);
  TrtTensor *var = sq ? onnx_add1(imp, node, TRT_LAYER_REDUCE, &sq, 1, &p) : NULL;
  TrtTensor *sd = onnx_unary(imp, node, var, TRT_UNARY_SQRT);
  TrtTensor *eps = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 1e-9);
  TrtTensor *den = onnx_elementwise(imp, node, sd, eps, TRT_ELEMENTWISE_ADD);
  return onnx_output(imp, node, onnx_elementwise(imp, node, d, den, TRT_ELEMENTWISE_DIV));
}
