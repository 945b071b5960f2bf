/* Shape inference over a whole network, with the values of small tensors
 * computed along the way (Shape -> Gather -> Concat -> Reshape chains), so
 * that layers whose shapes come from tensors get concrete shapes. Used by the
 * builder at build time and by contexts when the batch size changes. */
#ifndef TRT_SHAPE_INFERENCE_H
#define TRT_SHAPE_INFERENCE_H

#include "network-impl.h"
#include "ops.h"

typedef struct {
  int nb_tensors;
  TrtShapeView *views; /* per tensor id: type, dims, known value */
  void **owned;        /* per tensor id: values computed here (freed here) */
} TrtShapeState;

/* Values of layer outputs are computed when every input's value is known and
 * either every input is a constant or the output has at most this many
 * elements. */
#define TRT_SHAPE_VALUE_LIMIT 65536

/* Infers every tensor of `network`. `input_dims[i]` gives the dims of
 * network input i (NULL: the declared dims). `fold_all_constants` computes
 * outputs of all-constant layers whatever their size (build time).
 * The state must be freed with trt_shape_state_free even on failure. */
TrtStatus trt_infer_network(const TrtNetwork *network, const TrtDims *input_dims,
                            bool fold_all_constants, TrtShapeState *state,
                            TrtLogger *logger);
void trt_shape_state_free(TrtShapeState *state);

#endif
