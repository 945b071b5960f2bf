/* Converters: binary arithmetic, comparison and logic, the variadic
 * Sum/Max/Min/Mean, unary math, Where and IsInf. */
#include <string.h>

#include "onnx-importer.h"

static const struct {
  const char *op;
  TrtElementwiseOp kind;
} binaries[] = {
    {"Add", TRT_ELEMENTWISE_ADD},         {"Sub", TRT_ELEMENTWISE_SUB},
    {"Mul", TRT_ELEMENTWISE_MUL},         {"Div", TRT_ELEMENTWISE_DIV},
    {"Pow", TRT_ELEMENTWISE_POW},         {"Equal", TRT_ELEMENTWISE_EQUAL},
    {"Less", TRT_ELEMENTWISE_LESS},       {"LessOrEqual", TRT_ELEMENTWISE_LESS_EQUAL},
    {"Greater", TRT_ELEMENTWISE_GREATER}, {"GreaterOrEqual", TRT_ELEMENTWISE_GREATER_EQUAL},
    {"And", TRT_ELEMENTWISE_AND},         {"Or", TRT_ELEMENTWISE_OR},
    {"Xor", TRT_ELEMENTWISE_XOR},
};

/* Before opset 7, `broadcast` = 1 with `axis` aligned B's dims with A's
 * starting at axis: B gets trailing unit dims so NumPy rules do the same. */
static TrtTensor *legacy_broadcast(OnnxImporter *imp, OnnxNode *node, TrtTensor *a,
                                   TrtTensor *b) {
  if (imp->opset >= 7 || !onnx_attr_int(node, "broadcast", 0) || !onnx_attr(node, "axis"))
    return b;
  TrtDataType type;
  TrtDims da, db;
  if (onnx_need_info(imp, node, a, &type, &da) != TRT_STATUS_OK ||
      onnx_need_info(imp, node, b, &type, &db) != TRT_STATUS_OK)
    return NULL;
  int64_t axis = onnx_attr_int(node, "axis", 0);
  if (axis < 0) axis += da.nb_dims;
  int64_t extra = da.nb_dims - axis - db.nb_dims;
  if (extra <= 0) return b;
  int64_t axes[TRT_MAX_DIMS];
  for (int64_t i = 0; i < extra && i < TRT_MAX_DIMS; i++) axes[i] = db.nb_dims + i;
  TrtTensor *in[2] = {b, onnx_const_i64(imp, node, axes, (int)extra)};
  TrtAxesParams p = {0};
  return in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &p) : NULL;
}

ONNX_CONVERTER(onnx_binary) {
  TrtTensor *a = onnx_input(imp, node, 0), *b = a ? onnx_input(imp, node, 1) : NULL;
  if (!b) return TRT_STATUS_PARSE_ERROR;
  b = legacy_broadcast(imp, node, a, b);
  if (!b) return TRT_STATUS_UNSUPPORTED;
  for (size_t i = 0; i < sizeof binaries / sizeof *binaries; i++)
    if (strcmp(binaries[i].op, node->op) == 0)
      return onnx_output(imp, node, onnx_elementwise(imp, node, a, b, binaries[i].kind));
  return onnx_node_fail(imp, node, TRT_STATUS_INTERNAL_ERROR, "no elementwise op for it");
}

ONNX_CONVERTER(onnx_mod) {
  TrtTensor *a = onnx_input(imp, node, 0), *b = a ? onnx_input(imp, node, 1) : NULL;
  if (!b) return TRT_STATUS_PARSE_ERROR;
  TrtElementwiseOp op = onnx_attr_int(node, "fmod", 0) ? TRT_ELEMENTWISE_FMOD
                                                        : TRT_ELEMENTWISE_MOD;
  return onnx_output(imp, node, onnx_elementwise(imp, node, a, b, op));
}

/* Sum, Max, Min, Mean over any number of inputs: a chain of binary layers;
 * Mean divides by the count at the end. */
ONNX_CONVERTER(onnx_variadic) {
  bool mean = strcmp(node->op, "Mean") == 0;
  TrtElementwiseOp op = !strcmp(node->op, "Max")   ? TRT_ELEMENTWISE_MAX
                        : !strcmp(node->op, "Min") ? TRT_ELEMENTWISE_MIN
                                                   : TRT_ELEMENTWISE_ADD;
  if (node->nb_inputs < 1)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "needs at least one input");
  TrtTensor *acc = onnx_input(imp, node, 0);
  for (int i = 1; i < node->nb_inputs && acc; i++) {
    TrtTensor *next = onnx_input(imp, node, i);
    acc = next ? onnx_elementwise(imp, node, acc, next, op) : NULL;
  }
  if (acc && mean && node->nb_inputs > 1) {
    TrtTensor *count = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, node->nb_inputs);
    acc = onnx_elementwise(imp, node, acc, count, TRT_ELEMENTWISE_DIV);
  }
  return acc ? onnx_set_output(imp, node, 0, acc) : TRT_STATUS_INVALID_ARGUMENT;
}

