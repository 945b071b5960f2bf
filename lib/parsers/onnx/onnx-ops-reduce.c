/* Converters: reductions, ArgMax/ArgMin, TopK, CumSum and Einsum. */
#include <ctype.h>
#include <string.h>

#include "onnx-importer.h"

static const struct {
  const char *op;
  TrtReduceOp kind;
  int64_t axes_input_since; /* opset where axes moved from attribute to input */
} reductions[] = {
    {"ReduceSum", TRT_REDUCE_SUM, 13},
    {"ReduceMean", TRT_REDUCE_MEAN, 18},
    {"ReduceMax", TRT_REDUCE_MAX, 18},
    {"ReduceMin", TRT_REDUCE_MIN, 18},
    {"ReduceProd", TRT_REDUCE_PROD, 18},
    {"ReduceL1", TRT_REDUCE_L1, 18},
    {"ReduceL2", TRT_REDUCE_L2, 18},
    {"ReduceLogSum", TRT_REDUCE_LOG_SUM, 18},
    {"ReduceLogSumExp", TRT_REDUCE_LOG_SUM_EXP, 18},
    {"ReduceSumSquare", TRT_REDUCE_SUM_SQUARE, 18},
};

ONNX_CONVERTER(onnx_reduce) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  for (size_t i = 0; i < sizeof reductions / sizeof *reductions; i++) {
    if (strcmp(reductions[i].op, node->op) != 0) continue;
    TrtReduceParams p = {.op = reductions[i].kind,
                         .keep_dims = (int32_t)onnx_attr_int(node, "keepdims", 1),
                         .noop_with_empty_axes =
                             (int32_t)onnx_attr_int(node, "noop_with_empty_axes", 0)};
    TrtTensor *axes;
    TrtStatus s = onnx_axes_input(imp, node, reductions[i].axes_input_since, 1, &axes);
    if (s != TRT_STATUS_OK) return s;
    /* An empty constant is the same as no axes. */
    TrtDims d = axes ? trt_tensor_get_dims(axes) : (TrtDims){0};
    if (axes && trt_tensor_is_constant(axes) && trt_dims_volume(&d) == 0) axes = NULL;
    TrtTensor *in[2] = {x, axes};
    return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_REDUCE, in, axes ? 2 : 1, &p));
  }
  return onnx_node_fail(imp, node, TRT_STATUS_INTERNAL_ERROR, "no reduction for it");
}

ONNX_CONVERTER(onnx_arg_reduce) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtArgReduceParams p = {
      .op = strcmp(node->op, "ArgMin") == 0 ? TRT_REDUCE_MIN : TRT_REDUCE_MAX,
      .axis = (int32_t)onnx_attr_int(node, "axis", 0),
      .keep_dims = (int32_t)onnx_attr_int(node, "keepdims", 1),
      .select_last_index = (int32_t)onnx_attr_int(node, "select_last_index", 0)};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_ARG_REDUCE, &x, 1, &p));
}

ONNX_CONVERTER(onnx_topk) {
  TrtTensor *in[2] = {onnx_input(imp, node, 0), NULL};
  if (!in[0]) return TRT_STATUS_PARSE_ERROR;
  if (imp->opset < 10) {
    if (!onnx_attr(node, "k"))
      return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "attribute 'k' is required");
    int64_t k = onnx_attr_int(node, "k", 0);
    in[1] = onnx_const_i64(imp, node, &k, 1);
  } else {
    in[1] = onnx_input(imp, node, 1);
  }
  if (!in[1]) return TRT_STATUS_PARSE_ERROR;
  TrtTopKParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", -1),
                     .largest = (int32_t)onnx_attr_int(node, "largest", 1),
                     .sorted = (int32_t)onnx_attr_int(node, "sorted", 1)};
  TrtLayer *l = onnx_add_layer(imp, node, TRT_LAYER_TOPK, in, 2, &p, 2);
  if (!l) return TRT_STATUS_INVALID_ARGUMENT;
  TrtStatus s = onnx_set_output(imp, node, 0, trt_layer_get_output(l, 0));
  return s == TRT_STATUS_OK ? onnx_set_output(imp, node, 1, trt_layer_get_output(l, 1)) : s;
}

ONNX_CONVERTER(onnx_cumsum) {
  TrtTensor *in[2] = {onnx_input(imp, node, 0), NULL};
  if (!in[0] || !(in[1] = onnx_input(imp, node, 1))) return TRT_STATUS_PARSE_ERROR;
  TrtCumSumParams p = {.exclusive = (int32_t)onnx_attr_int(node, "exclusive", 0),
                       .reverse = (int32_t)onnx_attr_int(node, "reverse", 0)};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_CUMSUM, in, 2, &p));
}

/* ---- Einsum -------------------------------------------------------------------
 * Each operand is transposed into one common label order and unsqueezed
 * where it lacks a label, the operands are multiplied (broadcasting does the
 * outer product) and the labels absent from the output are summed away.
 * Output labels come first in that order, so the result needs no final
 * transpose. Repeated labels in one operand (diagonals) and ellipses are
 * refused. */

#define EINSUM_MAX_OPERANDS 8

