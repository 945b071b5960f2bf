/* Converters: activations (ReLU, Sigmoid, TanH, ELU, AbsVal, BNLL, PReLU),
 * Power, Exp, Log, Scale, Bias and Eltwise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "caffe-importer.h"

static TrtStatus one_to_one(const CaffeImporter *imp, const CaffeLayer *layer) {
  return caffe_need_io(imp, layer, 1, 1, 1);
}

static TrtStatus activation(CaffeImporter *imp, const CaffeLayer *layer, TrtActivationType type,
                            float alpha) {
  TrtStatus s = one_to_one(imp, layer);
  if (s != TRT_STATUS_OK) return s;
  return caffe_output(imp, layer, caffe_activation(imp, layer, layer->bottoms[0], type, alpha, 0));
}

CAFFE_CONVERTER(caffe_convert_relu) {
  const Caffe__ReLUParameter *rp = layer->param->relu_param;
  float slope = rp ? rp->negative_slope : 0.0f;
  return slope != 0 ? activation(imp, layer, TRT_ACTIVATION_LEAKY_RELU, slope)
                    : activation(imp, layer, TRT_ACTIVATION_RELU, 0);
}

CAFFE_CONVERTER(caffe_convert_sigmoid) { return activation(imp, layer, TRT_ACTIVATION_SIGMOID, 0); }
CAFFE_CONVERTER(caffe_convert_tanh) { return activation(imp, layer, TRT_ACTIVATION_TANH, 0); }
/* BNLL is log(1 + exp(x)). */
CAFFE_CONVERTER(caffe_convert_bnll) { return activation(imp, layer, TRT_ACTIVATION_SOFTPLUS, 0); }

CAFFE_CONVERTER(caffe_convert_elu) {
  const Caffe__ELUParameter *ep = layer->param->elu_param;
  return activation(imp, layer, TRT_ACTIVATION_ELU, ep ? ep->alpha : 1.0f);
}

CAFFE_CONVERTER(caffe_convert_absval) {
  TrtStatus s = one_to_one(imp, layer);
  if (s != TRT_STATUS_OK) return s;
  return caffe_output(imp, layer, caffe_unary(imp, layer, NULL, layer->bottoms[0], TRT_UNARY_ABS));
}

/* Slopes per channel ([C, 1, ...] to broadcast over [N, C, ...]) or one
 * shared slope. */
CAFFE_CONVERTER(caffe_convert_prelu) {
  TrtStatus s = one_to_one(imp, layer);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__PReLUParameter *pp = layer->param->prelu_param;
  bool shared = pp && pp->channel_shared;
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if ((s = caffe_need_weights(imp, layer, 1, "slopes")) != TRT_STATUS_OK) return s;
  TrtDims sd = {1, {1}};
  if (!shared && x.nb_dims >= 2) {
    sd.nb_dims = x.nb_dims - 1;
    sd.d[0] = x.d[1];
    for (int i = 1; i < sd.nb_dims; i++) sd.d[i] = 1;
  }
  TrtTensor *slopes = caffe_weight(imp, layer, 0, &sd, "slopes");
  if (!slopes) return TRT_STATUS_SHAPE_ERROR;
  return caffe_output(imp, layer, caffe_elementwise(imp, layer, NULL, layer->bottoms[0], slopes,
                                                    TRT_ELEMENTWISE_PRELU));
}

/* y = (shift + scale * x) ^ power, leaving out the terms that change
 * nothing. */
