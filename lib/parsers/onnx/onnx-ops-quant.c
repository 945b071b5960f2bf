/* Converters: QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear,
 * computed in float32 with elementwise layers (the engine has no int8
 * tensor cores on the CPU; the results are the ONNX integers exactly).
 *   quantize:   y = saturate(round_half_even(x / scale) + zero_point)
 *   dequantize: y = (x - zero_point) * scale */
#include <string.h>

#include "onnx-importer.h"

static TrtTensor *to_float(OnnxImporter *imp, OnnxNode *node, TrtTensor *t) {
  TrtDataType type;
  TrtDims dims;
  if (!t || onnx_need_info(imp, node, t, &type, &dims) != TRT_STATUS_OK) return NULL;
  if (type == TRT_DATA_TYPE_FLOAT) return t;
  TrtCastParams p = {.to = TRT_DATA_TYPE_FLOAT};
  return onnx_add1(imp, node, TRT_LAYER_CAST, &t, 1, &p);
}

/* A 1-D v shaped to broadcast along dim `axis` of a rank `rank` tensor;
 * scalars (and single values) are returned as they are. */
static TrtTensor *per_axis(OnnxImporter *imp, OnnxNode *node, TrtTensor *v, int rank, int axis) {
  TrtDataType type;
  TrtDims vd;
  if (!v || onnx_need_info(imp, node, v, &type, &vd) != TRT_STATUS_OK) return NULL;
  if (vd.nb_dims == 0 || trt_dims_volume(&vd) == 1) return v;
  if (vd.nb_dims != 1 || axis < 0 || axis >= rank) {
    onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                   "scales and zero points must be scalars or 1-D along a valid axis");
    return NULL;
  }
  int64_t axes[TRT_MAX_DIMS];
  int n = 0;
  for (int i = 0; i < rank; i++)
    if (i != axis) axes[n++] = i;
  if (n == 0) return v;
  TrtTensor *in[2] = {v, onnx_const_i64(imp, node, axes, n)};
  TrtAxesParams p = {0};
  return in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &p) : NULL;
}

/* A scale or zero point of Quantize/DequantizeLinear along their `axis`. */
static TrtTensor *along_axis(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, TrtTensor *v) {
  TrtDataType type;
  TrtDims xd, vd;
  int a;
  if (!v || onnx_need_info(imp, node, x, &type, &xd) != TRT_STATUS_OK ||
      onnx_need_info(imp, node, v, &type, &vd) != TRT_STATUS_OK)
    return NULL;
  /* The axis only matters for a 1-D scale. */
  if (vd.nb_dims == 0 || trt_dims_volume(&vd) == 1) return v;
  if (!trt_normalize_axis(onnx_attr_int(node, "axis", 1), xd.nb_dims, &a)) {
    onnx_node_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "axis is out of range");
    return NULL;
  }
  return per_axis(imp, node, v, xd.nb_dims, a);
}

/* x - zero_point in float32 (x alone when there is no zero point). */
static TrtTensor *centered(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, TrtTensor *zp,
                           int rank, int axis) {
  TrtTensor *v = to_float(imp, node, x);
  if (!zp || !v) return v;
  return onnx_elementwise(imp, node, v, per_axis(imp, node, to_float(imp, node, zp), rank, axis),
                          TRT_ELEMENTWISE_SUB);
}

static int rank_of(OnnxImporter *imp, OnnxNode *node, TrtTensor *t) {
  TrtDataType type;
  TrtDims d;
  return t && onnx_need_info(imp, node, t, &type, &d) == TRT_STATUS_OK ? d.nb_dims : -1;
}

static TrtTensor *cast_to(OnnxImporter *imp, OnnxNode *node, TrtTensor *t, TrtDataType to) {
  TrtCastParams p = {.to = to};
  return t ? onnx_add1(imp, node, TRT_LAYER_CAST, &t, 1, &p) : NULL;
}

/* round(v) + zero point, clipped to the integer type's range and cast. */
static TrtTensor *saturate(OnnxImporter *imp, OnnxNode *node, TrtTensor *v, TrtTensor *zp_float,
                           TrtDataType out) {
  v = onnx_unary(imp, node, v, TRT_UNARY_ROUND);
  if (zp_float) v = onnx_elementwise(imp, node, v, zp_float, TRT_ELEMENTWISE_ADD);
  bool is_signed = out == TRT_DATA_TYPE_INT8;
  v = onnx_activation(imp, node, v, TRT_ACTIVATION_CLIP, is_signed ? -128.0f : 0.0f,
                      is_signed ? 127.0f : 255.0f);
  TrtCastParams p = {.to = out};
  return v ? onnx_add1(imp, node, TRT_LAYER_CAST, &v, 1, &p) : NULL;
}

