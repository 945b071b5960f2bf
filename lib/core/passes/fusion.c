/* Pass: fusion. Two rewrites, made in one walk over the layers:
 *
 * - A per-channel affine layer y' = s[c] * y + t[c] after a Convolution or
 *   Gemm with constant weights (or a 2-D MatMul by a constant, which becomes
 *   a Gemm) is folded into those weights and the bias:
 *   BatchNormalization (s = gamma / sqrt(var + eps), t = beta - mean * s),
 *   Scale without power, and Elementwise ADD / SUB / MUL of a constant that
 *   varies only along the channel axis (the Conv -> Add of a [C,1,1] bias
 *   that ONNX exporters write). A bias input is added when there is none.
 * - An Activation after a Convolution, Deconvolution, Gemm, MatMul or
 *   float Elementwise becomes that layer's epilogue.
 * - When asked (CPU engines), an Add of a Convolution's output and another
 *   map of the same shape, such as ResNet's shortcut, becomes that
 *   convolution's residual input (y = act(conv + b + R)): oneDNN sums it
 *   in as the output is written, where a separate add reads both maps
 *   again on one thread. The memory plan then lets the output take the
 *   residual's bytes when nothing reads the residual afterwards.
 *
 * Either happens only when the first layer's output is read by the second
 * alone and is not a network output. The fused layer then writes the second
 * layer's output tensor, so its name (and its place among the outputs)
 * survives. Walking in layer order handles chains: Conv -> BN -> Add ->
 * Relu becomes one Convolution. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"

/* y' = scale[c] * y + shift[c] over `n` channels. */
typedef struct {
  int64_t n;
  double *scale, *shift;
} Affine;

static bool is_const_float(const TrtTensor *t) {
  return t && t->role == TRT_TENSOR_CONSTANT && t->type == TRT_DATA_TYPE_FLOAT;
}

static const float *const_values(const TrtTensor *t) { return t->data; }

/* The layer writing x, when x may disappear into a fusion: read by one layer
 * input, not a network output. */
static TrtLayer *sole_producer(const TrtNetwork *net, const TrtTensor *x) {
  if (!x || x->role != TRT_TENSOR_ACTIVATION || x->is_output || !x->producer ||
      x->producer->nb_outputs != 1)
    return NULL;
  return trt_network_count_uses(net, x) == 1 ? x->producer : NULL;
}

/* The fused activation slot of a layer kind that has one. */
static TrtActivationParams *epilogue(TrtLayer *l) {
  switch (l->type) {
  case TRT_LAYER_CONVOLUTION:
  case TRT_LAYER_DECONVOLUTION:
    return &((TrtConvolutionParams *)l->params)->activation;
  case TRT_LAYER_GEMM: return &((TrtGemmParams *)l->params)->activation;
  case TRT_LAYER_MATMUL: return &((TrtMatMulParams *)l->params)->activation;
  case TRT_LAYER_ELEMENTWISE: return &((TrtElementwiseParams *)l->params)->activation;
  default: return NULL;
  }
}

/* `producer` takes over `fused`'s output; `fused` is left dead, reading
 * nothing (so it counts as no one's consumer) and writing the old tensor,
 * which goes away with it. */
static void absorb(TrtLayer *producer, TrtLayer *fused, bool *dead) {
  TrtTensor *old = producer->outputs[0], *out = fused->outputs[0];
  producer->outputs[0] = out;
  out->producer = producer;
  fused->outputs[0] = old;
  old->producer = fused;
  for (int i = 0; i < fused->nb_inputs; i++) fused->inputs[i] = NULL;
  dead[fused->id] = true;
}

/* ---- the affine layer ----------------------------------------------------- */

static bool affine_alloc(Affine *a, int64_t n) {
  a->n = n;
  a->scale = malloc((size_t)n * sizeof *a->scale);
  a->shift = malloc((size_t)n * sizeof *a->shift);
  for (int64_t c = 0; a->scale && a->shift && c < n; c++) {
    a->scale[c] = 1.0;
    a->shift[c] = 0.0;
  }
  return a->scale && a->shift;
}

