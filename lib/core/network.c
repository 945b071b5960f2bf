/* Network definition: construction, lookup and the edits that builder
 * passes make. */
#include <stdlib.h>
#include <string.h>

#include "network-impl.h"
#include "ops.h"
#include "util.h"

static bool grow(void **array, int *cap, int need, size_t elem) {
  if (need <= *cap) return true;
  int ncap = *cap ? *cap * 2 : 16;
  while (ncap < need) ncap *= 2;
  void *p = realloc(*array, (size_t)ncap * elem);
  if (!p) return false;
  *array = p;
  *cap = ncap;
  return true;
}
#define GROW(arr, cap, need) grow((void **)&(arr), &(cap), (need), sizeof *(arr))

TrtNetwork *trt_network_new(void) { return calloc(1, sizeof(TrtNetwork)); }

static void tensor_free(TrtTensor *t) {
  if (!t) return;
  free(t->name);
  if (!t->data_borrowed) free(t->data);
  free(t);
}

static void layer_free(TrtLayer *l) {
  if (!l) return;
  free(l->name);
  free(l->params);
  free(l->inputs);
  free(l->outputs);
  free(l);
}

void trt_network_free(TrtNetwork *network) {
  if (!network) return;
  for (int i = 0; i < network->nb_tensors; i++) tensor_free(network->tensors[i]);
  for (int i = 0; i < network->nb_layers; i++) layer_free(network->layers[i]);
  free(network->tensors);
  free(network->layers);
  free(network->inputs);
  free(network->outputs);
  free(network);
}

void trt_network_set_logger(TrtNetwork *network, TrtLogger *logger) {
  network->logger = logger;
}

TrtLogger *trt_network_get_logger(const TrtNetwork *network) {
  return network->logger;
}

char *trt_network_unique_name(TrtNetwork *network, const char *prefix) {
  for (;;) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s_%d", prefix, network->name_counter++);
    if (!trt_network_find_tensor(network, buf)) return trt_strdup(buf);
  }
}

TrtTensor *trt_network_new_tensor(TrtNetwork *network, const char *name,
                                  TrtDataType type, const TrtDims *dims,
                                  TrtTensorRole role) {
  if (!GROW(network->tensors, network->cap_tensors, network->nb_tensors + 1))
    return NULL;
  TrtTensor *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->name = trt_strdup(name ? name : "");
  if (!t->name) {
    free(t);
    return NULL;
  }
  t->type = type;
  if (dims) t->dims = *dims;
  t->role = role;
  t->id = network->nb_tensors;
  network->tensors[network->nb_tensors++] = t;
  return t;
}

static bool dims_valid(const TrtDims *dims) {
  if (!dims || dims->nb_dims < 0 || dims->nb_dims > TRT_MAX_DIMS) return false;
  for (int i = 0; i < dims->nb_dims; i++)
    if (dims->d[i] < -1) return false;
  return true;
}

TrtTensor *trt_network_add_input(TrtNetwork *network, const char *name,
                                 TrtDataType type, const TrtDims *dims) {
  if (!network || !name || !dims_valid(dims) ||
      (unsigned)type >= TRT_DATA_TYPE_COUNT) {
    if (network)
      trt_log(network->logger, TRT_SEVERITY_ERROR,
              "add_input '%s': invalid name, type or dims", name ? name : "");
    return NULL;
  }
  if (trt_network_find_tensor(network, name)) {
    trt_log(network->logger, TRT_SEVERITY_ERROR,
            "add_input: a tensor named '%s' already exists", name);
    return NULL;
  }
  if (!GROW(network->inputs, network->cap_inputs, network->nb_inputs + 1))
    return NULL;
  TrtTensor *t =
      trt_network_new_tensor(network, name, type, dims, TRT_TENSOR_INPUT);
  if (t) network->inputs[network->nb_inputs++] = t;
  return t;
}