CAFFE_CONVERTER(caffe_convert_power) {
  static const Caffe__PowerParameter defaults = CAFFE__POWER_PARAMETER__INIT;
  TrtStatus s = one_to_one(imp, layer);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__PowerParameter *pp = layer->param->power_param ? layer->param->power_param : &defaults;
  TrtTensor *x = layer->bottoms[0];
  if (pp->power == 1 && pp->scale == 1 && pp->shift == 0)
    return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_IDENTITY, &x, 1, NULL));
  TrtTensor *in[4] = {x, NULL, NULL, NULL};
  if ((pp->scale != 1 && !(in[1] = caffe_const_f32(imp, layer, "scale", pp->scale, 1))) ||
      (pp->shift != 0 && !(in[2] = caffe_const_f32(imp, layer, "shift", pp->shift, 1))) ||
      (pp->power != 1 && !(in[3] = caffe_const_f32(imp, layer, "power", pp->power, 1))))
    return TRT_STATUS_OUT_OF_MEMORY;
  TrtScaleParams p = {.channel_axis = 1};
  return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_SCALE, in, 4, &p));
}

/* ln(base) for Exp and Log; base -1 means e. */
static bool log_base(const CaffeImporter *imp, const CaffeLayer *layer, float base, double *out) {
  if (base == -1.0f) {
    *out = 1.0;
    return true;
  }
  if (!(base > 0) || base == 1.0f || !isfinite(base)) {
    caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                     "base must be > 0 and not 1, or -1 for e (got %g)", (double)base);
    return false;
  }
  *out = log(base);
  return true;
}

/* y = base ^ (shift + scale * x) = exp(ln(base) * (shift + scale * x)). */
CAFFE_CONVERTER(caffe_convert_exp) {
  static const Caffe__ExpParameter defaults = CAFFE__EXP_PARAMETER__INIT;
  TrtStatus s = one_to_one(imp, layer);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__ExpParameter *ep = layer->param->exp_param ? layer->param->exp_param : &defaults;
  double ln;
  if (!log_base(imp, layer, ep->base, &ln)) return TRT_STATUS_INVALID_ARGUMENT;
  float scale = (float)(ln * ep->scale), shift = (float)(ln * ep->shift);
  TrtTensor *x = layer->bottoms[0];
  if (scale != 1 || shift != 0)
    x = caffe_affine(imp, layer, "affine", x, scale, shift == 0 ? NAN : shift);
  return caffe_output(imp, layer, caffe_unary(imp, layer, NULL, x, TRT_UNARY_EXP));
}

/* y = log_base(shift + scale * x) = ln(shift + scale * x) / ln(base). */
CAFFE_CONVERTER(caffe_convert_log) {
  static const Caffe__LogParameter defaults = CAFFE__LOG_PARAMETER__INIT;
  TrtStatus s = one_to_one(imp, layer);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__LogParameter *lp = layer->param->log_param ? layer->param->log_param : &defaults;
  double ln;
  if (!log_base(imp, layer, lp->base, &ln)) return TRT_STATUS_INVALID_ARGUMENT;
  TrtTensor *x = layer->bottoms[0];
  if (lp->scale != 1 || lp->shift != 0)
    x = caffe_affine(imp, layer, "affine", x, lp->scale, lp->shift == 0 ? NAN : lp->shift);
  if (ln == 1.0) return caffe_output(imp, layer, caffe_unary(imp, layer, NULL, x, TRT_UNARY_LOG));
  TrtTensor *y = caffe_unary(imp, layer, "ln", x, TRT_UNARY_LOG);
  return caffe_output(imp, layer, caffe_affine(imp, layer, NULL, y, (float)(1.0 / ln), NAN));
}

/* ---- Scale and Bias ------------------------------------------------------------ */

/* Where a Scale or Bias operand applies: dims [axis, axis + rank) of x. */
typedef struct {
  int axis, rank;
  TrtDims dims; /* the operand's dims with 1s after, to broadcast over x */
} Operand;

