/* Pass: remove layers whose outputs reach no network output. */
#include <stdlib.h>

#include "passes.h"

TrtStatus trt_pass_dead_layers(TrtNetwork *network, TrtLogger *logger) {
  bool *needed = calloc((size_t)network->nb_tensors + 1, sizeof *needed);
  bool *dead = calloc((size_t)network->nb_layers + 1, sizeof *dead);
  if (!needed || !dead) {
    free(needed);
    free(dead);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  for (int i = 0; i < network->nb_outputs; i++) needed[network->outputs[i]->id] = true;
  int removed = 0;
  for (int li = network->nb_layers - 1; li >= 0; li--) {
    TrtLayer *l = network->layers[li];
    bool live = false;
    for (int k = 0; k < l->nb_outputs; k++) live |= needed[l->outputs[k]->id];
    if (!live) {
      dead[l->id] = true;
      removed++;
      continue;
    }
    for (int k = 0; k < l->nb_inputs; k++)
      if (l->inputs[k]) needed[l->inputs[k]->id] = true;
  }
  if (removed) {
    trt_log(logger, TRT_SEVERITY_VERBOSE, "dead-layer pass: removed %d layers",
            removed);
    trt_network_remove_layers(network, dead);
  }
  free(needed);
  free(dead);
  return TRT_STATUS_OK;
}
