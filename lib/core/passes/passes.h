/* Builder passes, one file each, run in the order listed by the builder.
 * Each takes the network being optimized and edits it in place. */
#ifndef TRT_PASSES_H
#define TRT_PASSES_H

#include "../engine-impl.h"

/* Removes layers whose outputs reach no network output. */
TrtStatus trt_pass_dead_layers(TrtNetwork *network, TrtLogger *logger);
/* Removes Identity layers (and Dropout, which parsers map to Identity). */
TrtStatus trt_pass_identity(TrtNetwork *network, TrtLogger *logger);
/* Replaces layers whose outputs do not depend on the inputs' values (nor,
 * with a batch, on the batch size) by constants. Uses shape inference at the
 * max batch and at batch 1. */
TrtStatus trt_pass_constant_folding(TrtNetwork *network, const TrtDims *dims_max,
                                    const TrtDims *dims_one, TrtLogger *logger);
/* A Convolution's residual input (input 3, see TrtConvolutionParams), or
 * NULL: what fusion gives it and the memory plan lets its output share. */
static inline TrtTensor *trt_conv_residual(const TrtLayer *l) {
  return l->type == TRT_LAYER_CONVOLUTION && l->nb_inputs > 3 ? l->inputs[3] : NULL;
}

/* Folds BatchNormalization / Scale into a preceding Convolution or Gemm,
 * and a following activation into Convolution, Gemm, MatMul or
 * Elementwise as an epilogue; with `residual_adds`, also an Add of a
 * convolution's output and another map into that convolution. */
TrtStatus trt_pass_fusion(TrtNetwork *network, bool residual_adds, TrtLogger *logger);
/* Whether the backend runs `layer` on float16 tensors (its data operands
 * and outputs, dims and types as inferred now, made float16). */
typedef bool (*TrtHalfPredicate)(const TrtLayer *layer, void *user);
/* Makes chains of layers that `takes_half` accepts read and write float16
 * tensors, with Cast layers at their borders and constant operands
 * converted; bindings stay float32 under their names. Types are inferred
 * again afterwards by the caller. */
TrtStatus trt_pass_half_storage(TrtNetwork *network, TrtHalfPredicate takes_half, void *user);
/* CPU engines: stores the float32 feature maps between oneDNN convolutions
 * channels-last (TrtTensor.channels_last), so they are not reordered around
 * each one. */
TrtStatus trt_pass_cpu_channels_last(TrtNetwork *network);
/* Assigns arena offsets by tensor lifetime (greedy, largest first). */
TrtStatus trt_pass_memory_plan(TrtEngine *engine);

#endif