TrtTensor *trt_network_add_constant(TrtNetwork *network, const char *name,
                                    TrtDataType type, const TrtDims *dims,
                                    const void *data) {
  if (!network || !dims_valid(dims) || (unsigned)type >= TRT_DATA_TYPE_COUNT)
    return NULL;
  int64_t volume = trt_dims_volume(dims);
  if (volume < 0) {
    trt_log(network->logger, TRT_SEVERITY_ERROR,
            "add_constant '%s': dims must be known and not overflow",
            name ? name : "");
    return NULL;
  }
  size_t size = (size_t)volume * trt_data_type_size(type);
  void *copy = malloc(size ? size : 1);
  if (!copy) return NULL;
  if (size) {
    if (data)
      memcpy(copy, data, size);
    else
      memset(copy, 0, size);
  }
  char *generated = NULL;
  if (!name || !*name || trt_network_find_tensor(network, name))
    name = generated = trt_network_unique_name(network, name && *name ? name : "const");
  TrtTensor *t =
      trt_network_new_tensor(network, name, type, dims, TRT_TENSOR_CONSTANT);
  free(generated);
  if (!t) {
    free(copy);
    return NULL;
  }
  t->data = copy;
  t->data_size = size;
  return t;
}

void trt_tensor_make_constant(TrtTensor *tensor, void *data, size_t size) {
  if (!tensor->data_borrowed) free(tensor->data);
  tensor->data_borrowed = false;
  tensor->data = data;
  tensor->data_size = size;
  tensor->role = TRT_TENSOR_CONSTANT;
  tensor->producer = NULL;
}

TrtStatus trt_network_mark_output(TrtNetwork *network, TrtTensor *tensor) {
  if (!network || !tensor) return TRT_STATUS_INVALID_ARGUMENT;
  if (tensor->is_output) return TRT_STATUS_OK;
  if (!GROW(network->outputs, network->cap_outputs, network->nb_outputs + 1))
    return TRT_STATUS_OUT_OF_MEMORY;
  tensor->is_output = true;
  network->outputs[network->nb_outputs++] = tensor;
  return TRT_STATUS_OK;
}

TrtStatus trt_network_unmark_output(TrtNetwork *network, TrtTensor *tensor) {
  if (!network || !tensor || !tensor->is_output)
    return TRT_STATUS_INVALID_ARGUMENT;
  int j = 0;
  for (int i = 0; i < network->nb_outputs; i++)
    if (network->outputs[i] != tensor) network->outputs[j++] = network->outputs[i];
  network->nb_outputs = j;
  tensor->is_output = false;
  return TRT_STATUS_OK;
}

TrtTensor *trt_network_find_tensor(const TrtNetwork *network, const char *name) {
  if (!network || !name) return NULL;
  for (int i = network->nb_tensors - 1; i >= 0; i--)
    if (strcmp(network->tensors[i]->name, name) == 0) return network->tensors[i];
  return NULL;
}

TrtStatus trt_network_set_input_dims(TrtNetwork *network, TrtTensor *input,
                                     const TrtDims *dims) {
  if (!network || !input || input->role != TRT_TENSOR_INPUT || !dims_valid(dims))
    return TRT_STATUS_INVALID_ARGUMENT;
  input->dims = *dims;
  return TRT_STATUS_OK;
}

int trt_network_get_nb_inputs(const TrtNetwork *n) { return n->nb_inputs; }
int trt_network_get_nb_outputs(const TrtNetwork *n) { return n->nb_outputs; }
int trt_network_get_nb_layers(const TrtNetwork *n) { return n->nb_layers; }
TrtTensor *trt_network_get_input(const TrtNetwork *n, int i) {
  return i >= 0 && i < n->nb_inputs ? n->inputs[i] : NULL;
}
TrtTensor *trt_network_get_output(const TrtNetwork *n, int i) {
  return i >= 0 && i < n->nb_outputs ? n->outputs[i] : NULL;
}
TrtLayer *trt_network_get_layer(const TrtNetwork *n, int i) {
  return i >= 0 && i < n->nb_layers ? n->layers[i] : NULL;
}

