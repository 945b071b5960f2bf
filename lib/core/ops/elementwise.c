/* Shape inference: elementwise binary, unary, select (Where). */
#include "../ops.h"

static bool is_logic(int op) {
  return op == TRT_ELEMENTWISE_AND || op == TRT_ELEMENTWISE_OR ||
         op == TRT_ELEMENTWISE_XOR;
}

static bool is_comparison(int op) {
  return op >= TRT_ELEMENTWISE_EQUAL && op <= TRT_ELEMENTWISE_GREATER_EQUAL;
}

TrtStatus trt_infer_elementwise(TrtInferArgs *args) {
  const TrtElementwiseParams *p = args->params;
  const TrtShapeView *a = &args->inputs[0], *b = &args->inputs[1];
  if ((unsigned)p->op >= TRT_ELEMENTWISE_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown op %d", p->op);
  /* POW may raise any numeric base to an exponent of another type. */
  if (a->type != b->type && p->op != TRT_ELEMENTWISE_POW)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "inputs have different types (%s and %s)",
                          trt_data_type_name(a->type), trt_data_type_name(b->type));
  if (is_logic(p->op) && a->type != TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "logical ops need bool inputs");
  /* Bool has logic and comparisons, no arithmetic. */
  if (!is_logic(p->op) && !is_comparison(p->op) &&
      (a->type == TRT_DATA_TYPE_BOOL || b->type == TRT_DATA_TYPE_BOOL))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "arithmetic (op %d) does not take bool inputs", p->op);
  if (p->activation.type != TRT_ACTIVATION_NONE && a->type != TRT_DATA_TYPE_FLOAT &&
      a->type != TRT_DATA_TYPE_HALF)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "a fused activation needs float inputs");
  if (!trt_broadcast_dims(&a->dims, &b->dims, &args->outputs[0].dims)) {
    char x[96], y[96];
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "shapes %s and %s do not broadcast",
                          trt_dims_format(&a->dims, x, sizeof x),
                          trt_dims_format(&b->dims, y, sizeof y));
  }
  args->outputs[0].type =
      is_comparison(p->op) || is_logic(p->op) ? TRT_DATA_TYPE_BOOL : a->type;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_unary(TrtInferArgs *args) {
  const TrtUnaryParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  if ((unsigned)p->op >= TRT_UNARY_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown op %d", p->op);
  if (p->op == TRT_UNARY_NOT && x->type != TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "Not needs a bool input");
  if (p->op != TRT_UNARY_NOT && x->type == TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "only Not takes a bool input (op is %d)", p->op);
  args->outputs[0].dims = x->dims;
  args->outputs[0].type =
      p->op == TRT_UNARY_ISNAN || p->op == TRT_UNARY_ISINF ? TRT_DATA_TYPE_BOOL : x->type;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_select(TrtInferArgs *args) {
  const TrtShapeView *c = &args->inputs[0], *x = &args->inputs[1], *y = &args->inputs[2];
  TrtDims cx;
  if (c->type != TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "the condition must be bool");
  if (x->type != y->type)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "x and y have different types");
  if (!trt_broadcast_dims(&c->dims, &x->dims, &cx) ||
      !trt_broadcast_dims(&cx, &y->dims, &args->outputs[0].dims))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "shapes do not broadcast");
  args->outputs[0].type = x->type;
  return TRT_STATUS_OK;
}