static void affine_free(Affine *a) {
  free(a->scale);
  free(a->shift);
  memset(a, 0, sizeof *a);
}

/* Value of channel c of a constant that is uniform (1 value) or
 * per-channel (n values). */
static double channel_value(const TrtTensor *t, int64_t c) {
  return trt_dims_volume(&t->dims) == 1 ? const_values(t)[0] : const_values(t)[c];
}

static bool uniform_or_per_channel(const TrtTensor *t, int64_t n) {
  int64_t v = trt_dims_volume(&t->dims);
  return is_const_float(t) && (v == 1 || v == n);
}

/* A constant that, broadcast against dims `y`, varies along `axis` only. */
static bool varies_along_axis(const TrtTensor *t, const TrtDims *y, int axis) {
  if (!is_const_float(t) || t->dims.nb_dims > y->nb_dims) return false;
  int skip = y->nb_dims - t->dims.nb_dims;
  for (int i = 0; i < t->dims.nb_dims; i++) {
    int64_t d = t->dims.d[i];
    if (d != 1 && !(i + skip == axis && d == y->d[axis])) return false;
  }
  return true;
}

static bool affine_from_batchnorm(const TrtLayer *l, int axis, int64_t n, Affine *a) {
  const TrtNormalizationParams *p = l->params;
  if (p->type != TRT_NORMALIZATION_BATCH || axis != 1 || l->nb_inputs != 5) return false;
  for (int i = 1; i < 5; i++)
    if (!is_const_float(l->inputs[i]) || trt_dims_volume(&l->inputs[i]->dims) != n)
      return false;
  if (!affine_alloc(a, n)) return false;
  const float *gamma = const_values(l->inputs[1]), *beta = const_values(l->inputs[2]);
  const float *mean = const_values(l->inputs[3]), *var = const_values(l->inputs[4]);
  for (int64_t c = 0; c < n; c++) {
    a->scale[c] = gamma[c] / sqrt((double)var[c] + p->epsilon);
    a->shift[c] = beta[c] - mean[c] * a->scale[c];
  }
  return true;
}

static bool affine_from_scale(const TrtLayer *l, int axis, int64_t n, Affine *a) {
  const TrtScaleParams *p = l->params;
  const TrtTensor *scale = l->nb_inputs > 1 ? l->inputs[1] : NULL;
  const TrtTensor *shift = l->nb_inputs > 2 ? l->inputs[2] : NULL;
  const TrtTensor *power = l->nb_inputs > 3 ? l->inputs[3] : NULL;
  int rank = l->inputs[0]->dims.nb_dims, channel;
  if (!trt_normalize_axis(p->channel_axis, rank, &channel) || channel != axis) return false;
  if ((scale && !uniform_or_per_channel(scale, n)) ||
      (shift && !uniform_or_per_channel(shift, n)))
    return false;
  if (power) {
    if (!is_const_float(power)) return false;
    for (int64_t i = 0; i < trt_dims_volume(&power->dims); i++)
      if (const_values(power)[i] != 1.0f) return false;
  }
  if (!affine_alloc(a, n)) return false;
  for (int64_t c = 0; c < n; c++) {
    if (scale) a->scale[c] = channel_value(scale, c);
    if (shift) a->shift[c] = channel_value(shift, c);
  }
  return true;
}

/* ADD or MUL of a per-channel constant on either side, or SUB of one on
 * the right. `x` is the operand the producer writes. */
