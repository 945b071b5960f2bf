/* Converters: activations (one table from op type to activation kind with
 * its attribute defaults), Clip, PRelu and Shrink. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "onnx-importer.h"

static const struct {
  const char *op;
  TrtActivationType type;
  const char *alpha_name, *beta_name; /* attributes, or NULL */
  float alpha, beta;                  /* their defaults */
} activations[] = {
    {"Relu", TRT_ACTIVATION_RELU, NULL, NULL, 0, 0},
    {"LeakyRelu", TRT_ACTIVATION_LEAKY_RELU, "alpha", NULL, 0.01f, 0},
    {"Sigmoid", TRT_ACTIVATION_SIGMOID, NULL, NULL, 0, 0},
    {"Tanh", TRT_ACTIVATION_TANH, NULL, NULL, 0, 0},
    {"Elu", TRT_ACTIVATION_ELU, "alpha", NULL, 1.0f, 0},
    {"Selu", TRT_ACTIVATION_SELU, "alpha", "gamma", 1.67326319217681884765625f,
     1.05070102214813232421875f},
    {"Softplus", TRT_ACTIVATION_SOFTPLUS, NULL, NULL, 0, 0},
    {"Softsign", TRT_ACTIVATION_SOFTSIGN, NULL, NULL, 0, 0},
    {"HardSigmoid", TRT_ACTIVATION_HARD_SIGMOID, "alpha", "beta", 0.2f, 0.5f},
    {"HardSwish", TRT_ACTIVATION_HARD_SWISH, NULL, NULL, 0, 0},
    {"Mish", TRT_ACTIVATION_MISH, NULL, NULL, 0, 0},
    {"ThresholdedRelu", TRT_ACTIVATION_THRESHOLDED_RELU, "alpha", NULL, 1.0f, 0},
    {"Celu", TRT_ACTIVATION_CELU, "alpha", NULL, 1.0f, 0},
};

ONNX_CONVERTER(onnx_activation_op) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  for (size_t i = 0; i < sizeof activations / sizeof *activations; i++) {
    if (strcmp(activations[i].op, node->op) != 0) continue;
    float alpha = activations[i].alpha_name
                      ? onnx_attr_float(node, activations[i].alpha_name, activations[i].alpha)
                      : 0.0f;
    float beta = activations[i].beta_name
                     ? onnx_attr_float(node, activations[i].beta_name, activations[i].beta)
                     : 0.0f;
    return onnx_output(imp, node, onnx_activation(imp, node, x, activations[i].type, alpha, beta));
  }
  return onnx_node_fail(imp, node, TRT_STATUS_INTERNAL_ERROR, "no activation for this op");
}

/* Gelu (opset 20): approximate "none" (erf) or "tanh". */
ONNX_CONVERTER(onnx_gelu) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  char buf[16];
  const char *a = onnx_attr_string(node, "approximate", "none", buf, sizeof buf);
  if (strcmp(a, "none") != 0 && strcmp(a, "tanh") != 0)
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "approximate '%s'", a);
  return onnx_output(imp, node, onnx_activation(imp, node, x, TRT_ACTIVATION_GELU, 0,
                                                strcmp(a, "tanh") == 0 ? 1.0f : 0.0f));
}

/* Clip: bounds from attributes before opset 11, from optional inputs
 * after. float32 with bounds known now becomes a CLIP activation; other
 * types or bounds known only later become a Max then a Min. */
