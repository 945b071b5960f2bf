/* Pass: remove Identity layers (Dropout is parsed as Identity). Consumers
 * read the identity's input directly. An identity between a network input
 * and a network output is kept: the output needs its own storage. */
#include <stdlib.h>

#include "passes.h"

TrtStatus trt_pass_identity(TrtNetwork *network, TrtLogger *logger) {
  bool *dead = calloc((size_t)network->nb_layers + 1, sizeof *dead);
  if (!dead) return TRT_STATUS_OUT_OF_MEMORY;
  int removed = 0;
  for (int li = 0; li < network->nb_layers; li++) {
    TrtLayer *l = network->layers[li];
    if (l->type != TRT_LAYER_IDENTITY) continue;
    TrtTensor *in = l->inputs[0], *out = l->outputs[0];
    if (out->is_output && (in->is_output || in->role != TRT_TENSOR_ACTIVATION))
      continue;
    trt_network_replace_uses(network, out, in);
    dead[l->id] = true;
    removed++;
  }
  if (removed) {
    trt_log(logger, TRT_SEVERITY_VERBOSE, "identity pass: removed %d layers",
            removed);
    trt_network_remove_layers(network, dead);
  }
  free(dead);
  return TRT_STATUS_OK;
}