/* The learned operand's place from axis and num_axes. */
static bool learned_operand(const CaffeImporter *imp, const CaffeLayer *layer, const TrtDims *x,
                            int32_t axis, int32_t num_axes, Operand *op) {
  if (!caffe_axis(imp, layer, axis, x->nb_dims, "axis", &op->axis)) return false;
  op->rank = num_axes < 0 ? x->nb_dims - op->axis : num_axes;
  if (num_axes < -1 || op->axis + op->rank > x->nb_dims) {
    caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                     "num_axes %d from axis %d goes past the bottom's %d dims", num_axes,
                     op->axis, x->nb_dims);
    return false;
  }
  op->dims.nb_dims = x->nb_dims - op->axis;
  for (int i = 0; i < op->dims.nb_dims; i++)
    op->dims.d[i] = i < op->rank ? x->d[op->axis + i] : 1;
  if (op->rank == 0) op->dims = (TrtDims){1, {1}};
  return true;
}

/* The operand given as bottom 1: its dims must match x's from axis on. A
 * scalar (rank 0) applies everywhere. */
static TrtTensor *bottom_operand(CaffeImporter *imp, const CaffeLayer *layer, const TrtDims *x,
                                 int32_t axis, Operand *op) {
  TrtDims d;
  if (caffe_need_dims(imp, layer, 1, &d) != TRT_STATUS_OK) return NULL;
  op->rank = d.nb_dims;
  if (d.nb_dims == 0) {
    op->axis = 0;
    op->dims = (TrtDims){1, {1}};
    return layer->bottoms[1];
  }
  if (!caffe_axis(imp, layer, axis, x->nb_dims, "axis", &op->axis)) return NULL;
  bool fits = op->axis + d.nb_dims <= x->nb_dims;
  for (int i = 0; fits && i < d.nb_dims; i++) fits = d.d[i] == x->d[op->axis + i];
  if (!fits) {
    char a[128], b[128];
    caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                     "bottom 1 (%s) does not match bottom 0 (%s) from axis %d",
                     trt_dims_format(&d, b, sizeof b), trt_dims_format(x, a, sizeof a), op->axis);
    return NULL;
  }
  op->dims.nb_dims = x->nb_dims - op->axis;
  for (int i = 0; i < op->dims.nb_dims; i++) op->dims.d[i] = i < d.nb_dims ? d.d[i] : 1;
  int trailing = op->dims.nb_dims - d.nb_dims;
  if (!trailing) return layer->bottoms[1];
  int64_t shape[TRT_MAX_DIMS];
  for (int i = 0; i < op->dims.nb_dims; i++) shape[i] = i < d.nb_dims ? 0 : 1;
  return caffe_reshape(imp, layer, "operand", layer->bottoms[1], shape, op->dims.nb_dims);
}

/* x * scale + bias with either part absent (NULL). A per-channel or scalar
 * learned operand uses the Scale layer, which the builder can fuse into a
 * convolution; anything else multiplies and adds with broadcasting. */
static TrtStatus scale_and_bias(CaffeImporter *imp, const CaffeLayer *layer, const Operand *op,
                                bool learned, TrtTensor *scale, TrtTensor *bias) {
  TrtTensor *x = layer->bottoms[0];
  if (learned && op->rank <= 1) {
    TrtTensor *in[3] = {x, scale, bias};
    TrtScaleParams p = {.channel_axis = op->rank ? op->axis : 1};
    return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_SCALE, in, 3, &p));
  }
  if (scale) x = caffe_elementwise(imp, layer, bias ? "mul" : NULL, x, scale, TRT_ELEMENTWISE_MUL);
  if (bias) x = caffe_elementwise(imp, layer, NULL, x, bias, TRT_ELEMENTWISE_ADD);
  return caffe_output(imp, layer, x);
}