ONNX_CONVERTER(onnx_clip) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  if (imp->opset < 11)
    return onnx_output(imp, node, onnx_activation(imp, node, x, TRT_ACTIVATION_CLIP,
                                                  onnx_attr_float(node, "min", -FLT_MAX),
                                                  onnx_attr_float(node, "max", FLT_MAX)));
  TrtTensor *lo = onnx_optional_input(node, 1), *hi = onnx_optional_input(node, 2);
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  double lv = -INFINITY, hv = INFINITY;
  bool known = (!lo || onnx_const_values_f64(lo, &lv, 1) == 1) &&
               (!hi || onnx_const_values_f64(hi, &hv, 1) == 1);
  if (type == TRT_DATA_TYPE_FLOAT && known)
    return onnx_output(imp, node, onnx_activation(imp, node, x, TRT_ACTIVATION_CLIP,
                                                  (float)lv, (float)hv));
  TrtTensor *y = x;
  if (lo) y = onnx_elementwise(imp, node, y, lo, TRT_ELEMENTWISE_MAX);
  if (hi) y = onnx_elementwise(imp, node, y, hi, TRT_ELEMENTWISE_MIN);
  if (!lo && !hi) y = onnx_add1(imp, node, TRT_LAYER_IDENTITY, &x, 1, NULL);
  return onnx_output(imp, node, y);
}

/* Before opset 7 a 1-D slope ran along the channels (dim 1), not NumPy
 * broadcasting from the right: give it trailing unit dims. */
static TrtTensor *legacy_slope(OnnxImporter *imp, OnnxNode *node, TrtTensor *x,
                               TrtTensor *slope) {
  TrtDataType type;
  TrtDims xd, sd;
  if (imp->opset >= 7) return slope;
  if (onnx_need_info(imp, node, x, &type, &xd) != TRT_STATUS_OK ||
      onnx_need_info(imp, node, slope, &type, &sd) != TRT_STATUS_OK)
    return NULL;
  if (sd.nb_dims != 1 || sd.d[0] == 1 || xd.nb_dims <= 2) return slope;
  int64_t axes[TRT_MAX_DIMS];
  for (int i = 0; i < xd.nb_dims - 2; i++) axes[i] = i + 1;
  TrtTensor *in[2] = {slope, onnx_const_i64(imp, node, axes, xd.nb_dims - 2)};
  TrtAxesParams p = {0};
  return in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &p) : NULL;
}

ONNX_CONVERTER(onnx_prelu) {
  TrtTensor *x = onnx_input(imp, node, 0), *slope = x ? onnx_input(imp, node, 1) : NULL;
  if (!slope) return TRT_STATUS_PARSE_ERROR;
  slope = legacy_slope(imp, node, x, slope);
  if (!slope) return TRT_STATUS_UNSUPPORTED;
  return onnx_output(imp, node, onnx_elementwise(imp, node, x, slope, TRT_ELEMENTWISE_PRELU));
}

/* Shrink: x < -lambd ? x + bias : x > lambd ? x - bias : 0. */
ONNX_CONVERTER(onnx_shrink) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  double lambd = onnx_attr_float(node, "lambd", 0.5f), bias = onnx_attr_float(node, "bias", 0);
  TrtTensor *lo = onnx_scalar(imp, node, type, -lambd), *hi = onnx_scalar(imp, node, type, lambd);
  TrtTensor *b = onnx_scalar(imp, node, type, bias), *zero = onnx_scalar(imp, node, type, 0);
  TrtTensor *below = onnx_elementwise(imp, node, x, lo, TRT_ELEMENTWISE_LESS);
  TrtTensor *above = onnx_elementwise(imp, node, x, hi, TRT_ELEMENTWISE_GREATER);
  TrtTensor *plus = onnx_elementwise(imp, node, x, b, TRT_ELEMENTWISE_ADD);
  TrtTensor *minus = onnx_elementwise(imp, node, x, b, TRT_ELEMENTWISE_SUB);
  if (!below || !above || !plus || !minus || !zero) return TRT_STATUS_INVALID_ARGUMENT;
  TrtTensor *in1[3] = {above, minus, zero};
  TrtTensor *upper = onnx_add1(imp, node, TRT_LAYER_SELECT, in1, 3, NULL);
  TrtTensor *in2[3] = {below, plus, upper};
  return onnx_output(imp, node, upper ? onnx_add1(imp, node, TRT_LAYER_SELECT, in2, 3, NULL)
                                      : NULL);
}
