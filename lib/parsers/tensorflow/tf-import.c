/* The walk over a graph: which nodes the outputs need, in what order,
 * registered inputs, the converter of each op, and the outputs. Also the
 * messages and attribute readers converters share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf-import.h"

/* ---- ops ------------------------------------------------------------------------ */

static const struct {
  const char *op;
  TfConvertFn convert;
} converters[] = {
    {"Placeholder", tf_convert_placeholder},
    {"Const", tf_convert_const},
    {"Identity", tf_convert_identity},
    {"StopGradient", tf_convert_identity},
    {"Snapshot", tf_convert_identity},
    {"PreventGradient", tf_convert_identity},
    {"Conv2D", tf_convert_conv2d},
    {"DepthwiseConv2dNative", tf_convert_depthwise_conv2d},
    {"Conv2DBackpropInput", tf_convert_conv2d_backprop_input},
    {"MaxPool", tf_convert_max_pool},
    {"AvgPool", tf_convert_avg_pool},
    {"BiasAdd", tf_convert_bias_add},
    {"MatMul", tf_convert_matmul},
    {"BatchMatMul", tf_convert_batch_matmul},
    {"BatchMatMulV2", tf_convert_batch_matmul},
    {"FusedBatchNorm", tf_convert_fused_batch_norm},
    {"FusedBatchNormV2", tf_convert_fused_batch_norm},
    {"FusedBatchNormV3", tf_convert_fused_batch_norm},
    {"Softmax", tf_convert_softmax},
    {"LogSoftmax", tf_convert_log_softmax},
    {"ResizeBilinear", tf_convert_resize_bilinear},
    {"ResizeNearestNeighbor", tf_convert_resize_nearest},
    {"Add", tf_convert_add},
    {"AddV2", tf_convert_add},
    {"Sub", tf_convert_sub},
    {"Mul", tf_convert_mul},
    {"RealDiv", tf_convert_div},
    {"Div", tf_convert_div},
    {"Maximum", tf_convert_maximum},
    {"Minimum", tf_convert_minimum},
    {"Pow", tf_convert_pow},
    {"SquaredDifference", tf_convert_squared_difference},
    {"Relu", tf_convert_relu},
    {"Relu6", tf_convert_relu6},
    {"Elu", tf_convert_elu},
    {"Selu", tf_convert_selu},
    {"LeakyRelu", tf_convert_leaky_relu},
    {"Sigmoid", tf_convert_sigmoid},
    {"Tanh", tf_convert_tanh},
    {"Softplus", tf_convert_softplus},
    {"Softsign", tf_convert_softsign},
    {"Rsqrt", tf_convert_rsqrt},
    {"Sqrt", tf_convert_sqrt},
    {"Square", tf_convert_square},
    {"Exp", tf_convert_exp},
    {"Log", tf_convert_log},
    {"Neg", tf_convert_neg},
    {"Abs", tf_convert_abs},
    {"Reciprocal", tf_convert_reciprocal},
    {"Inv", tf_convert_reciprocal},
    {"Floor", tf_convert_floor},
    {"Ceil", tf_convert_ceil},
    {"Mean", tf_convert_mean},
    {"Sum", tf_convert_sum},
    {"Max", tf_convert_max},
    {"Min", tf_convert_min},
    {"Prod", tf_convert_prod},
    {"Cast", tf_convert_cast},
    {"Reshape", tf_convert_reshape},
    {"Flatten", tf_convert_flatten}, /* from UFF */
    {"Squeeze", tf_convert_squeeze},
    {"ExpandDims", tf_convert_expand_dims},
    {"Transpose", tf_convert_transpose},
    {"ConcatV2", tf_convert_concat_v2},
    {"Concat", tf_convert_concat},
    {"Pack", tf_convert_pack},
    {"Pad", tf_convert_pad},
    {"PadV2", tf_convert_pad},
    {"MirrorPad", tf_convert_mirror_pad},
    {"Shape", tf_convert_shape},
    {"StridedSlice", tf_convert_strided_slice},
    {"Fill", tf_convert_fill},
};

TfConvertFn tf_find_converter(const char *op) {
  for (size_t i = 0; i < sizeof converters / sizeof *converters; i++)
    if (strcmp(converters[i].op, op) == 0) return converters[i].convert;
  return NULL;
}

/* ---- messages ------------------------------------------------------------------- */

TrtStatus tf_fail(const TfImporter *imp, const TfNode *node, TrtStatus status, const char *fmt,
                  ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: node '%s' (%s): %s", imp->file, node->name,
          node->file_op, msg);
  return status;
}

TrtStatus tf_need_inputs(const TfImporter *imp, const TfNode *node, int min, int max) {
  if (node->nb_inputs >= min && (max < 0 || node->nb_inputs <= max)) return TRT_STATUS_OK;
  if (min == max)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "takes %d input%s, has %d", min,
                   min == 1 ? "" : "s", node->nb_inputs);
  if (max < 0)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "takes %d or more inputs, has %d",
                   min, node->nb_inputs);
  return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "takes %d to %d inputs, has %d", min,
                 max, node->nb_inputs);
}

