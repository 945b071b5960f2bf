/* Pass: give every non-constant tensor an arena offset. Tensors whose
 * lifetimes (first writer .. last reader, in layer order) do not overlap may
 * share bytes. Greedy by size, largest first, each at the lowest offset that
 * fits between the tensors already placed that live at the same time.
 *
 * One exception to "a layer never writes over its inputs": a Convolution
 * sums its residual input into its output (see fusion.c), which the
 * kernels do in place, so when the convolution is the residual's last
 * reader and both are stored in one order, the output takes the
 * residual's slot. */
#include <stdlib.h>

#include "passes.h"

#define ALIGN 64

typedef struct {
  int id;
  int first, last;
  uint64_t size;
} Interval;

static int by_size_desc(const void *a, const void *b) {
  const Interval *x = a, *y = b;
  if (x->size != y->size) return x->size < y->size ? 1 : -1;
  return x->id - y->id;
}

static int by_offset(const void *a, const void *b) {
  const TrtTensorSlot *const *x = a, *const *y = b;
  return (*x)->offset < (*y)->offset ? -1 : (*x)->offset > (*y)->offset;
}

/* share[y] = the tensor whose slot the convolution output y takes (the
 * first of a chain of residuals, ResNet's blocks in a row), else -1; that
 * tensor's lifetime grows to cover y's. `iv` holds each tensor's own
 * lifetime on entry, and still does for a residual when its reader is
 * reached: only a chain's first tensor grows, once a convolution has read
 * it last, so no later layer reads it. */
static void share_residual_slots(const TrtNetwork *g, Interval *iv, int *share) {
  for (int i = 0; i < g->nb_tensors; i++) share[i] = -1;
  for (int li = 0; li < g->nb_layers; li++) {
    const TrtLayer *l = g->layers[li];
    const TrtTensor *r = trt_conv_residual(l), *y = l->outputs[0];
    if (!r) continue;
    /* Not when the convolution also reads r otherwise (y = conv(r) + r):
     * it would write over pixels it has yet to read. */
    bool read_otherwise = l->inputs[0] == r || l->inputs[1] == r || l->inputs[2] == r;
    if (r->role != TRT_TENSOR_ACTIVATION || r->is_output || iv[r->id].last != li ||
        iv[r->id].size != iv[y->id].size || r->channels_last != y->channels_last ||
        read_otherwise)
      continue;
    int root = share[r->id] >= 0 ? share[r->id] : r->id;
    share[y->id] = root;
    if (iv[root].last < iv[y->id].last) iv[root].last = iv[y->id].last;
  }
}

TrtStatus trt_pass_memory_plan(TrtEngine *engine) {
  const TrtNetwork *g = engine->graph;
  int n = g->nb_tensors;
  Interval *iv = calloc((size_t)n + 1, sizeof *iv);
  int *placed = calloc((size_t)n + 1, sizeof *placed);
  const TrtTensorSlot **live = calloc((size_t)n + 1, sizeof *live);
  if (!iv || !placed || !live) {
    free(iv);
    free(placed);
    free(live);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  int count = 0;
  for (int i = 0; i < n; i++) {
    const TrtTensor *t = g->tensors[i];
    engine->slots[i].offset = -1;
    engine->slots[i].size = 0;
    if (t->role == TRT_TENSOR_CONSTANT) continue;
    int64_t vol = trt_dims_volume(&t->dims);
    uint64_t size = (uint64_t)(vol > 0 ? vol : 0) * trt_data_type_size(t->type);
    iv[i] = (Interval){.id = i, .first = t->producer ? t->producer->id : 0,
                       /* An input is written before layer 0 runs, even
                        * when no layer reads it. */
                       .last = t->is_output ? g->nb_layers
                                            : t->role == TRT_TENSOR_INPUT ? 0 : -1,
                       .size = size};
  }
  for (int li = 0; li < g->nb_layers; li++) {
    const TrtLayer *l = g->layers[li];
    for (int k = 0; k < l->nb_inputs; k++)
      if (l->inputs[k] && iv[l->inputs[k]->id].last < li)
        iv[l->inputs[k]->id].last = li;
    for (int k = 0; k < l->nb_outputs; k++)
      if (iv[l->outputs[k]->id].last < li) iv[l->outputs[k]->id].last = li;
  }
  Interval *order = calloc((size_t)n + 1, sizeof *order);
  int *share = malloc(((size_t)n + 1) * sizeof *share);
  if (!order || !share) {
    free(order);
    free(share);
    free(iv);
    free(placed);
    free(live);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  share_residual_slots(g, iv, share);
  for (int i = 0; i < n; i++)
    if (g->tensors[i]->role != TRT_TENSOR_CONSTANT && share[i] < 0) order[count++] = iv[i];
  qsort(order, (size_t)count, sizeof *order, by_size_desc);

  uint64_t arena = 0, total = 0;
  int nb_placed = 0;
  for (int k = 0; k < count; k++) {
    const Interval *cur = &order[k];
    uint64_t size = (cur->size + ALIGN - 1) / ALIGN * ALIGN;
    total += size;
    int nb_live = 0;
    for (int p = 0; p < nb_placed; p++) {
      const Interval *o = &iv[placed[p]];
      if (o->first <= cur->last && cur->first <= o->last)
        live[nb_live++] = &engine->slots[placed[p]];
    }
    qsort(live, (size_t)nb_live, sizeof *live, by_offset);
    uint64_t offset = 0;
    for (int p = 0; p < nb_live; p++) {
      uint64_t lo = (uint64_t)live[p]->offset;
      uint64_t hi = lo + (live[p]->size + ALIGN - 1) / ALIGN * ALIGN;
      if (offset + size <= lo) break;
      if (hi > offset) offset = hi;
    }
    engine->slots[cur->id].offset = (int64_t)offset;
    engine->slots[cur->id].size = cur->size;
    placed[nb_placed++] = cur->id;
    if (offset + size > arena) arena = offset + size;
  }
  for (int i = 0; i < n; i++)
    if (share[i] >= 0) {
      engine->slots[i] = (TrtTensorSlot){.offset = engine->slots[share[i]].offset,
                                         .size = iv[i].size};
      total += (iv[i].size + ALIGN - 1) / ALIGN * ALIGN;
    }
  engine->arena_size = arena;
  engine->activations_size = total;
  free(share);
  free(order);
  free(iv);
  free(placed);
  free(live);
  return TRT_STATUS_OK;
}