static bool affine_from_elementwise(const TrtLayer *l, const TrtTensor *x, int axis,
                                    int64_t n, Affine *a) {
  const TrtElementwiseParams *p = l->params;
  const TrtTensor *c = l->inputs[0] == x ? l->inputs[1] : l->inputs[0];
  bool x_first = l->inputs[0] == x;
  if (c == x || !varies_along_axis(c, &x->dims, axis) ||
      !trt_dims_equal(&l->outputs[0]->dims, &x->dims))
    return false;
  if (p->op != TRT_ELEMENTWISE_ADD && p->op != TRT_ELEMENTWISE_MUL &&
      !(p->op == TRT_ELEMENTWISE_SUB && x_first))
    return false;
  if (!affine_alloc(a, n)) return false;
  for (int64_t ch = 0; ch < n; ch++) {
    double v = channel_value(c, ch);
    if (p->op == TRT_ELEMENTWISE_MUL)
      a->scale[ch] = v;
    else
      a->shift[ch] = p->op == TRT_ELEMENTWISE_SUB ? -v : v;
  }
  return true;
}

/* ---- folding into the producer ------------------------------------------- */

/* Channel axis of a Convolution (1) or Gemm (last) output; -1 when the
 * layer cannot take an affine fold. A MatMul of a 2-D input by a constant
 * matrix counts as a Gemm: it becomes one when something folds into it. */
static int foldable_axis(TrtLayer *p) {
  TrtActivationParams *act = epilogue(p);
  const TrtTensor *w = p->nb_inputs > 1 ? p->inputs[1] : NULL;
  const TrtTensor *b = p->nb_inputs > 2 ? p->inputs[2] : NULL;
  const TrtDims *y = &p->outputs[0]->dims;
  if (!act || act->type != TRT_ACTIVATION_NONE || !is_const_float(w) ||
      p->outputs[0]->type != TRT_DATA_TYPE_FLOAT || y->nb_dims < 2 || trt_conv_residual(p))
    return -1;
  if (p->type == TRT_LAYER_CONVOLUTION) {
    int64_t channels = y->d[1];
    if (w->dims.d[0] != channels ||
        (b && (!is_const_float(b) || trt_dims_volume(&b->dims) != channels)))
      return -1;
    return 1;
  }
  int last = y->nb_dims - 1;
  if (p->type == TRT_LAYER_MATMUL)
    return p->inputs[0]->dims.nb_dims == 2 && w->dims.nb_dims == 2 ? last : -1;
  if (p->type == TRT_LAYER_GEMM) {
    const TrtGemmParams *gp = p->params;
    TrtDims row = {1, {y->d[last]}}, bc;
    if (w->dims.nb_dims != 2) return -1;
    if (b && gp->beta != 0.0f &&
        (!is_const_float(b) || !trt_broadcast_dims(&b->dims, &row, &bc)))
      return -1;
    return last;
  }
  return -1;
}

/* A 2-D MatMul is a Gemm with alpha 1 and no C. */
static TrtStatus matmul_to_gemm(TrtLayer *l) {
  const TrtMatMulParams *mp = l->params;
  TrtGemmParams *gp = malloc(sizeof *gp);
  if (!gp) return TRT_STATUS_OUT_OF_MEMORY;
  *gp = (TrtGemmParams){.alpha = 1.0f, .beta = 0.0f, .transpose_a = mp->transpose_a,
                        .transpose_b = mp->transpose_b, .activation = mp->activation};
  free(l->params);
  l->params = gp;
  l->type = TRT_LAYER_GEMM;
  return TRT_STATUS_OK;
}

/* Input k of l as a tensor this pass may write: itself when l is its only
 * reader, else a fresh copy. NULL on out of memory. */
static TrtTensor *private_input(TrtNetwork *net, TrtLayer *l, int k, const char *suffix) {
  TrtTensor *t = l->inputs[k];
  if (trt_network_count_uses(net, t) == 1 && !t->is_output) return t;
  char name[512];
  snprintf(name, sizeof name, "%s_%s", l->name, suffix);
  TrtTensor *copy = trt_network_add_constant(net, name, t->type, &t->dims, t->data);
  if (copy) l->inputs[k] = copy;
  return copy;
}