/* ---- attributes ------------------------------------------------------------------- */

int64_t tf_attr_int(const TfNode *node, const char *name, int64_t fallback) {
  const TfAttr *a = tf_attr(node, name);
  return a && (a->kind == TF_ATTR_INT || a->kind == TF_ATTR_TYPE) ? a->i : fallback;
}

float tf_attr_float(const TfNode *node, const char *name, float fallback) {
  const TfAttr *a = tf_attr(node, name);
  if (a && a->kind == TF_ATTR_FLOAT) return a->f;
  return a && a->kind == TF_ATTR_INT ? (float)a->i : fallback;
}

bool tf_attr_bool(const TfNode *node, const char *name, bool fallback) {
  const TfAttr *a = tf_attr(node, name);
  if (a && a->kind == TF_ATTR_BOOL) return a->b;
  return a && a->kind == TF_ATTR_INT ? a->i != 0 : fallback;
}

bool tf_attr_is(const TfNode *node, const char *name, const char *text, bool fallback) {
  const TfAttr *a = tf_attr(node, name);
  if (!a || a->kind != TF_ATTR_STRING) return fallback;
  return a->s_len == strlen(text) && memcmp(a->s, text, a->s_len) == 0;
}

void tf_attr_string(const TfNode *node, const char *name, char *buf, size_t size) {
  const TfAttr *a = tf_attr(node, name);
  size_t n = a && a->kind == TF_ATTR_STRING ? a->s_len : 0;
  if (n >= size) n = size - 1;
  if (n) memcpy(buf, a->s, n);
  buf[n] = '\0';
}

bool tf_attr_ints(const TfImporter *imp, const TfNode *node, const char *name, int64_t *out,
                  int count, int max, int *got) {
  const TfAttr *a = tf_attr(node, name);
  if (!a) {
    if (got) {
      *got = 0;
      return true; /* optional */
    }
    tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the attribute '%s' is missing", name);
    return false;
  }
  if (a->kind != TF_ATTR_INTS || (count >= 0 && a->n != (size_t)count) || a->n > (size_t)max) {
    if (count >= 0)
      tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "'%s' must be a list of %d ints", name,
              count);
    else
      tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "'%s' must be a list of at most %d ints",
              name, max);
    return false;
  }
  for (size_t i = 0; i < a->n; i++) out[i] = a->ints[i];
  if (got) *got = (int)a->n;
  return true;
}

/* ---- inputs ------------------------------------------------------------------------ */

static const TrtUffInput *registered_input(const TfImporter *imp, const char *name) {
  for (int i = 0; i < imp->nb_inputs; i++)
    if (strcmp(imp->inputs[i].name, name) == 0) return &imp->inputs[i];
  return NULL;
}

/* ---- the walk ------------------------------------------------------------------------ */

typedef struct {
  int node;
  int next_input; /* the next input of the node to visit */
} WalkFrame;

enum { UNSEEN = 0, ON_PATH, DONE };

/* Converts node `root` after everything it reads, depth first without
 * recursion (graphs can be deep). A registered input reads nothing. */
static TrtStatus convert_from(TfImporter *imp, int root, uint8_t *state, WalkFrame *stack) {
  const TfGraph *g = imp->graph;
  if (state[root] == DONE) return TRT_STATUS_OK;
  int depth = 0;
  stack[depth++] = (WalkFrame){root, 0};
  state[root] = ON_PATH;
  while (depth) {
    WalkFrame *top = &stack[depth - 1];
    const TfNode *node = &g->nodes[top->node];
    bool is_input = registered_input(imp, node->name) != NULL;
    if (!is_input && top->next_input < node->nb_inputs) {
      int next = node->inputs[top->next_input++].node;
      if (state[next] == ON_PATH)
        return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                       "the graph has a cycle through '%s' (loops are not supported)",
                       g->nodes[next].name);
      if (state[next] == UNSEEN) {
        state[next] = ON_PATH;
        stack[depth++] = (WalkFrame){next, 0};
      }
      continue;
    }
    TfConvertFn convert = is_input ? tf_convert_placeholder : tf_find_converter(node->op);
    if (!convert)
      return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                     "the op '%s' is not supported (see parsers.h for the list)", node->op);
    TrtStatus s = convert(imp, node);
    if (s != TRT_STATUS_OK) return s;
    for (int k = 0; k < node->nb_outputs; k++)
      if (!imp->values[top->node][k].tensor)
        return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "output %d is not supported", k);
    state[top->node] = DONE;
    depth--;
  }
  return TRT_STATUS_OK;
}

/* Whether a node with nothing reading it counts as an output of the graph. */
static bool is_sink(const TfNode *node) {
  return node->nb_uses == 0 && strcmp(node->op, "Const") != 0 && strcmp(node->op, "NoOp") != 0 &&
         strcmp(node->op, "Placeholder") != 0;
}