static bool tensor_in_network(const TrtNetwork *network, const TrtTensor *t) {
  return t->id >= 0 && t->id < network->nb_tensors && network->tensors[t->id] == t;
}

TrtLayer *trt_network_add_layer(TrtNetwork *network, TrtLayerType type,
                                TrtTensor *const *inputs, int nb_inputs,
                                const void *params, int nb_outputs) {
  if (!network) return NULL;
  const TrtOpInfo *info = trt_op_info(type);
  if (!info) {
    trt_log(network->logger, TRT_SEVERITY_ERROR, "add_layer: unknown layer type %d",
            (int)type);
    return NULL;
  }
  if (nb_inputs < info->min_inputs ||
      (info->max_inputs >= 0 && nb_inputs > info->max_inputs) || nb_outputs < 1) {
    trt_log(network->logger, TRT_SEVERITY_ERROR,
            "add_layer %s: %d inputs / %d outputs is not a valid count",
            info->name, nb_inputs, nb_outputs);
    return NULL;
  }
  for (int i = 0; i < nb_inputs; i++) {
    bool required = i < info->min_inputs;
    if ((!inputs[i] && required) ||
        (inputs[i] && !tensor_in_network(network, inputs[i]))) {
      trt_log(network->logger, TRT_SEVERITY_ERROR,
              "add_layer %s: input %d is missing or from another network",
              info->name, i);
      return NULL;
    }
  }
  if (info->params_size && !params) {
    trt_log(network->logger, TRT_SEVERITY_ERROR,
            "add_layer %s: parameters are required", info->name);
    return NULL;
  }
  if (!GROW(network->layers, network->cap_layers, network->nb_layers + 1))
    return NULL;
  TrtLayer *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  l->type = type;
  l->name = trt_network_unique_name(network, info->name);
  l->inputs = calloc((size_t)(nb_inputs ? nb_inputs : 1), sizeof *l->inputs);
  l->outputs = calloc((size_t)nb_outputs, sizeof *l->outputs);
  if (info->params_size) {
    l->params = malloc(info->params_size);
    if (l->params) memcpy(l->params, params, info->params_size);
  }
  if (!l->name || !l->inputs || !l->outputs || (info->params_size && !l->params)) {
    layer_free(l);
    return NULL;
  }
  l->nb_inputs = nb_inputs;
  for (int i = 0; i < nb_inputs; i++) l->inputs[i] = inputs[i];
  for (int i = 0; i < nb_outputs; i++) {
    char buf[600];
    snprintf(buf, sizeof buf, "%s_output_%d", l->name, i);
    char *name = trt_network_find_tensor(network, buf)
                     ? trt_network_unique_name(network, buf)
                     : trt_strdup(buf);
    TrtTensor *t = name ? trt_network_new_tensor(network, name, TRT_DATA_TYPE_FLOAT,
                                                 NULL, TRT_TENSOR_ACTIVATION)
                        : NULL;
    free(name);
    if (!t) {
      layer_free(l); /* tensors made so far stay unused; freed with network */
      return NULL;
    }
    t->dims.nb_dims = -1; /* unknown until inferred */
    t->producer = l;
    l->outputs[i] = t;
  }
  l->nb_outputs = nb_outputs;
  l->id = network->nb_layers;
  network->layers[network->nb_layers++] = l;
  return l;
}

TrtLayer *trt_network_add_convolution(TrtNetwork *network, TrtTensor *input,
                                      TrtTensor *weights, TrtTensor *bias,
                                      const TrtConvolutionParams *params) {
  TrtTensor *in[3] = {input, weights, bias};
  return trt_network_add_layer(network, TRT_LAYER_CONVOLUTION, in, bias ? 3 : 2,
                               params, 1);
}