CAFFE_CONVERTER(caffe_convert_scale) {
  static const Caffe__ScaleParameter defaults = CAFFE__SCALE_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 2, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__ScaleParameter *sp = layer->param->scale_param ? layer->param->scale_param : &defaults;
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  Operand op;
  bool learned = layer->nb_bottoms == 1;
  size_t blobs = (learned ? 1 : 0) + (sp->bias_term ? 1 : 0);
  if (blobs && (s = caffe_need_weights(imp, layer, blobs, learned && sp->bias_term ? "scale, bias"
                                                          : learned ? "scale" : "bias")) != TRT_STATUS_OK)
    return s;
  TrtTensor *scale = learned ? (learned_operand(imp, layer, &x, sp->axis, sp->num_axes, &op)
                                    ? caffe_weight(imp, layer, 0, &op.dims, "scale")
                                    : NULL)
                             : bottom_operand(imp, layer, &x, sp->axis, &op);
  if (!scale) return TRT_STATUS_SHAPE_ERROR;
  TrtTensor *bias = NULL;
  if (sp->bias_term && !(bias = caffe_weight(imp, layer, learned ? 1 : 0, &op.dims, "bias")))
    return TRT_STATUS_SHAPE_ERROR;
  return scale_and_bias(imp, layer, &op, learned, scale, bias);
}

CAFFE_CONVERTER(caffe_convert_bias) {
  static const Caffe__BiasParameter defaults = CAFFE__BIAS_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 2, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__BiasParameter *bp = layer->param->bias_param ? layer->param->bias_param : &defaults;
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  Operand op;
  bool learned = layer->nb_bottoms == 1;
  if (learned && (s = caffe_need_weights(imp, layer, 1, "bias")) != TRT_STATUS_OK) return s;
  TrtTensor *bias = learned ? (learned_operand(imp, layer, &x, bp->axis, bp->num_axes, &op)
                                   ? caffe_weight(imp, layer, 0, &op.dims, "bias")
                                   : NULL)
                            : bottom_operand(imp, layer, &x, bp->axis, &op);
  if (!bias) return TRT_STATUS_SHAPE_ERROR;
  return scale_and_bias(imp, layer, &op, learned, NULL, bias);
}

/* ---- Eltwise ----------------------------------------------------------------------- */

CAFFE_CONVERTER(caffe_convert_eltwise) {
  static const Caffe__EltwiseParameter defaults = CAFFE__ELTWISE_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, -1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__EltwiseParameter *ep =
      layer->param->eltwise_param ? layer->param->eltwise_param : &defaults;
  bool sum = ep->operation == CAFFE__ELTWISE_PARAMETER__ELTWISE_OP__SUM;
  if (ep->n_coeff && (!sum || ep->n_coeff != (size_t)layer->nb_bottoms))
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "coefficients are for SUM only, one per bottom (%zu for %d)",
                            ep->n_coeff, layer->nb_bottoms);
  TrtElementwiseOp op = sum ? TRT_ELEMENTWISE_ADD
                        : ep->operation == CAFFE__ELTWISE_PARAMETER__ELTWISE_OP__PROD
                            ? TRT_ELEMENTWISE_MUL
                            : TRT_ELEMENTWISE_MAX;
  int n = layer->nb_bottoms;
  TrtTensor *acc = layer->bottoms[0];
  if (ep->n_coeff && ep->coeff[0] != 1)
    acc = caffe_affine(imp, layer, n > 1 ? "term0" : NULL, acc, ep->coeff[0], NAN);
  if (n == 1 && acc == layer->bottoms[0])
    acc = caffe_add1(imp, layer, NULL, TRT_LAYER_IDENTITY, &acc, 1, NULL);
  for (int i = 1; i < n && acc; i++) {
    char step[32], term_name[32];
    snprintf(step, sizeof step, "step%d", i);
    snprintf(term_name, sizeof term_name, "term%d", i);
    const char *suffix = i == n - 1 ? NULL : step; /* the last one is the layer */
    TrtTensor *term = layer->bottoms[i];
    float c = ep->n_coeff ? ep->coeff[i] : 1.0f;
    if (c == -1) {
      acc = caffe_elementwise(imp, layer, suffix, acc, term, TRT_ELEMENTWISE_SUB);
      continue;
    }
    if (c != 1) term = caffe_affine(imp, layer, term_name, term, c, NAN);
    acc = caffe_elementwise(imp, layer, suffix, acc, term, op);
  }
  return caffe_output(imp, layer, acc);
}
