/* Pass: channels-last storage on the CPU. oneDNN's fastest float32
 * convolutions read and write N,H,W,C; given N,C,H,W tensors they reorder
 * the input and the output around every convolution, which costs a quarter
 * to a third of a CNN's time. So in a CPU engine, the 4-D float32 tensors
 * that only convolutions, pooling, activations, same-shape elementwise
 * layers, concats and channel shuffles touch are stored channels-last
 * (TrtTensor.channels_last; dims stay N,C,H,W), and only the borders of
 * such regions reorder. A channel shuffle (reshape N,C,H,W to N,G,C/G,H,W,
 * swap G and C/G, reshape back) keeps its 5-D tensors channels-last too:
 * stored N,H,W,G,C/G, so the reshapes keep the bytes and the transpose
 * moves channels within each pixel.
 *
 * Activations, elementwise layers, concats and those reshapes and
 * transposes do not care about the order as long as all their map
 * operands share it, so their operands are joined
 * into one group that is stored one way; convolution and pooling kernels
 * read and write either order. A group goes channels-last when no member is
 * a network input or output, every member is a float32 activation map,
 * every layer touching it is one of the kinds above, and a convolution
 * touches it (else nothing is saved). The kernels keep a reference path for
 * every order (see cpu/helpers.c, trt_cpu_run_planar). */
#include <stdlib.h>

#include "passes.h"

static int find(int *parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

static void join(int *parent, int a, int b) { parent[find(parent, a)] = find(parent, b); }

/* Feature maps: N,C,H,W, or N,A,B,H,W with the channels split in two (the
 * channel shuffle of ShuffleNet), stored N,H,W,C or N,H,W,A,B. */
static bool is_map(const TrtTensor *t) {
  return t && (t->dims.nb_dims == 4 || t->dims.nb_dims == 5);
}

static bool is_candidate(const TrtTensor *t) {
  return t->role == TRT_TENSOR_ACTIVATION && t->producer && !t->is_output &&
         t->type == TRT_DATA_TYPE_FLOAT && is_map(t);
}

/* A reshape that only splits or merges the channels keeps the stored bytes
 * of a channels-last map: N, H and W stay. */
static bool reshapes_channels_only(const TrtLayer *l) {
  const TrtTensor *x = l->inputs[0], *y = l->outputs[0];
  int rx = x->dims.nb_dims, ry = y->dims.nb_dims;
  return is_map(x) && is_map(y) && x->dims.d[0] == y->dims.d[0] &&
         x->dims.d[rx - 2] == y->dims.d[ry - 2] && x->dims.d[rx - 1] == y->dims.d[ry - 1];
}

/* A transpose that moves channel dims only (batch, H and W stay). */
static bool permutes_channels_only(const TrtLayer *l) {
  const TrtTransposeParams *p = l->params;
  int r = l->outputs[0]->dims.nb_dims;
  return is_map(l->outputs[0]) && p->nb_perm == r && p->perm[0] == 0 &&
         p->perm[r - 2] == r - 2 && p->perm[r - 1] == r - 1;
}

/* Layers that read and write either order independently: 2-D convolution
 * with constant weights (its residual too), and 2-D pooling without
 * indices. */
static bool reads_either_order(const TrtLayer *l) {
  if (l->type == TRT_LAYER_CONVOLUTION)
    return ((const TrtConvolutionParams *)l->params)->nb_spatial == 2 && l->nb_inputs >= 2 &&
           l->inputs[1] && l->inputs[1]->role == TRT_TENSOR_CONSTANT;
  if (l->type == TRT_LAYER_POOLING)
    return ((const TrtPoolingParams *)l->params)->nb_spatial == 2 && l->nb_outputs == 1 &&
           ((const TrtPoolingParams *)l->params)->type != TRT_POOLING_LP;
  return false;
}

/* Layers whose map operands must all share one order, whichever it is:
 * activations, float elementwise layers without broadcasting, concats of
 * 4-D maps, and reshapes and transposes that touch only the channels. */
static bool needs_one_order(const TrtLayer *l) {
  if (l->nb_outputs != 1 || l->nb_inputs < 1 || !l->inputs[0] || !is_map(l->outputs[0]))
    return false;
  switch (l->type) {
  case TRT_LAYER_ACTIVATION: return true;
  case TRT_LAYER_CONCAT: return l->outputs[0]->dims.nb_dims == 4;
  case TRT_LAYER_RESHAPE: return reshapes_channels_only(l);
  case TRT_LAYER_TRANSPOSE: return permutes_channels_only(l);
  case TRT_LAYER_ELEMENTWISE:
    if (l->outputs[0]->type != TRT_DATA_TYPE_FLOAT) return false;
    for (int k = 0; k < l->nb_inputs; k++)
      if (!l->inputs[k] || !trt_dims_equal(&l->inputs[k]->dims, &l->outputs[0]->dims))
        return false;
    return true;
  default: return false;
  }
}

TrtStatus trt_pass_cpu_channels_last(TrtNetwork *net) {
  int n = net->nb_tensors;
  int *parent = malloc(((size_t)n + 1) * sizeof *parent);
  bool *blocked = calloc((size_t)n + 1, sizeof *blocked);
  bool *useful = calloc((size_t)n + 1, sizeof *useful);
  if (!parent || !blocked || !useful) {
    free(parent);
    free(blocked);
    free(useful);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  for (int i = 0; i < n; i++) parent[i] = i;
  for (int i = 0; i < n; i++) blocked[i] = !is_candidate(net->tensors[i]);

  for (int li = 0; li < net->nb_layers; li++) {
    const TrtLayer *l = net->layers[li];
    bool either = reads_either_order(l), one = !either && needs_one_order(l);
    const TrtTensor *first = l->nb_outputs ? l->outputs[0] : NULL;
    for (int k = 0; k < l->nb_inputs + l->nb_outputs; k++) {
      const TrtTensor *t = k < l->nb_inputs ? l->inputs[k] : l->outputs[k - l->nb_inputs];
      if (!t) continue;
      /* A convolution's weights and bias, a pooling's nothing else: only
       * the data operands (input 0, a residual) and the output may change
       * order. */
      bool data = k == 0 || k == l->nb_inputs ||
                  (l->type == TRT_LAYER_CONVOLUTION && k == 3); /* the residual */
      if (either && data) {
        if (l->type == TRT_LAYER_CONVOLUTION) useful[t->id] = true;
      } else if (one && is_map(t)) {
        join(parent, t->id, first->id);
      } else {
        blocked[t->id] = true;
      }
    }
  }
  for (int i = 0; i < n; i++) {
    int root = find(parent, i);
    blocked[root] |= blocked[i];
    useful[root] |= useful[i];
  }
  for (int i = 0; i < n; i++) {
    int root = find(parent, i);
    net->tensors[i]->channels_last = !blocked[root] && useful[root];
  }
  free(parent);
  free(blocked);
  free(useful);
  return TRT_STATUS_OK;
}
