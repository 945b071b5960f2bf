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

/* A per-axis (1-D) scale or zero point, shaped to broadcast along `axis`
 * of x; scalars are returned as they are. */
static TrtTensor *along_axis(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, TrtTensor *v) {
  TrtDataType type;
  TrtDims xd, vd;
  if (!v || onnx_need_info(imp, node, v, &type, &vd) != TRT_STATUS_OK ||
      onnx_need_info(imp, node, x, &type, &xd) != TRT_STATUS_OK)
    return NULL;
  if (vd.nb_dims == 0) return v;
  int a;
  if (vd.nb_dims != 1 || !trt_normalize_axis(onnx_attr_int(node, "axis", 1), xd.nb_dims, &a)) {
    onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                   "scale and zero point must be scalars or 1-D along a valid axis");
    return NULL;
  }
  int64_t axes[TRT_MAX_DIMS];
  int n = 0;
  for (int i = 0; i < xd.nb_dims; i++)
    if (i != a) axes[n++] = i;
  if (n == 0) return v;
  TrtTensor *in[2] = {v, onnx_const_i64(imp, node, axes, n)};
  TrtAxesParams p = {0};
  return in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &p) : NULL;
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