typedef struct {
  int node, output;
  const char *text;
} OutputRef;

static TrtStatus find_outputs(TfImporter *imp, const char *const *names, int nb_names,
                              OutputRef **out, int *count) {
  TfGraph *g = imp->graph;
  const char *const *texts = names;
  int n = nb_names;
  if (!names) {
    texts = g->marked_outputs;
    n = g->nb_marked_outputs;
  }
  int cap = n ? n : g->nb_nodes;
  *out = calloc((size_t)(cap ? cap : 1), sizeof **out);
  *count = 0;
  if (!*out) return TRT_STATUS_OUT_OF_MEMORY;
  if (!n) {
    for (int i = 0; i < g->nb_nodes; i++)
      if (is_sink(&g->nodes[i])) (*out)[(*count)++] = (OutputRef){i, 0, g->nodes[i].name};
    if (!*count) {
      trt_log(imp->logger, TRT_SEVERITY_ERROR,
              "%s: every node is read by another: register the outputs", imp->file);
      return TRT_STATUS_INVALID_ARGUMENT;
    }
    return TRT_STATUS_OK;
  }
  for (int i = 0; i < n; i++) {
    char name[1024];
    int k = 0, node = -1;
    if (texts[i] && tf_split_input(texts[i], name, sizeof name, &k))
      node = tf_graph_find(g, name);
    if (node < 0) {
      trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: the output '%s' is not a node of the graph",
              imp->file, texts[i] ? texts[i] : "(null)");
      return TRT_STATUS_INVALID_ARGUMENT;
    }
    /* An output nothing else reads: make room for its value. */
    if (k >= g->nodes[node].nb_outputs) g->nodes[node].nb_outputs = k + 1;
    (*out)[(*count)++] = (OutputRef){node, k, texts[i]};
  }
  return TRT_STATUS_OK;
}

/* The output's tensor name: the node's name, or "node:k". */
static void output_name(const OutputRef *o, const TfGraph *g, char *buf, size_t size) {
  if (o->output)
    snprintf(buf, size, "%s:%d", g->nodes[o->node].name, o->output);
  else
    snprintf(buf, size, "%s", g->nodes[o->node].name);
}

TrtStatus tf_import(TfImporter *imp, const char *const *outputs, int nb_outputs) {
  TfGraph *g = imp->graph;
  for (int i = 0; i < imp->nb_inputs; i++)
    if (tf_graph_find(g, imp->inputs[i].name) < 0) {
      trt_log(imp->logger, TRT_SEVERITY_ERROR,
              "%s: the registered input '%s' is not a node of the graph", imp->file,
              imp->inputs[i].name);
      return TRT_STATUS_INVALID_ARGUMENT;
    }
  OutputRef *outs = NULL;
  int nb_outs = 0;
  TrtStatus s = find_outputs(imp, outputs, nb_outputs, &outs, &nb_outs);
  imp->values = calloc((size_t)g->nb_nodes + 1, sizeof *imp->values);
  imp->is_output = calloc((size_t)g->nb_nodes + 1, sizeof *imp->is_output);
  uint8_t *state = calloc((size_t)g->nb_nodes + 1, 1);
  WalkFrame *stack = calloc((size_t)g->nb_nodes + 1, sizeof *stack);
  if (s == TRT_STATUS_OK && (!imp->values || !imp->is_output || !state || !stack))
    s = TRT_STATUS_OUT_OF_MEMORY;
  for (int i = 0; s == TRT_STATUS_OK && i < g->nb_nodes; i++) {
    imp->values[i] = calloc((size_t)g->nodes[i].nb_outputs, sizeof **imp->values);
    if (!imp->values[i]) s = TRT_STATUS_OUT_OF_MEMORY;
  }
  for (int i = 0; s == TRT_STATUS_OK && i < nb_outs; i++) imp->is_output[outs[i].node] = true;
  /* Registered inputs first, so that the bindings follow their order. */
  for (int i = 0; s == TRT_STATUS_OK && i < imp->nb_inputs; i++)
    s = convert_from(imp, tf_graph_find(g, imp->inputs[i].name), state, stack);
  for (int i = 0; s == TRT_STATUS_OK && i < nb_outs; i++)
    s = convert_from(imp, outs[i].node, state, stack);
  for (int i = 0; s == TRT_STATUS_OK && i < nb_outs; i++) {
    char name[1100];
    output_name(&outs[i], g, name, sizeof name);
    s = tf_finish_output(imp, &g->nodes[outs[i].node], outs[i].output, name);
  }
  free(stack);
  free(state);
  free(outs);
  return s;
}

void tf_importer_free(TfImporter *imp) {
  for (int i = 0; imp->values && i < imp->graph->nb_nodes; i++) free(imp->values[i]);
  free(imp->values);
  free(imp->is_output);
  trt_shape_state_free(&imp->shapes);
  imp->values = NULL;
  imp->is_output = NULL;
}
