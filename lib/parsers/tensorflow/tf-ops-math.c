/* Converters of elementwise math, activations and reductions. All of them
 * work in whatever order their input's dims are in. */
#include <stdlib.h>

#include "tf-import.h"

/* ---- binary --------------------------------------------------------------------- */

TF_CONVERTER(tf_convert_add) { return tf_add_maybe_bias(imp, node); }
TF_CONVERTER(tf_convert_sub) { return tf_binary(imp, node, TRT_ELEMENTWISE_SUB); }
TF_CONVERTER(tf_convert_mul) { return tf_binary(imp, node, TRT_ELEMENTWISE_MUL); }
TF_CONVERTER(tf_convert_div) { return tf_binary(imp, node, TRT_ELEMENTWISE_DIV); }
TF_CONVERTER(tf_convert_maximum) { return tf_binary(imp, node, TRT_ELEMENTWISE_MAX); }
TF_CONVERTER(tf_convert_minimum) { return tf_binary(imp, node, TRT_ELEMENTWISE_MIN); }
TF_CONVERTER(tf_convert_pow) { return tf_binary(imp, node, TRT_ELEMENTWISE_POW); }

/* (a - b)^2 */
TF_CONVERTER(tf_convert_squared_difference) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TfValue *in[2] = {tf_in(imp, node, 0), tf_in(imp, node, 1)};
  TrtTensor *t[2];
  int8_t axes[TRT_MAX_DIMS];
  int rank;
  s = tf_broadcast(imp, node, in, 2, t, axes, &rank);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *d = tf_elementwise(imp, node, "difference", t[0], t[1], TRT_ELEMENTWISE_SUB);
  return tf_set_ordered(imp, node, 0, tf_elementwise(imp, node, NULL, d, d, TRT_ELEMENTWISE_MUL),
                        axes, rank);
}

/* ---- unary ------------------------------------------------------------------------ */

/* Output 0 is f(input 0), in the input's order; `make` adds the layers. */
typedef TrtTensor *(*MakeFn)(TfImporter *imp, const TfNode *node, TrtTensor *x, const void *arg);

static TrtStatus elementwise1(TfImporter *imp, const TfNode *node, MakeFn make, const void *arg) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  TfValue *x = tf_in(imp, node, 0);
  if (x->permuted) return tf_set_ordered(imp, node, 0, make(imp, node, x->tensor, arg), x->axes, x->rank);
  return tf_set(imp, node, 0, make(imp, node, x->tensor, arg));
}

static TrtTensor *make_activation(TfImporter *imp, const TfNode *node, TrtTensor *x,
                                  const void *arg) {
  return tf_layer(imp, node, NULL, TRT_LAYER_ACTIVATION, &x, 1, arg);
}

static TrtStatus activation(TfImporter *imp, const TfNode *node, TrtActivationType type,
                            float alpha, float beta) {
  TrtActivationParams p = {.type = type, .alpha = alpha, .beta = beta};
  return elementwise1(imp, node, make_activation, &p);
}

TF_CONVERTER(tf_convert_relu) { return activation(imp, node, TRT_ACTIVATION_RELU, 0, 0); }
TF_CONVERTER(tf_convert_relu6) { return activation(imp, node, TRT_ACTIVATION_CLIP, 0, 6); }
TF_CONVERTER(tf_convert_elu) { return activation(imp, node, TRT_ACTIVATION_ELU, 1, 0); }
/* The constants of Klambauer et al., as TensorFlow has them. */
TF_CONVERTER(tf_convert_selu) {
  return activation(imp, node, TRT_ACTIVATION_SELU, 1.6732632423543772f, 1.0507009873554805f);
}
TF_CONVERTER(tf_convert_leaky_relu) {
  return activation(imp, node, TRT_ACTIVATION_LEAKY_RELU, tf_attr_float(node, "alpha", 0.2f), 0);
}
TF_CONVERTER(tf_convert_sigmoid) { return activation(imp, node, TRT_ACTIVATION_SIGMOID, 0, 0); }
TF_CONVERTER(tf_convert_tanh) { return activation(imp, node, TRT_ACTIVATION_TANH, 0, 0); }
TF_CONVERTER(tf_convert_softplus) { return activation(imp, node, TRT_ACTIVATION_SOFTPLUS, 0, 0); }
TF_CONVERTER(tf_convert_softsign) { return activation(imp, node, TRT_ACTIVATION_SOFTSIGN, 0, 0); }

