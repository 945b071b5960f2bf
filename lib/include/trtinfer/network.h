/* trtinfer — the network definition: tensors and the layers between them.
 *
 * A TrtNetwork owns its tensors and layers; the pointers it hands out stay
 * valid until the network is freed. Layers are kept in the order they were
 * added, which is a topological order since a layer's inputs must exist
 * before it is added.
 */
#ifndef TRTINFER_NETWORK_H
#define TRTINFER_NETWORK_H

#include <trtinfer/layers.h>
#include <trtinfer/logger.h>
#include <trtinfer/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TrtNetwork TrtNetwork;
typedef struct TrtTensor TrtTensor;
typedef struct TrtLayer TrtLayer;

TRT_API TrtNetwork *trt_network_new(void);
TRT_API void trt_network_free(TrtNetwork *network);

/* Errors found while adding layers (bad shapes, unknown tensors) go here. */
TRT_API void trt_network_set_logger(TrtNetwork *network, TrtLogger *logger);
TRT_API TrtLogger *trt_network_get_logger(const TrtNetwork *network);

/* An input. A first dimension of -1 is the batch: it takes the builder's
 * max batch size. Returns NULL (and logs) on a duplicate name. */
TRT_API TrtTensor *trt_network_add_input(TrtNetwork *network, const char *name,
                                         TrtDataType type, const TrtDims *dims);
/* A constant (weights); the bytes are copied. */
TRT_API TrtTensor *trt_network_add_constant(TrtNetwork *network,
                                            const char *name, TrtDataType type,
                                            const TrtDims *dims,
                                            const void *data);
TRT_API TrtStatus trt_network_mark_output(TrtNetwork *network,
                                          TrtTensor *tensor);
TRT_API TrtStatus trt_network_unmark_output(TrtNetwork *network,
                                            TrtTensor *tensor);
TRT_API TrtTensor *trt_network_find_tensor(const TrtNetwork *network,
                                           const char *name);
/* Replaces the dims of an input (e.g. to fix symbolic dims). */
TRT_API TrtStatus trt_network_set_input_dims(TrtNetwork *network,
                                             TrtTensor *input,
                                             const TrtDims *dims);

TRT_API int trt_network_get_nb_inputs(const TrtNetwork *network);
TRT_API TrtTensor *trt_network_get_input(const TrtNetwork *network, int i);
TRT_API int trt_network_get_nb_outputs(const TrtNetwork *network);
TRT_API TrtTensor *trt_network_get_output(const TrtNetwork *network, int i);
TRT_API int trt_network_get_nb_layers(const TrtNetwork *network);
TRT_API TrtLayer *trt_network_get_layer(const TrtNetwork *network, int i);

/* Adds a layer of any kind. `params` points to the kind's parameter struct
 * (see layers.h; NULL for kinds without one) and is copied. `inputs` may
 * hold NULL for an absent optional input. The layer gets `nb_outputs` new
 * tensors, named "<layer name>_output_<i>" until renamed. Shapes are checked
 * when the network is built. Returns NULL (and logs) on bad arguments. */
TRT_API TrtLayer *trt_network_add_layer(TrtNetwork *network, TrtLayerType type,
                                        TrtTensor *const *inputs,
                                        int nb_inputs, const void *params,
                                        int nb_outputs);

/* Typed shorthands for the common kinds. */
TRT_API TrtLayer *trt_network_add_convolution(
    TrtNetwork *network, TrtTensor *input, TrtTensor *weights, TrtTensor *bias,
    const TrtConvolutionParams *params);
TRT_API TrtLayer *trt_network_add_deconvolution(
    TrtNetwork *network, TrtTensor *input, TrtTensor *weights, TrtTensor *bias,
    const TrtConvolutionParams *params);
TRT_API TrtLayer *trt_network_add_pooling(TrtNetwork *network,
                                          TrtTensor *input,
                                          const TrtPoolingParams *params);
/* y = x W^T + b over the last dim of x (W is [out, in], as Caffe stores). */
TRT_API TrtLayer *trt_network_add_fully_connected(TrtNetwork *network,
                                                  TrtTensor *input,
                                                  TrtTensor *weights,
                                                  TrtTensor *bias);
TRT_API TrtLayer *trt_network_add_matmul(TrtNetwork *network, TrtTensor *a,
                                         TrtTensor *b);
TRT_API TrtLayer *trt_network_add_activation(TrtNetwork *network,
                                             TrtTensor *input,
                                             TrtActivationType type,
                                             float alpha, float beta);
TRT_API TrtLayer *trt_network_add_softmax(TrtNetwork *network,
                                          TrtTensor *input, int axis);
TRT_API TrtLayer *trt_network_add_elementwise(TrtNetwork *network,
                                              TrtTensor *a, TrtTensor *b,
                                              TrtElementwiseOp op);
TRT_API TrtLayer *trt_network_add_unary(TrtNetwork *network, TrtTensor *input,
                                        TrtUnaryOp op);
TRT_API TrtLayer *trt_network_add_concat(TrtNetwork *network,
                                         TrtTensor *const *inputs,
                                         int nb_inputs, int axis);
/* Reshape to `dims` (0 copies the input dim, -1 is inferred). */
TRT_API TrtLayer *trt_network_add_reshape(TrtNetwork *network,
                                          TrtTensor *input,
                                          const TrtDims *dims);
TRT_API TrtLayer *trt_network_add_transpose(TrtNetwork *network,
                                            TrtTensor *input,
                                            const int32_t *perm, int nb_perm);

/* Tensors. */
TRT_API const char *trt_tensor_get_name(const TrtTensor *tensor);
TRT_API TrtStatus trt_tensor_set_name(TrtTensor *tensor, const char *name);
TRT_API TrtDataType trt_tensor_get_type(const TrtTensor *tensor);
/* Declared dims for inputs and constants; inferred dims once built. */
TRT_API TrtDims trt_tensor_get_dims(const TrtTensor *tensor);
TRT_API bool trt_tensor_is_input(const TrtTensor *tensor);
TRT_API bool trt_tensor_is_output(const TrtTensor *tensor);
TRT_API bool trt_tensor_is_constant(const TrtTensor *tensor);

/* Layers. */
TRT_API const char *trt_layer_get_name(const TrtLayer *layer);
TRT_API TrtStatus trt_layer_set_name(TrtLayer *layer, const char *name);
TRT_API TrtLayerType trt_layer_get_type(const TrtLayer *layer);
TRT_API int trt_layer_get_nb_inputs(const TrtLayer *layer);
TRT_API TrtTensor *trt_layer_get_input(const TrtLayer *layer, int i);
TRT_API int trt_layer_get_nb_outputs(const TrtLayer *layer);
TRT_API TrtTensor *trt_layer_get_output(const TrtLayer *layer, int i);
/* The layer's parameter struct (see layers.h), or NULL. Writable until
 * the network is built. */
TRT_API void *trt_layer_get_params(TrtLayer *layer);

#ifdef __cplusplus
}
#endif
#endif
