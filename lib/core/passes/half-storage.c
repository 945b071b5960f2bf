/* Half storage. In an FP16 engine on a device backend, chains of layers
 * whose kernels compute on float16 tensors (convolutions, pooling,
 * activations, residual adds, concats, reshapes) read and write float16, so
 * the memory traffic between them halves and convolutions feed tensor cores
 * without converting. Cast layers convert where such a chain meets a
 * float32 layer, a network input or a network output; network bindings stay
 * float32 and keep their names. Constant operands (convolution weights,
 * added constants) are converted once, here.
 *
 * 4-D float16 tensors are stored channels-last (TrtTensor.channels_last),
 * the layout of the device's tensor-core convolutions; the casts at the
 * borders transpose. So only layers whose meaning does not depend on the
 * storage order, or whose kernels know both orders, join a chain: 2-D
 * convolution and pooling, activations, same-shape elementwise, concat,
 * and flatten of a 1x1 spatial map. */
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "passes.h"

/* Whether input k of a layer is data that would be float16 in a float16
 * layer (shape arguments, biases and the like stay as they are). */
static bool is_data_input(const TrtLayer *l, int k) {
  switch (l->type) {
  case TRT_LAYER_CONVOLUTION: return k <= 1; /* input, weights; the bias stays float32 */
  case TRT_LAYER_POOLING:
  case TRT_LAYER_ACTIVATION:
  case TRT_LAYER_FLATTEN: return k == 0;
  case TRT_LAYER_ELEMENTWISE:
  case TRT_LAYER_CONCAT: return true;
  default: return false;
  }
}

static bool is_4d(const TrtTensor *t) { return t->dims.nb_dims == 4; }

static bool kind_has_half_path(const TrtLayer *l) {
  if (l->nb_outputs != 1) return false;
  switch (l->type) {
  case TRT_LAYER_CONVOLUTION:
    return ((const TrtConvolutionParams *)l->params)->nb_spatial == 2;
  case TRT_LAYER_POOLING: return ((const TrtPoolingParams *)l->params)->nb_spatial == 2;
  case TRT_LAYER_ACTIVATION:
  case TRT_LAYER_CONCAT: return true;
  case TRT_LAYER_FLATTEN: { /* a 1x1 map is stored alike in both orders */
    const TrtTensor *x = l->inputs[0];
    return !is_4d(x) || (x->dims.d[2] == 1 && x->dims.d[3] == 1);
  }
  case TRT_LAYER_ELEMENTWISE: {
    const TrtElementwiseParams *p = l->params;
    return (p->op == TRT_ELEMENTWISE_ADD || p->op == TRT_ELEMENTWISE_SUB ||
            p->op == TRT_ELEMENTWISE_MUL || p->op == TRT_ELEMENTWISE_MAX ||
            p->op == TRT_ELEMENTWISE_MIN) &&
           trt_dims_equal(&l->inputs[0]->dims, &l->inputs[1]->dims);
  }
  default: return false;
  }
}

typedef struct {
  TrtNetwork *g;
  int nb_original;   /* tensors before the pass: the maps below cover them */
  bool *half;        /* per tensor: now holds float16 */
  TrtTensor **as_half, **as_float; /* converted copies, made on first use */
  TrtLayer **order;  /* the new layer order */
  int nb_order, cap_order;
} Pass;

static bool append(Pass *p, TrtLayer *l) {
  if (p->nb_order == p->cap_order) {
    int cap = p->cap_order ? 2 * p->cap_order : 64;
    TrtLayer **grown = realloc(p->order, (size_t)cap * sizeof *grown);
    if (!grown) return false;
    p->order = grown;
    p->cap_order = cap;
  }
  p->order[p->nb_order++] = l;
  return true;
}

/* A Cast of `t` to `type`, placed in the new order now. */
static TrtTensor *cast(Pass *p, TrtTensor *t, TrtDataType type) {
  TrtCastParams params = {.to = type};
  TrtLayer *l = trt_network_add_layer(p->g, TRT_LAYER_CAST, &t, 1, &params, 1);
  if (!l) return NULL;
  l->outputs[0]->channels_last = type == TRT_DATA_TYPE_HALF && is_4d(t);
  char prefix[600];
  snprintf(prefix, sizeof prefix, "%s_to_%s", t->name, type == TRT_DATA_TYPE_HALF ? "fp16" : "fp32");
  char *name = trt_network_unique_name(p->g, prefix);
  if (!name || !append(p, l)) {
    free(name);
    return NULL;
  }
  free(l->name);
  l->name = name;
  return l->outputs[0];
}

static TrtTensor *half_constant(Pass *p, const TrtTensor *t) {
  size_t n = t->data_size / sizeof(float);
  uint16_t *h = malloc(n ? n * sizeof *h : 1);
  if (!h) return NULL;
  const float *f = t->data;
  if (is_4d(t)) { /* N,C,H,W values to N,H,W,C storage */
    int64_t c = t->dims.d[1], hw = t->dims.d[2] * t->dims.d[3];
    for (size_t i = 0; i < n; i++) {
      int64_t ni = (int64_t)i / (c * hw), ci = (int64_t)i / hw % c, si = (int64_t)i % hw;
      h[(ni * hw + si) * c + ci] = trt_float_to_half(f[i]);
    }
  } else {
    for (size_t i = 0; i < n; i++) h[i] = trt_float_to_half(f[i]);
  }
  char prefix[600];
  snprintf(prefix, sizeof prefix, "%s_fp16", t->name);
  char *name = trt_network_unique_name(p->g, prefix);
  TrtTensor *c = name ? trt_network_add_constant(p->g, name, TRT_DATA_TYPE_HALF, &t->dims, h) : NULL;
  free(name);
  free(h);
  if (c) c->channels_last = is_4d(t);
  return c;
}