TrtLayer *trt_network_add_deconvolution(TrtNetwork *network, TrtTensor *input,
                                        TrtTensor *weights, TrtTensor *bias,
                                        const TrtConvolutionParams *params) {
  TrtTensor *in[3] = {input, weights, bias};
  return trt_network_add_layer(network, TRT_LAYER_DECONVOLUTION, in,
                               bias ? 3 : 2, params, 1);
}

TrtLayer *trt_network_add_pooling(TrtNetwork *network, TrtTensor *input,
                                  const TrtPoolingParams *params) {
  return trt_network_add_layer(network, TRT_LAYER_POOLING, &input, 1, params, 1);
}

TrtLayer *trt_network_add_fully_connected(TrtNetwork *network, TrtTensor *input,
                                          TrtTensor *weights, TrtTensor *bias) {
  TrtGemmParams p = {.alpha = 1.0f, .beta = 1.0f, .transpose_b = 1};
  TrtTensor *in[3] = {input, weights, bias};
  return trt_network_add_layer(network, TRT_LAYER_GEMM, in, bias ? 3 : 2, &p, 1);
}

TrtLayer *trt_network_add_matmul(TrtNetwork *network, TrtTensor *a,
                                 TrtTensor *b) {
  TrtMatMulParams p = {0};
  TrtTensor *in[2] = {a, b};
  return trt_network_add_layer(network, TRT_LAYER_MATMUL, in, 2, &p, 1);
}

TrtLayer *trt_network_add_activation(TrtNetwork *network, TrtTensor *input,
                                     TrtActivationType type, float alpha,
                                     float beta) {
  TrtActivationParams p = {.type = type, .alpha = alpha, .beta = beta};
  return trt_network_add_layer(network, TRT_LAYER_ACTIVATION, &input, 1, &p, 1);
}

TrtLayer *trt_network_add_softmax(TrtNetwork *network, TrtTensor *input,
                                  int axis) {
  TrtSoftmaxParams p = {.axis = axis};
  return trt_network_add_layer(network, TRT_LAYER_SOFTMAX, &input, 1, &p, 1);
}

TrtLayer *trt_network_add_elementwise(TrtNetwork *network, TrtTensor *a,
                                      TrtTensor *b, TrtElementwiseOp op) {
  TrtElementwiseParams p = {.op = op};
  TrtTensor *in[2] = {a, b};
  return trt_network_add_layer(network, TRT_LAYER_ELEMENTWISE, in, 2, &p, 1);
}

TrtLayer *trt_network_add_unary(TrtNetwork *network, TrtTensor *input,
                                TrtUnaryOp op) {
  TrtUnaryParams p = {.op = op};
  return trt_network_add_layer(network, TRT_LAYER_UNARY, &input, 1, &p, 1);
}

TrtLayer *trt_network_add_concat(TrtNetwork *network, TrtTensor *const *inputs,
                                 int nb_inputs, int axis) {
  TrtAxisParams p = {.axis = axis};
  return trt_network_add_layer(network, TRT_LAYER_CONCAT, inputs, nb_inputs, &p, 1);
}

TrtLayer *trt_network_add_reshape(TrtNetwork *network, TrtTensor *input,
                                  const TrtDims *dims) {
  if (!network || !dims_valid(dims)) return NULL;
  TrtDims shape_dims = {1, {dims->nb_dims}};
  TrtTensor *shape = trt_network_add_constant(network, "reshape_shape",
                                              TRT_DATA_TYPE_INT64, &shape_dims,
                                              dims->d);
  if (!shape) return NULL;
  TrtReshapeParams p = {0};
  TrtTensor *in[2] = {input, shape};
  return trt_network_add_layer(network, TRT_LAYER_RESHAPE, in, 2, &p, 1);
}

TrtLayer *trt_network_add_transpose(TrtNetwork *network, TrtTensor *input,
                                    const int32_t *perm, int nb_perm) {
  TrtTransposeParams p = {0};
  if (nb_perm < 0 || nb_perm > TRT_MAX_DIMS) return NULL;
  p.nb_perm = nb_perm;
  for (int i = 0; i < nb_perm; i++) p.perm[i] = perm[i];
  return trt_network_add_layer(network, TRT_LAYER_TRANSPOSE, &input, 1, &p, 1);
}