/* Sets input 2 (bias / C) of l to a new float constant of `dims`. */
static float *new_third_input(TrtNetwork *net, TrtLayer *l, const TrtDims *dims) {
  if (l->nb_inputs < 3) {
    TrtTensor **in = realloc(l->inputs, 3 * sizeof *in);
    if (!in) return NULL;
    in[2] = NULL;
    l->inputs = in;
    l->nb_inputs = 3;
  }
  char name[512];
  snprintf(name, sizeof name, "%s_bias", l->name);
  TrtTensor *t = trt_network_add_constant(net, name, TRT_DATA_TYPE_FLOAT, dims, NULL);
  if (!t) return NULL;
  l->inputs[2] = t;
  return t->data;
}

static bool all_ones(const Affine *a) {
  for (int64_t c = 0; c < a->n; c++)
    if (a->scale[c] != 1.0) return false;
  return true;
}

static TrtStatus fold_into_conv(TrtNetwork *net, TrtLayer *conv, const Affine *a) {
  if (!all_ones(a)) {
    TrtTensor *w = private_input(net, conv, 1, "weights");
    if (!w) return TRT_STATUS_OUT_OF_MEMORY;
    float *wv = w->data;
    int64_t per_channel = trt_dims_volume(&w->dims) / a->n;
    for (int64_t c = 0; c < a->n; c++)
      for (int64_t i = 0; i < per_channel; i++)
        wv[c * per_channel + i] = (float)(wv[c * per_channel + i] * a->scale[c]);
  }
  const TrtTensor *old = conv->nb_inputs > 2 ? conv->inputs[2] : NULL;
  float *bias;
  if (old) {
    TrtTensor *b = private_input(net, conv, 2, "bias");
    bias = b ? b->data : NULL;
  } else {
    TrtDims d = {1, {a->n}};
    bias = new_third_input(net, conv, &d);
  }
  if (!bias) return TRT_STATUS_OUT_OF_MEMORY;
  for (int64_t c = 0; c < a->n; c++)
    bias[c] = (float)((old ? bias[c] : 0.0) * a->scale[c] + a->shift[c]);
  return TRT_STATUS_OK;
}

static TrtStatus fold_into_gemm(TrtNetwork *net, TrtLayer *gemm, const Affine *a) {
  TrtGemmParams *p = gemm->params;
  int64_t n = a->n;
  if (!all_ones(a)) {
    TrtTensor *w = private_input(net, gemm, 1, "weights");
    if (!w) return TRT_STATUS_OUT_OF_MEMORY;
    float *bv = w->data;
    int64_t k = trt_dims_volume(&w->dims) / n;
    for (int64_t i = 0; i < k; i++)
      for (int64_t j = 0; j < n; j++) {
        float *v = p->transpose_b ? &bv[j * k + i] : &bv[i * n + j];
        *v = (float)(*v * a->scale[j]);
      }
  }
  /* C' = scale * beta * C + shift, broadcast over the channels. */
  const TrtTensor *old = gemm->nb_inputs > 2 && p->beta != 0.0f ? gemm->inputs[2] : NULL;
  TrtDims row = {1, {n}}, dims = row;
  if (old) trt_broadcast_dims(&old->dims, &row, &dims);
  const float *old_values = old ? const_values(old) : NULL;
  int64_t strides[TRT_MAX_DIMS] = {0};
  if (old) { /* strides of C within dims, 0 where C is broadcast */
    int64_t s = 1;
    int skip = dims.nb_dims - old->dims.nb_dims;
    for (int i = dims.nb_dims - 1; i >= skip; i--) {
      strides[i] = old->dims.d[i - skip] == 1 ? 0 : s;
      s *= old->dims.d[i - skip];
    }
  }
  float beta = p->beta;
  float *c = new_third_input(net, gemm, &dims);
  if (!c) return TRT_STATUS_OUT_OF_MEMORY;
  int64_t total = trt_dims_volume(&dims);
  for (int64_t idx = 0; idx < total; idx++) {
    int64_t j = idx % n, src = 0, rem = idx;
    for (int i = dims.nb_dims - 1; i >= 0; i--) {
      src += rem % dims.d[i] * strides[i];
      rem /= dims.d[i];
    }
    double base = old ? (double)beta * old_values[src] : 0.0;
    c[idx] = (float)(base * a->scale[j] + a->shift[j]);
  }
  p->beta = 1.0f;
  return TRT_STATUS_OK;
}