typedef struct {
  int nb_operands;
  char labels[EINSUM_MAX_OPERANDS][TRT_MAX_DIMS + 1];
  char output[TRT_MAX_DIMS + 1];
  char all[2 * TRT_MAX_DIMS + 1]; /* output labels, then summed ones */
} EinsumSpec;

static bool einsum_parse(const char *eq, EinsumSpec *spec, const char **why) {
  memset(spec, 0, sizeof *spec);
  int counts[128] = {0};
  const char *arrow = strstr(eq, "->");
  int op = 0, len = 0;
  for (const char *c = eq; *c && c != arrow; c++) {
    if (isspace((unsigned char)*c)) continue;
    if (*c == ',') {
      if (++op >= EINSUM_MAX_OPERANDS) return *why = "too many operands", false;
      len = 0;
      continue;
    }
    if (*c == '.') return *why = "ellipses are not supported", false;
    if (!isalpha((unsigned char)*c) || len >= TRT_MAX_DIMS)
      return *why = "bad label or too many dims", false;
    if (strchr(spec->labels[op], *c))
      return *why = "repeated labels in one operand (diagonals) are not supported", false;
    spec->labels[op][len++] = *c;
    counts[(int)*c]++;
  }
  spec->nb_operands = op + 1;
  len = 0;
  if (arrow) {
    for (const char *c = arrow + 2; *c; c++) {
      if (isspace((unsigned char)*c)) continue;
      if (!isalpha((unsigned char)*c) || !counts[(int)*c] || len >= TRT_MAX_DIMS ||
          strchr(spec->output, *c))
        return *why = "bad output labels", false;
      spec->output[len++] = *c;
    }
  } else { /* implicit output: labels used once, in alphabetical order */
    for (int c = 'A'; c <= 'z'; c++)
      if (counts[c] == 1 && len < TRT_MAX_DIMS) spec->output[len++] = (char)c;
  }
  strcpy(spec->all, spec->output);
  int n = len;
  for (int c = 'A'; c <= 'z'; c++)
    if (counts[c] && !strchr(spec->output, c)) {
      if (n >= TRT_MAX_DIMS) return *why = "too many labels", false;
      spec->all[n++] = (char)c;
    }
  return true;
}

/* Operand t (labels `lab`) in the order of spec->all, unit dims where it
 * lacks a label. */
static TrtTensor *einsum_align(OnnxImporter *imp, OnnxNode *node, const EinsumSpec *spec,
                               TrtTensor *t, const char *lab) {
  int rank = (int)strlen(lab), total = (int)strlen(spec->all);
  TrtTransposeParams tp = {.nb_perm = rank};
  int k = 0;
  for (int pos = 0; pos < total; pos++) {
    const char *at = strchr(lab, spec->all[pos]);
    if (at) tp.perm[k++] = (int32_t)(at - lab);
  }
  if (rank > 1) t = onnx_add1(imp, node, TRT_LAYER_TRANSPOSE, &t, 1, &tp);
  int64_t missing[2 * TRT_MAX_DIMS];
  int nm = 0;
  for (int pos = 0; pos < total; pos++)
    if (!strchr(lab, spec->all[pos])) missing[nm++] = pos;
  if (!t || nm == 0) return t;
  TrtTensor *in[2] = {t, onnx_const_i64(imp, node, missing, nm)};
  TrtAxesParams up = {0};
  return in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &up) : NULL;
}

ONNX_CONVERTER(onnx_einsum) {
  char eq[256];
  const char *why = NULL;
  EinsumSpec spec;
  if (!onnx_attr(node, "equation"))
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "attribute 'equation' is required");
  onnx_attr_string(node, "equation", "", eq, sizeof eq);
  if (!einsum_parse(eq, &spec, &why))
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "equation '%s': %s", eq, why);
  if (spec.nb_operands != node->nb_inputs)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                          "equation '%s' has %d operands for %d inputs", eq,
                          spec.nb_operands, node->nb_inputs);
  TrtTensor *acc = NULL;
  for (int i = 0; i < spec.nb_operands; i++) {
    TrtTensor *x = onnx_input(imp, node, i);
    TrtDataType type;
    TrtDims dims;
    if (!x || onnx_need_info(imp, node, x, &type, &dims) != TRT_STATUS_OK)
      return TRT_STATUS_UNSUPPORTED;
    if (dims.nb_dims != (int)strlen(spec.labels[i]))
      return onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                            "operand %d has rank %d but %zu labels", i, dims.nb_dims,
                            strlen(spec.labels[i]));
    TrtTensor *aligned = einsum_align(imp, node, &spec, x, spec.labels[i]);
    acc = !acc ? aligned : onnx_elementwise(imp, node, acc, aligned, TRT_ELEMENTWISE_MUL);
    if (!acc) return TRT_STATUS_INVALID_ARGUMENT;
  }
  int nout = (int)strlen(spec.output), total = (int)strlen(spec.all);
  if (total > nout) {
    TrtReduceParams rp = {.op = TRT_REDUCE_SUM, .keep_dims = 0, .nb_axes = total - nout};
    for (int i = nout; i < total; i++) rp.axes[i - nout] = i;
    acc = onnx_add1(imp, node, TRT_LAYER_REDUCE, &acc, 1, &rp);
  }
  return acc ? onnx_set_output(imp, node, 0, acc) : TRT_STATUS_INVALID_ARGUMENT;
}