static bool quant_type(OnnxImporter *imp, OnnxNode *node, TrtTensor *zp, TrtDataType *out) {
  TrtDims dims;
  *out = TRT_DATA_TYPE_UINT8;
  if (zp && onnx_need_info(imp, node, zp, out, &dims) != TRT_STATUS_OK) return false;
  if (*out != TRT_DATA_TYPE_UINT8 && *out != TRT_DATA_TYPE_INT8) {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "only uint8 and int8 quantization are supported (zero point is %s)",
                   trt_data_type_name(*out));
    return false;
  }
  return true;
}

ONNX_CONVERTER(onnx_quantize_linear) {
  TrtTensor *x = onnx_input(imp, node, 0), *scale = x ? onnx_input(imp, node, 1) : NULL;
  if (!scale) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *zp = onnx_optional_input(node, 2);
  TrtDataType out;
  if (!quant_type(imp, node, zp, &out)) return TRT_STATUS_UNSUPPORTED;
  TrtTensor *xf = to_float(imp, node, x);
  TrtTensor *q = onnx_elementwise(imp, node, xf, along_axis(imp, node, x, scale),
                                  TRT_ELEMENTWISE_DIV);
  TrtTensor *zpf = zp ? along_axis(imp, node, x, to_float(imp, node, zp)) : NULL;
  if (!q || (zp && !zpf)) return TRT_STATUS_INVALID_ARGUMENT;
  return onnx_output(imp, node, saturate(imp, node, q, zpf, out));
}

ONNX_CONVERTER(onnx_dequantize_linear) {
  TrtTensor *x = onnx_input(imp, node, 0), *scale = x ? onnx_input(imp, node, 1) : NULL;
  if (!scale) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *zp = onnx_optional_input(node, 2);
  TrtTensor *v = to_float(imp, node, x);
  if (zp) v = onnx_elementwise(imp, node, v, along_axis(imp, node, x, to_float(imp, node, zp)),
                               TRT_ELEMENTWISE_SUB);
  return onnx_output(imp, node, onnx_elementwise(imp, node, v, along_axis(imp, node, x, scale),
                                                 TRT_ELEMENTWISE_MUL));
}

/* DynamicQuantizeLinear: uint8 with scale = (max(0, max x) - min(0, min x))
 * / 255 and zero point = saturate(round(-min(0, min x) / scale)). */
ONNX_CONVERTER(onnx_dynamic_quantize_linear) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *zero = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 0);
  TrtReduceParams lo_p = {.op = TRT_REDUCE_MIN}, hi_p = {.op = TRT_REDUCE_MAX};
  TrtTensor *lo = onnx_elementwise(imp, node, onnx_add1(imp, node, TRT_LAYER_REDUCE, &x, 1, &lo_p),
                                   zero, TRT_ELEMENTWISE_MIN);
  TrtTensor *hi = onnx_elementwise(imp, node, onnx_add1(imp, node, TRT_LAYER_REDUCE, &x, 1, &hi_p),
                                   zero, TRT_ELEMENTWISE_MAX);
  TrtTensor *range = onnx_elementwise(imp, node, hi, lo, TRT_ELEMENTWISE_SUB);
  TrtTensor *scale = onnx_elementwise(imp, node, range,
                                      onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 255),
                                      TRT_ELEMENTWISE_DIV);
  TrtTensor *neg = onnx_elementwise(imp, node, zero, lo, TRT_ELEMENTWISE_SUB);
  TrtTensor *zp = saturate(imp, node, onnx_elementwise(imp, node, neg, scale, TRT_ELEMENTWISE_DIV),
                           NULL, TRT_DATA_TYPE_UINT8);
  TrtCastParams fp = {.to = TRT_DATA_TYPE_FLOAT};
  TrtTensor *zpf = zp ? onnx_add1(imp, node, TRT_LAYER_CAST, &zp, 1, &fp) : NULL;
  TrtTensor *y = saturate(imp, node, onnx_elementwise(imp, node, x, scale, TRT_ELEMENTWISE_DIV),
                          zpf, TRT_DATA_TYPE_UINT8);
  if (!y || !zpf) return TRT_STATUS_INVALID_ARGUMENT;
  TrtStatus s = onnx_set_output(imp, node, 0, y);
  if (s == TRT_STATUS_OK) s = onnx_set_output(imp, node, 1, scale);
  return s == TRT_STATUS_OK ? onnx_set_output(imp, node, 2, zp) : s;
}

/* ConvInteger: Conv((x - x_zp), (w - w_zp)) in float32 (exact for 8-bit
 * operands) cast to int32; w_zp may be per output channel. */