/* Folds l (BN, Scale or Elementwise) into the layer that writes its input
 * when it can; *folded tells whether it did. */
static TrtStatus try_fold_affine(TrtNetwork *net, TrtLayer *l, bool *dead,
                                 TrtLogger *logger, bool *folded) {
  *folded = false;
  const TrtTensor *x = l->inputs[0];
  TrtLayer *p = sole_producer(net, x);
  if (l->type == TRT_LAYER_ELEMENTWISE && !p && l->inputs[0]->role == TRT_TENSOR_CONSTANT)
    p = sole_producer(net, x = l->inputs[1]);
  if (!p || l->outputs[0]->type != TRT_DATA_TYPE_FLOAT) return TRT_STATUS_OK;
  int axis = foldable_axis(p);
  if (axis < 0) return TRT_STATUS_OK;
  int64_t n = x->dims.d[axis];
  Affine a = {0};
  bool ok = l->type == TRT_LAYER_NORMALIZATION ? affine_from_batchnorm(l, axis, n, &a)
            : l->type == TRT_LAYER_SCALE       ? affine_from_scale(l, axis, n, &a)
                                               : affine_from_elementwise(l, x, axis, n, &a);
  TrtActivationParams after = {0};
  if (l->type == TRT_LAYER_ELEMENTWISE) after = *epilogue(l);
  if (!ok) {
    affine_free(&a);
    return TRT_STATUS_OK;
  }
  bool was_matmul = p->type == TRT_LAYER_MATMUL;
  TrtStatus s = was_matmul ? matmul_to_gemm(p) : TRT_STATUS_OK;
  if (s == TRT_STATUS_OK)
    s = p->type == TRT_LAYER_CONVOLUTION ? fold_into_conv(net, p, &a)
                                         : fold_into_gemm(net, p, &a);
  affine_free(&a);
  if (s != TRT_STATUS_OK) return s;
  *epilogue(p) = after; /* an Add's own epilogue now follows the bias */
  trt_log(logger, TRT_SEVERITY_VERBOSE, "fusion: folded %s '%s' into %s '%s'%s",
          trt_layer_type_name(l->type), l->name,
          trt_layer_type_name(was_matmul ? TRT_LAYER_MATMUL : p->type), p->name,
          was_matmul ? " (now a Gemm)" : "");
  absorb(p, l, dead);
  *folded = true;
  return TRT_STATUS_OK;
}

/* ---- activation epilogues ------------------------------------------------- */

static bool is_arithmetic(int32_t op) {
  return op <= TRT_ELEMENTWISE_FMOD || op == TRT_ELEMENTWISE_PRELU;
}

static bool try_fuse_activation(TrtNetwork *net, TrtLayer *l, bool *dead,
                                TrtLogger *logger) {
  TrtLayer *p = sole_producer(net, l->inputs[0]);
  TrtActivationParams *act = p ? epilogue(p) : NULL;
  if (!act || act->type != TRT_ACTIVATION_NONE ||
      p->outputs[0]->type != TRT_DATA_TYPE_FLOAT)
    return false;
  if (p->type == TRT_LAYER_ELEMENTWISE &&
      (!is_arithmetic(((TrtElementwiseParams *)p->params)->op) ||
       p->inputs[0]->type != TRT_DATA_TYPE_FLOAT))
    return false;
  *act = *(const TrtActivationParams *)l->params;
  trt_log(logger, TRT_SEVERITY_VERBOSE, "fusion: fused %s '%s' into %s '%s'",
          trt_activation_type_name((TrtActivationType)act->type), l->name,
          trt_layer_type_name(p->type), p->name);
  absorb(p, l, dead);
  return true;
}