const char *trt_tensor_get_name(const TrtTensor *t) { return t->name; }
TrtStatus trt_tensor_set_name(TrtTensor *t, const char *name) {
  char *copy = name ? trt_strdup(name) : NULL;
  if (!copy) return TRT_STATUS_INVALID_ARGUMENT;
  free(t->name);
  t->name = copy;
  return TRT_STATUS_OK;
}
TrtDataType trt_tensor_get_type(const TrtTensor *t) { return t->type; }
TrtDims trt_tensor_get_dims(const TrtTensor *t) { return t->dims; }
bool trt_tensor_is_input(const TrtTensor *t) { return t->role == TRT_TENSOR_INPUT; }
bool trt_tensor_is_output(const TrtTensor *t) { return t->is_output; }
bool trt_tensor_is_constant(const TrtTensor *t) {
  return t->role == TRT_TENSOR_CONSTANT;
}

const char *trt_layer_get_name(const TrtLayer *l) { return l->name; }
TrtStatus trt_layer_set_name(TrtLayer *l, const char *name) {
  char *copy = name ? trt_strdup(name) : NULL;
  if (!copy) return TRT_STATUS_INVALID_ARGUMENT;
  free(l->name);
  l->name = copy;
  return TRT_STATUS_OK;
}
TrtLayerType trt_layer_get_type(const TrtLayer *l) { return l->type; }
int trt_layer_get_nb_inputs(const TrtLayer *l) { return l->nb_inputs; }
TrtTensor *trt_layer_get_input(const TrtLayer *l, int i) {
  return i >= 0 && i < l->nb_inputs ? l->inputs[i] : NULL;
}
int trt_layer_get_nb_outputs(const TrtLayer *l) { return l->nb_outputs; }
TrtTensor *trt_layer_get_output(const TrtLayer *l, int i) {
  return i >= 0 && i < l->nb_outputs ? l->outputs[i] : NULL;
}
void *trt_layer_get_params(TrtLayer *l) { return l->params; }

/* ---- edits used by the builder ------------------------------------------ */

TrtNetwork *trt_network_clone(const TrtNetwork *src) {
  TrtNetwork *dst = trt_network_new();
  if (!dst) return NULL;
  dst->logger = src->logger;
  dst->name_counter = src->name_counter;
  for (int i = 0; i < src->nb_tensors; i++) {
    const TrtTensor *s = src->tensors[i];
    TrtTensor *t = trt_network_new_tensor(dst, s->name, s->type, &s->dims, s->role);
    if (!t) goto fail;
    t->is_output = s->is_output;
    t->channels_last = s->channels_last;
    if (s->data) {
      t->data = malloc(s->data_size ? s->data_size : 1);
      if (!t->data) goto fail;
      memcpy(t->data, s->data, s->data_size);
      t->data_size = s->data_size;
    }
  }
  for (int i = 0; i < src->nb_layers; i++) {
    const TrtLayer *s = src->layers[i];
    const TrtOpInfo *info = trt_op_info(s->type);
    if (!GROW(dst->layers, dst->cap_layers, dst->nb_layers + 1)) goto fail;
    TrtLayer *l = calloc(1, sizeof *l);
    if (!l) goto fail;
    dst->layers[dst->nb_layers++] = l;
    l->id = s->id;
    l->type = s->type;
    l->name = trt_strdup(s->name);
    l->inputs = calloc((size_t)(s->nb_inputs ? s->nb_inputs : 1), sizeof *l->inputs);
    l->outputs = calloc((size_t)(s->nb_outputs ? s->nb_outputs : 1), sizeof *l->outputs);
    if (info->params_size) {
      l->params = malloc(info->params_size);
      if (l->params) memcpy(l->params, s->params, info->params_size);
    }
    if (!l->name || !l->inputs || !l->outputs || (info->params_size && !l->params))
      goto fail;
    l->nb_inputs = s->nb_inputs;
    l->nb_outputs = s->nb_outputs;
    for (int j = 0; j < s->nb_inputs; j++)
      l->inputs[j] = s->inputs[j] ? dst->tensors[s->inputs[j]->id] : NULL;
    for (int j = 0; j < s->nb_outputs; j++) {
      l->outputs[j] = dst->tensors[s->outputs[j]->id];
      l->outputs[j]->producer = l;
    }
  }
  for (int i = 0; i < src->nb_inputs; i++) {
    if (!GROW(dst->inputs, dst->cap_inputs, dst->nb_inputs + 1)) goto fail;
    dst->inputs[dst->nb_inputs++] = dst->tensors[src->inputs[i]->id];
  }
  for (int i = 0; i < src->nb_outputs; i++) {
    if (!GROW(dst->outputs, dst->cap_outputs, dst->nb_outputs + 1)) goto fail;
    dst->outputs[dst->nb_outputs++] = dst->tensors[src->outputs[i]->id];
  }
  return dst;
fail:
  trt_network_free(dst);
  return NULL;
}