ONNX_CONVERTER(onnx_conv_integer) {
  TrtTensor *x = onnx_input(imp, node, 0), *w = x ? onnx_input(imp, node, 1) : NULL;
  int rank = rank_of(imp, node, w);
  if (!w || rank < 3) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *xc = centered(imp, node, x, onnx_optional_input(node, 2), rank, 1);
  TrtTensor *wc = centered(imp, node, w, onnx_optional_input(node, 3), rank, 0);
  TrtTensor *y = xc && wc ? onnx_conv_layer(imp, node, xc, wc, NULL, false) : NULL;
  return onnx_output(imp, node, cast_to(imp, node, y, TRT_DATA_TYPE_INT32));
}

/* MatMulInteger: (a - a_zp) @ (b - b_zp) in float32, cast to int32; a_zp
 * may be per row of a, b_zp per column of b. */
ONNX_CONVERTER(onnx_matmul_integer) {
  TrtTensor *a = onnx_input(imp, node, 0), *b = a ? onnx_input(imp, node, 1) : NULL;
  int ra = rank_of(imp, node, a), rb = rank_of(imp, node, b);
  if (!b || ra < 1 || rb < 1) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *in[2] = {centered(imp, node, a, onnx_optional_input(node, 2), ra, ra - 2),
                      centered(imp, node, b, onnx_optional_input(node, 3), rb, rb - 1)};
  TrtMatMulParams p = {0};
  TrtTensor *y = in[0] && in[1] ? onnx_add1(imp, node, TRT_LAYER_MATMUL, in, 2, &p) : NULL;
  return onnx_output(imp, node, cast_to(imp, node, y, TRT_DATA_TYPE_INT32));
}

/* y = saturate(round(acc * (scale_a * scale_b / scale_y)) + zp_y), the
 * integer requantization of QLinearConv and QLinearMatMul. */
static TrtTensor *requantize(OnnxImporter *imp, OnnxNode *node, TrtTensor *acc, TrtTensor *sa,
                             TrtTensor *sb, TrtTensor *sy, TrtTensor *zy) {
  TrtDataType out;
  if (!quant_type(imp, node, zy, &out)) return NULL;
  TrtTensor *k = onnx_elementwise(imp, node, onnx_elementwise(imp, node, sa, sb, TRT_ELEMENTWISE_MUL),
                                  sy, TRT_ELEMENTWISE_DIV);
  return saturate(imp, node, onnx_elementwise(imp, node, acc, k, TRT_ELEMENTWISE_MUL),
                  to_float(imp, node, zy), out);
}

ONNX_CONVERTER(onnx_qlinear_matmul) {
  TrtTensor *in[8];
  for (int i = 0; i < 8; i++)
    if (!(in[i] = onnx_input(imp, node, i))) return TRT_STATUS_PARSE_ERROR;
  int ra = rank_of(imp, node, in[0]), rb = rank_of(imp, node, in[3]);
  if (ra < 1 || rb < 1) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *mm[2] = {centered(imp, node, in[0], in[2], ra, ra - 2),
                      centered(imp, node, in[3], in[5], rb, rb - 1)};
  TrtMatMulParams p = {0};
  TrtTensor *acc = mm[0] && mm[1] ? onnx_add1(imp, node, TRT_LAYER_MATMUL, mm, 2, &p) : NULL;
  TrtTensor *sa = per_axis(imp, node, in[1], ra, ra - 2);
  TrtTensor *sb = per_axis(imp, node, in[4], rb, rb - 1);
  return onnx_output(imp, node, acc ? requantize(imp, node, acc, sa, sb, in[6], in[7]) : NULL);
}

ONNX_CONVERTER(onnx_qlinear_conv) {
  TrtTensor *in[8];
  for (int i = 0; i < 8; i++)
    if (!(in[i] = onnx_input(imp, node, i))) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *bias = onnx_optional_input(node, 8);
  int rank = rank_of(imp, node, in[3]);
  if (rank < 3) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *xc = centered(imp, node, in[0], in[2], rank, 1);
  TrtTensor *wc = centered(imp, node, in[3], in[5], rank, 0);
  TrtTensor *bf = bias ? to_float(imp, node, bias) : NULL;
  TrtTensor *acc = xc && wc && (bf || !bias) ? onnx_conv_layer(imp, node, xc, wc, bf, false)
                                             : NULL;
  /* A per-output-channel weight scale runs along the output's dim 1. */
  TrtTensor *ws = per_axis(imp, node, in[4], rank, 1);
  return onnx_output(imp, node, acc ? requantize(imp, node, acc, in[1], ws, in[6], in[7]) : NULL);
}