/* ---- residual adds ------------------------------------------------------ */

/* Whether `other` is written before layer `p` runs. */
static bool ready_before(const TrtTensor *other, const TrtLayer *p) {
  return !other->producer || other->producer->id < p->id;
}

/* The Convolution that can take the float Add `l` as its residual: the
 * writer of one operand, read by the Add alone, without an epilogue or a
 * residual yet, after which the other operand already exists. Of two, the
 * later. */
static TrtLayer *residual_target(const TrtNetwork *net, const TrtLayer *l) {
  const TrtElementwiseParams *ep = l->params;
  if (ep->op != TRT_ELEMENTWISE_ADD || l->nb_inputs != 2 ||
      l->outputs[0]->type != TRT_DATA_TYPE_FLOAT)
    return NULL;
  TrtLayer *best = NULL;
  for (int k = 0; k < 2; k++) {
    const TrtTensor *x = l->inputs[k], *other = l->inputs[1 - k];
    if (!x || !other || other->type != TRT_DATA_TYPE_FLOAT ||
        !trt_dims_equal(&x->dims, &l->outputs[0]->dims) ||
        !trt_dims_equal(&other->dims, &x->dims))
      return NULL;
    TrtLayer *p = sole_producer(net, x);
    if (!p || p->type != TRT_LAYER_CONVOLUTION || trt_conv_residual(p) ||
        epilogue(p)->type != TRT_ACTIVATION_NONE || x->type != TRT_DATA_TYPE_FLOAT ||
        !ready_before(other, p))
      continue;
    if (!best || p->id > best->id) best = p;
  }
  return best;
}

static TrtStatus try_fuse_residual(TrtNetwork *net, TrtLayer *l, bool *dead,
                                   TrtLogger *logger, bool *fused) {
  *fused = false;
  TrtLayer *conv = residual_target(net, l);
  if (!conv) return TRT_STATUS_OK;
  TrtTensor *other = l->inputs[0]->producer == conv ? l->inputs[1] : l->inputs[0];
  TrtTensor **in = realloc(conv->inputs, 4 * sizeof *in);
  if (!in) return TRT_STATUS_OUT_OF_MEMORY;
  for (int k = conv->nb_inputs; k < 3; k++) in[k] = NULL; /* no bias */
  in[3] = other;
  conv->inputs = in;
  conv->nb_inputs = 4;
  *epilogue(conv) = *epilogue(l);
  trt_log(logger, TRT_SEVERITY_VERBOSE,
          "fusion: Elementwise '%s' adds '%s' into Convolution '%s' as its residual",
          l->name, other->name, conv->name);
  absorb(conv, l, dead);
  *fused = true;
  return TRT_STATUS_OK;
}

TrtStatus trt_pass_fusion(TrtNetwork *network, bool residual_adds, TrtLogger *logger) {
  bool *dead = calloc((size_t)network->nb_layers + 1, sizeof *dead);
  if (!dead) return TRT_STATUS_OUT_OF_MEMORY;
  int fused = 0;
  TrtStatus s = TRT_STATUS_OK;
  for (int li = 0; li < network->nb_layers && s == TRT_STATUS_OK; li++) {
    TrtLayer *l = network->layers[li];
    bool done = false;
    switch (l->type) {
    case TRT_LAYER_NORMALIZATION:
    case TRT_LAYER_SCALE:
    case TRT_LAYER_ELEMENTWISE:
      s = try_fold_affine(network, l, dead, logger, &done);
      if (s == TRT_STATUS_OK && !done && residual_adds)
        s = try_fuse_residual(network, l, dead, logger, &done);
      break;
    case TRT_LAYER_ACTIVATION:
      done = try_fuse_activation(network, l, dead, logger);
      break;
    default:
      break;
    }
    fused += done;
  }
  if (fused) {
    trt_log(logger, TRT_SEVERITY_VERBOSE, "fusion: %d layers fused away", fused);
    trt_network_remove_layers(network, dead);
  }
  free(dead);
  return s;
}
