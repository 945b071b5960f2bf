/* Pass: compute at build time what does not depend on input values.
 * Shapes are inferred at the max batch and at batch 1; an output whose value
 * is known in both and equal is the same for every batch, so it becomes a
 * constant and its layer goes. Values that change with the batch (e.g. a
 * Reshape target taken from Shape of the input) are left to be computed
 * when a context sets its batch size. */
#include <stdlib.h>
#include <string.h>

#include "passes.h"

static bool same_value(const TrtShapeView *a, const TrtShapeView *b) {
  if (!a->value || !b->value || a->type != b->type ||
      !trt_dims_equal(&a->dims, &b->dims))
    return false;
  size_t n = (size_t)trt_dims_volume(&a->dims) * trt_data_type_size(a->type);
  return memcmp(a->value, b->value, n) == 0;
}

TrtStatus trt_pass_constant_folding(TrtNetwork *network, const TrtDims *dims_max,
                                    const TrtDims *dims_one, TrtLogger *logger) {
  TrtShapeState at_max, at_one = {0};
  TrtStatus s = trt_infer_network(network, dims_max, true, &at_max, logger);
  if (s == TRT_STATUS_OK && dims_one)
    s = trt_infer_network(network, dims_one, true, &at_one, logger);
  bool *dead = calloc((size_t)network->nb_layers + 1, sizeof *dead);
  if (!dead && s == TRT_STATUS_OK) s = TRT_STATUS_OUT_OF_MEMORY;
  int folded = 0;
  for (int li = 0; s == TRT_STATUS_OK && li < network->nb_layers; li++) {
    TrtLayer *l = network->layers[li];
    bool foldable = true;
    for (int k = 0; k < l->nb_outputs && foldable; k++) {
      int id = l->outputs[k]->id;
      foldable = at_max.views[id].value &&
                 (!dims_one || same_value(&at_max.views[id], &at_one.views[id]));
    }
    if (!foldable) continue;
    for (int k = 0; k < l->nb_outputs; k++) {
      TrtTensor *t = l->outputs[k];
      const TrtShapeView *v = &at_max.views[t->id];
      size_t size = (size_t)trt_dims_volume(&v->dims) * trt_data_type_size(v->type);
      /* Take the buffer over from the state instead of copying it. */
      void *data = at_max.owned[t->id];
      at_max.owned[t->id] = NULL;
      t->type = v->type;
      t->dims = v->dims;
      trt_tensor_make_constant(t, data, size);
    }
    dead[l->id] = true;
    folded++;
  }
  if (s == TRT_STATUS_OK && folded) {
    trt_log(logger, TRT_SEVERITY_VERBOSE, "constant folding: folded %d layers",
            folded);
    trt_network_remove_layers(network, dead);
  }
  free(dead);
  trt_shape_state_free(&at_max);
  trt_shape_state_free(&at_one);
  return s;
}