static const struct {
  const char *op;
  TrtUnaryOp kind;
} unaries[] = {
    {"Abs", TRT_UNARY_ABS},     {"Neg", TRT_UNARY_NEG},     {"Exp", TRT_UNARY_EXP},
    {"Log", TRT_UNARY_LOG},     {"Sqrt", TRT_UNARY_SQRT},   {"Reciprocal", TRT_UNARY_RECIPROCAL},
    {"Floor", TRT_UNARY_FLOOR}, {"Ceil", TRT_UNARY_CEIL},   {"Round", TRT_UNARY_ROUND},
    {"Sin", TRT_UNARY_SIN},     {"Cos", TRT_UNARY_COS},     {"Tan", TRT_UNARY_TAN},
    {"Asin", TRT_UNARY_ASIN},   {"Acos", TRT_UNARY_ACOS},   {"Atan", TRT_UNARY_ATAN},
    {"Sinh", TRT_UNARY_SINH},   {"Cosh", TRT_UNARY_COSH},   {"Asinh", TRT_UNARY_ASINH},
    {"Acosh", TRT_UNARY_ACOSH}, {"Atanh", TRT_UNARY_ATANH}, {"Erf", TRT_UNARY_ERF},
    {"Sign", TRT_UNARY_SIGN},   {"Not", TRT_UNARY_NOT},     {"IsNaN", TRT_UNARY_ISNAN},
};

ONNX_CONVERTER(onnx_unary_op) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  for (size_t i = 0; i < sizeof unaries / sizeof *unaries; i++)
    if (strcmp(unaries[i].op, node->op) == 0)
      return onnx_output(imp, node, onnx_unary(imp, node, x, unaries[i].kind));
  return onnx_node_fail(imp, node, TRT_STATUS_INTERNAL_ERROR, "no unary op for it");
}

/* IsInf with detect_negative / detect_positive: ISINF and the sign. */
ONNX_CONVERTER(onnx_is_inf) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  bool neg = onnx_attr_int(node, "detect_negative", 1) != 0;
  bool pos = onnx_attr_int(node, "detect_positive", 1) != 0;
  TrtTensor *inf = onnx_unary(imp, node, x, TRT_UNARY_ISINF);
  if (inf && neg != pos) {
    TrtTensor *zero = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 0);
    TrtTensor *side = onnx_elementwise(imp, node, x, zero,
                                       pos ? TRT_ELEMENTWISE_GREATER : TRT_ELEMENTWISE_LESS);
    inf = onnx_elementwise(imp, node, inf, side, TRT_ELEMENTWISE_AND);
  } else if (inf && !neg && !pos) {
    /* Detects nothing: all false, of x's shape. */
    TrtTensor *no = onnx_scalar(imp, node, TRT_DATA_TYPE_BOOL, 0);
    inf = onnx_elementwise(imp, node, inf, no, TRT_ELEMENTWISE_AND);
  }
  return onnx_output(imp, node, inf);
}

ONNX_CONVERTER(onnx_where) {
  TrtTensor *in[3];
  for (int i = 0; i < 3; i++)
    if (!(in[i] = onnx_input(imp, node, i))) return TRT_STATUS_PARSE_ERROR;
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_SELECT, in, 3, NULL));
}

/* BitShift of unsigned integers: x * 2^y (LEFT) or x / 2^y (RIGHT, which
 * truncates like a shift for non-negative values), 2^y computed in float32
 * (exact below 2^24) and cast to x's type. */
ONNX_CONVERTER(onnx_bit_shift) {
  TrtTensor *x = onnx_input(imp, node, 0), *y = x ? onnx_input(imp, node, 1) : NULL;
  if (!y) return TRT_STATUS_PARSE_ERROR;
  char buf[16];
  const char *dir = onnx_attr_string(node, "direction", "", buf, sizeof buf);
  if (strcmp(dir, "LEFT") && strcmp(dir, "RIGHT"))
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                          "direction must be LEFT or RIGHT, not '%s'", dir);
  TrtDataType type;
  TrtDims dims;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &dims);
  if (s != TRT_STATUS_OK) return s;
  TrtCastParams to_float = {.to = TRT_DATA_TYPE_FLOAT}, back = {.to = type};
  TrtTensor *yf = onnx_add1(imp, node, TRT_LAYER_CAST, &y, 1, &to_float);
  TrtTensor *pow2 = onnx_elementwise(imp, node, onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 2),
                                     yf, TRT_ELEMENTWISE_POW);
  TrtTensor *factor = pow2 ? onnx_add1(imp, node, TRT_LAYER_CAST, &pow2, 1, &back) : NULL;
  return onnx_output(imp, node, onnx_elementwise(imp, node, x, factor,
                                                 strcmp(dir, "LEFT") ? TRT_ELEMENTWISE_DIV
                                                                     : TRT_ELEMENTWISE_MUL));
}