int trt_network_count_uses(const TrtNetwork *network, const TrtTensor *tensor) {
  int n = 0;
  for (int i = 0; i < network->nb_layers; i++) {
    const TrtLayer *l = network->layers[i];
    for (int j = 0; j < l->nb_inputs; j++) n += l->inputs[j] == tensor;
  }
  return n;
}

void trt_network_replace_uses(TrtNetwork *network, TrtTensor *from,
                              TrtTensor *to) {
  for (int i = 0; i < network->nb_layers; i++) {
    TrtLayer *l = network->layers[i];
    for (int j = 0; j < l->nb_inputs; j++)
      if (l->inputs[j] == from) l->inputs[j] = to;
  }
  if (from->is_output) {
    for (int i = 0; i < network->nb_outputs; i++)
      if (network->outputs[i] == from) network->outputs[i] = to;
    from->is_output = false;
    to->is_output = true;
    /* Users find outputs by name: the replacement takes it over. */
    char *name = from->name;
    from->name = to->name;
    to->name = name;
  }
}

void trt_network_remove_layers(TrtNetwork *network, const bool *dead) {
  int j = 0;
  for (int i = 0; i < network->nb_layers; i++) {
    TrtLayer *l = network->layers[i];
    if (dead[l->id]) {
      for (int k = 0; k < l->nb_outputs; k++) l->outputs[k]->producer = NULL;
      layer_free(l);
    } else {
      network->layers[j++] = l;
    }
  }
  network->nb_layers = j;
  for (int i = 0; i < network->nb_layers; i++) network->layers[i]->id = i;

  /* Drop tensors nobody references any more. */
  bool *used = calloc((size_t)network->nb_tensors + 1, sizeof *used);
  if (!used) return; /* keeping unreferenced tensors is harmless */
  for (int i = 0; i < network->nb_layers; i++) {
    TrtLayer *l = network->layers[i];
    for (int k = 0; k < l->nb_inputs; k++)
      if (l->inputs[k]) used[l->inputs[k]->id] = true;
    for (int k = 0; k < l->nb_outputs; k++) used[l->outputs[k]->id] = true;
  }
  for (int i = 0; i < network->nb_inputs; i++) used[network->inputs[i]->id] = true;
  for (int i = 0; i < network->nb_outputs; i++) used[network->outputs[i]->id] = true;
  j = 0;
  for (int i = 0; i < network->nb_tensors; i++) {
    TrtTensor *t = network->tensors[i];
    if (used[i]) {
      t->id = j;
      network->tensors[j++] = t;
    } else {
      tensor_free(t);
    }
  }
  network->nb_tensors = j;
  free(used);
}