/* The float16 form of a float32 operand. */
static TrtTensor *to_half(Pass *p, TrtTensor *t) {
  if (p->half[t->id]) return t;
  if (!p->as_half[t->id])
    p->as_half[t->id] = t->role == TRT_TENSOR_CONSTANT ? half_constant(p, t)
                                                       : cast(p, t, TRT_DATA_TYPE_HALF);
  return p->as_half[t->id];
}

static TrtTensor *to_float(Pass *p, TrtTensor *t) {
  if (!p->as_float[t->id]) p->as_float[t->id] = cast(p, t, TRT_DATA_TYPE_FLOAT);
  return p->as_float[t->id];
}

static bool layer_can_go_half(const TrtLayer *l, TrtHalfPredicate takes_half, void *user) {
  if (!kind_has_half_path(l)) return false;
  bool any = false;
  for (int k = 0; k < l->nb_inputs; k++) {
    const TrtTensor *t = l->inputs[k];
    if (!t || !is_data_input(l, k)) continue;
    if (t->type != TRT_DATA_TYPE_FLOAT) return false;
    if (t->role == TRT_TENSOR_CONSTANT) continue;
    any = true;
  }
  for (int k = 0; k < l->nb_outputs; k++)
    if (l->outputs[k]->type != TRT_DATA_TYPE_FLOAT) return false;
  /* A layer of constants only would have been folded; one with no
   * activation operand gains nothing. */
  return any && takes_half(l, user);
}

static TrtStatus rewrite(Pass *p, TrtHalfPredicate takes_half, void *user) {
  TrtNetwork *g = p->g;
  int nb_layers = g->nb_layers;
  TrtLayer **original = malloc((size_t)(nb_layers ? nb_layers : 1) * sizeof *original);
  if (!original) return TRT_STATUS_OUT_OF_MEMORY;
  memcpy(original, g->layers, (size_t)nb_layers * sizeof *original);
  int converted = 0;
  for (int i = 0; i < nb_layers; i++) {
    TrtLayer *l = original[i];
    bool half = layer_can_go_half(l, takes_half, user);
    for (int k = 0; k < l->nb_inputs; k++) {
      TrtTensor *t = l->inputs[k];
      if (!t || t->id >= p->nb_original) continue;
      TrtTensor *use = half && is_data_input(l, k) ? to_half(p, t)
                       : p->half[t->id]            ? to_float(p, t)
                                                   : t;
      if (!use) goto oom;
      l->inputs[k] = use;
    }
    if (half) {
      for (int k = 0; k < l->nb_outputs; k++) {
        p->half[l->outputs[k]->id] = true;
        l->outputs[k]->channels_last = is_4d(l->outputs[k]);
      }
      converted++;
    }
    if (!append(p, l)) goto oom;
  }
  /* Bindings stay float32 under their names: the cast's output takes the
   * name, the float16 tensor gets the cast's. */
  for (int i = 0; i < g->nb_outputs; i++) {
    TrtTensor *t = g->outputs[i];
    if (t->id >= p->nb_original || !p->half[t->id]) continue;
    TrtTensor *f = to_float(p, t);
    if (!f) goto oom;
    char *name = t->name;
    t->name = f->name;
    f->name = name;
    t->is_output = false;
    f->is_output = true;
    g->outputs[i] = f;
  }
  free(original);
  /* The new order holds every layer: the originals and the casts. */
  free(g->layers);
  g->layers = p->order;
  g->cap_layers = p->cap_order;
  g->nb_layers = p->nb_order;
  p->order = NULL;
  for (int i = 0; i < g->nb_layers; i++) g->layers[i]->id = i;
  if (converted)
    trt_log(g->logger, TRT_SEVERITY_INFO, "fp16: %d layers store their tensors in float16",
            converted);
  return TRT_STATUS_OK;
oom:
  free(original);
  return TRT_STATUS_OUT_OF_MEMORY;
}

TrtStatus trt_pass_half_storage(TrtNetwork *g, TrtHalfPredicate takes_half, void *user) {
  Pass p = {.g = g, .nb_original = g->nb_tensors};
  size_t n = (size_t)(g->nb_tensors ? g->nb_tensors : 1);
  p.half = calloc(n, sizeof *p.half);
  p.as_half = calloc(n, sizeof *p.as_half);
  p.as_float = calloc(n, sizeof *p.as_float);
  TrtStatus s = p.half && p.as_half && p.as_float ? rewrite(&p, takes_half, user)
                                                   : TRT_STATUS_OUT_OF_MEMORY;
  free(p.half);
  free(p.as_half);
  free(p.as_float);
  free(p.order);
  return s;
}