static TrtTensor *make_unary(TfImporter *imp, const TfNode *node, TrtTensor *x, const void *arg) {
  return tf_unary(imp, node, NULL, x, *(const TrtUnaryOp *)arg);
}

static TrtStatus unary(TfImporter *imp, const TfNode *node, TrtUnaryOp op) {
  return elementwise1(imp, node, make_unary, &op);
}

TF_CONVERTER(tf_convert_sqrt) { return unary(imp, node, TRT_UNARY_SQRT); }
TF_CONVERTER(tf_convert_exp) { return unary(imp, node, TRT_UNARY_EXP); }
TF_CONVERTER(tf_convert_log) { return unary(imp, node, TRT_UNARY_LOG); }
TF_CONVERTER(tf_convert_neg) { return unary(imp, node, TRT_UNARY_NEG); }
TF_CONVERTER(tf_convert_abs) { return unary(imp, node, TRT_UNARY_ABS); }
TF_CONVERTER(tf_convert_reciprocal) { return unary(imp, node, TRT_UNARY_RECIPROCAL); }
TF_CONVERTER(tf_convert_floor) { return unary(imp, node, TRT_UNARY_FLOOR); }
TF_CONVERTER(tf_convert_ceil) { return unary(imp, node, TRT_UNARY_CEIL); }

static TrtTensor *make_rsqrt(TfImporter *imp, const TfNode *node, TrtTensor *x, const void *arg) {
  (void)arg;
  return tf_unary(imp, node, NULL, tf_unary(imp, node, "sqrt", x, TRT_UNARY_SQRT),
                  TRT_UNARY_RECIPROCAL);
}

TF_CONVERTER(tf_convert_rsqrt) { return elementwise1(imp, node, make_rsqrt, NULL); }

static TrtTensor *make_square(TfImporter *imp, const TfNode *node, TrtTensor *x, const void *arg) {
  (void)arg;
  return tf_elementwise(imp, node, NULL, x, x, TRT_ELEMENTWISE_MUL);
}

TF_CONVERTER(tf_convert_square) { return elementwise1(imp, node, make_square, NULL); }

/* ---- reductions ------------------------------------------------------------------ */

/* Reduces input 0 over the TF axes of input 1, in the input's order. */
static TrtStatus reduce(TfImporter *imp, const TfNode *node, TrtReduceOp op) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  int64_t axes[TRT_MAX_DIMS];
  int n = tf_const_ints_in(imp, node, 1, axes, TRT_MAX_DIMS, "axes");
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  bool keep = tf_attr_bool(node, "keep_dims", tf_attr_bool(node, "keepdims", false));
  bool reduced[TRT_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    int a;
    if (!trt_normalize_axis(axes[i], rank, &a))
      return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range",
                     (long long)axes[i]);
    reduced[a] = true;
  }
  /* No axes: TensorFlow reduces nothing. */
  TrtReduceParams p = {.op = op, .keep_dims = keep, .noop_with_empty_axes = 1};
  int8_t out_axes[TRT_MAX_DIMS];
  int out_rank = 0;
  for (int i = 0; i < rank; i++) {
    int a = x->permuted ? x->axes[i] : i;
    if (reduced[a]) p.axes[p.nb_axes++] = i;
    if (reduced[a] && !keep) continue;
    int renumbered = a; /* minus the axes removed before it */
    for (int j = 0; !keep && j < a; j++) renumbered -= reduced[j];
    out_axes[out_rank++] = (int8_t)renumbered;
  }
  TrtTensor *t = tf_layer(imp, node, NULL, TRT_LAYER_REDUCE, &x->tensor, 1, &p);
  return tf_set_ordered(imp, node, 0, t, out_axes, out_rank);
}

TF_CONVERTER(tf_convert_mean) { return reduce(imp, node, TRT_REDUCE_MEAN); }
TF_CONVERTER(tf_convert_sum) { return reduce(imp, node, TRT_REDUCE_SUM); }
TF_CONVERTER(tf_convert_max) { return reduce(imp, node, TRT_REDUCE_MAX); }
TF_CONVERTER(tf_convert_min) { return reduce(imp, node, TRT_REDUCE_MIN); }
TF_CONVERTER(tf_convert_prod) { return reduce(imp, node, TRT_REDUCE_PROD); }
