/* Internal layout of networks, tensors and layers. Shared by the core, the
 * builder passes, the engine file code and the parsers. */
#ifndef TRT_NETWORK_IMPL_H
#define TRT_NETWORK_IMPL_H

#include <trtinfer/network.h>

typedef enum {
  TRT_TENSOR_ACTIVATION = 0, /* produced by a layer */
  TRT_TENSOR_INPUT = 1,
  TRT_TENSOR_CONSTANT = 2
} TrtTensorRole;

struct TrtTensor {
  int id; /* index in network->tensors */
  char *name;
  TrtDataType type;
  TrtDims dims;
  TrtTensorRole role;
  bool is_output;
  void *data; /* CONSTANT: owned host bytes, volume * element size */
  size_t data_size;
  TrtLayer *producer; /* ACTIVATION: the layer that writes it */
  /* Stored channels-last (N,H,W,C order; dims stay N,C,H,W): the 4-D
   * float16 tensors of the half-storage pass, which device kernels read and
   * write in the layout their tensor-core paths need. */
  bool channels_last;
  /* CONSTANT data that lies in a file the engine maps (engines loaded from
   * files use their weights in place): not freed with the tensor. */
  bool data_borrowed;
};

struct TrtLayer {
  int id; /* index in network->layers */
  char *name;
  TrtLayerType type;
  void *params; /* owned copy of the kind's parameter struct, or NULL */
  int nb_inputs;
  TrtTensor **inputs; /* NULL entries: absent optional inputs */
  int nb_outputs;
  TrtTensor **outputs;
};

struct TrtNetwork {
  TrtLogger *logger;
  TrtTensor **tensors;
  int nb_tensors, cap_tensors;
  TrtLayer **layers; /* topological order */
  int nb_layers, cap_layers;
  TrtTensor **inputs;
  int nb_inputs, cap_inputs;
  TrtTensor **outputs;
  int nb_outputs, cap_outputs;
  int name_counter; /* for generated names */
};

/* Deep copy (tensors, layers, constant data). NULL on out of memory. */
TrtNetwork *trt_network_clone(const TrtNetwork *network);

/* Adds an activation tensor with no producer yet (for engine loading). */
TrtTensor *trt_network_new_tensor(TrtNetwork *network, const char *name,
                                  TrtDataType type, const TrtDims *dims,
                                  TrtTensorRole role);
/* Turns a tensor into a constant holding `data` (ownership taken). Used by
 * constant folding. */
void trt_tensor_make_constant(TrtTensor *tensor, void *data, size_t size);

/* Removes layers marked in `dead` (bool per layer id) and tensors no longer
 * referenced (except inputs and outputs), then renumbers ids. */
void trt_network_remove_layers(TrtNetwork *network, const bool *dead);
/* Replaces every use of `from` as a layer input or network output with
 * `to` (the output keeps from's name if from was an output). */
void trt_network_replace_uses(TrtNetwork *network, TrtTensor *from,
                              TrtTensor *to);
/* Number of layers reading `tensor` as input. */
int trt_network_count_uses(const TrtNetwork *network, const TrtTensor *tensor);

/* A unique name "<prefix>_<n>" for generated tensors and layers; returns a
 * malloc'ed string. */
char *trt_network_unique_name(TrtNetwork *network, const char *prefix);

#endif
