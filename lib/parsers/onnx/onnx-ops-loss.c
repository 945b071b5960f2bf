/* Converters: NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, made
 * of gathers, masks and reductions as their ONNX function bodies are. */
#include <string.h>

#include "onnx-importer.h"

typedef enum { LOSS_NONE, LOSS_SUM, LOSS_MEAN } LossReduction;

static int loss_reduction(OnnxImporter *imp, OnnxNode *node) {
  char buf[16];
  const char *r = onnx_attr_string(node, "reduction", "mean", buf, sizeof buf);
  if (!strcmp(r, "none")) return LOSS_NONE;
  if (!strcmp(r, "sum")) return LOSS_SUM;
  if (!strcmp(r, "mean")) return LOSS_MEAN;
  onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "reduction '%s' is not known", r);
  return -1;
}

static TrtTensor *unsqueeze1(OnnxImporter *imp, OnnxNode *node, TrtTensor *t) {
  int64_t one = 1;
  TrtTensor *in[2] = {t, onnx_const_i64(imp, node, &one, 1)};
  TrtAxesParams p = {0};
  return t && in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &p) : NULL;
}

static TrtTensor *reduce_all(OnnxImporter *imp, OnnxNode *node, TrtTensor *t, TrtReduceOp op) {
  TrtReduceParams p = {.op = op, .keep_dims = 0};
  return t ? onnx_add1(imp, node, TRT_LAYER_REDUCE, &t, 1, &p) : NULL;
}

/* loss[n, d...] = -input[n, target[n, d...], d...] * weight[target], zero
 * where target == ignore_index; then none / sum / mean (mean divides by the
 * sum of the weights that count). */
static TrtTensor *nll(OnnxImporter *imp, OnnxNode *node, TrtTensor *input, TrtTensor *target,
                      TrtTensor *weight, int reduction) {
  TrtDataType ttype;
  TrtDims tdims;
  if (onnx_need_info(imp, node, target, &ttype, &tdims) != TRT_STATUS_OK) return NULL;
  const Onnx__AttributeProto *ignore = onnx_attr(node, "ignore_index");
  TrtTensor *index = target, *keep = NULL;
  if (ignore) {
    /* Ignored targets may be out of range: gather at 0 there, then mask. */
    TrtTensor *ig = onnx_scalar(imp, node, ttype, (double)onnx_attr_int(node, "ignore_index", 0));
    TrtTensor *zero = onnx_scalar(imp, node, ttype, 0);
    TrtTensor *hit = onnx_elementwise(imp, node, target, ig, TRT_ELEMENTWISE_EQUAL);
    TrtTensor *sel[3] = {hit, zero, target};
    index = hit && zero ? onnx_add1(imp, node, TRT_LAYER_SELECT, sel, 3, NULL) : NULL;
    TrtTensor *miss = onnx_unary(imp, node, hit, TRT_UNARY_NOT);
    TrtCastParams cp = {.to = TRT_DATA_TYPE_FLOAT};
    keep = miss ? onnx_add1(imp, node, TRT_LAYER_CAST, &miss, 1, &cp) : NULL;
    if (!index || !keep) return NULL;
  }
  TrtTensor *gin[2] = {input, unsqueeze1(imp, node, index)};
  TrtAxisParams gp = {.axis = 1};
  TrtTensor *picked = gin[1] ? onnx_add1(imp, node, TRT_LAYER_GATHER_ELEMENTS, gin, 2, &gp) : NULL;
  int64_t one = 1;
  TrtTensor *sq[2] = {picked, onnx_const_i64(imp, node, &one, 1)};
  TrtAxesParams ap = {0};
  picked = picked && sq[1] ? onnx_add1(imp, node, TRT_LAYER_SQUEEZE, sq, 2, &ap) : NULL;
  TrtTensor *w = keep;
  if (weight) {
    TrtTensor *win[2] = {weight, index};
    TrtAxisParams wp = {.axis = 0};
    TrtTensor *wt = onnx_add1(imp, node, TRT_LAYER_GATHER, win, 2, &wp);
    w = keep ? onnx_elementwise(imp, node, wt, keep, TRT_ELEMENTWISE_MUL) : wt;
  }
  TrtTensor *loss = onnx_unary(imp, node, picked, TRT_UNARY_NEG);
  if (w) loss = onnx_elementwise(imp, node, loss, w, TRT_ELEMENTWISE_MUL);
  if (!loss || reduction == LOSS_NONE) return loss;
  if (reduction == LOSS_MEAN && !w) return reduce_all(imp, node, loss, TRT_REDUCE_MEAN);
  TrtTensor *total = reduce_all(imp, node, loss, TRT_REDUCE_SUM);
  if (reduction == LOSS_SUM) return total;
  return onnx_elementwise(imp, node, total, reduce_all(imp, node, w, TRT_REDUCE_SUM),
                          TRT_ELEMENTWISE_DIV);
}

ONNX_CONVERTER(onnx_nll_loss) {
  TrtTensor *input = onnx_input(imp, node, 0), *target = input ? onnx_input(imp, node, 1) : NULL;
  if (!target) return TRT_STATUS_PARSE_ERROR;
  int reduction = loss_reduction(imp, node);
  if (reduction < 0) return TRT_STATUS_UNSUPPORTED;
  return onnx_output(imp, node, nll(imp, node, input, target, onnx_optional_input(node, 2),
                                    reduction));
}

/* log_prob = LogSoftmax(scores, axis 1); loss = NLL(log_prob, labels). */
ONNX_CONVERTER(onnx_softmax_cross_entropy) {
  TrtTensor *scores = onnx_input(imp, node, 0), *labels = scores ? onnx_input(imp, node, 1) : NULL;
  if (!labels) return TRT_STATUS_PARSE_ERROR;
  int reduction = loss_reduction(imp, node);
  if (reduction < 0) return TRT_STATUS_UNSUPPORTED;
  TrtSoftmaxParams sp = {.axis = 1, .log = 1};
  TrtTensor *log_prob = onnx_add1(imp, node, TRT_LAYER_SOFTMAX, &scores, 1, &sp);
  TrtTensor *loss = log_prob ? nll(imp, node, log_prob, labels, onnx_optional_input(node, 2),
                                   reduction)
                             : NULL;
  TrtStatus s = onnx_output(imp, node, loss);
  if (s == TRT_STATUS_OK && onnx_output_used(node, 1)) s = onnx_set_output(imp, node, 1, log_prob);
  return s;
}
