/* Internals of the Caffe parser: the state of one import, what a converter
 * sees of a layer, and the helpers converters share (caffe-build.c).
 * caffe-net.c walks the layers and dispatches on their type; one file per
 * family of layer types (caffe-ops-*.c) holds the converters. */
#ifndef TRT_CAFFE_IMPORTER_H
#define TRT_CAFFE_IMPORTER_H

#include <trtinfer/parsers.h>

#include "../../core/shape-inference.h"
#include "caffe.pb-c.h"

/* Blob name -> the tensor holding its newest value. */
typedef struct {
  char *name;
  TrtTensor *tensor;
  bool consumed; /* read by a layer after its last write */
} CaffeBlob;

struct TrtBlobNameToTensor {
  CaffeBlob *entries;
  size_t count, cap;
};

typedef struct {
  TrtNetwork *net;
  TrtLogger *logger;
  const char *deploy_file;
  const char *model_file;
  const Caffe__NetParameter *deploy;
  const Caffe__NetParameter *model; /* the weights */
  TrtBlobNameToTensor *blobs;
  /* Shapes of the network made so far (see caffe_dims); valid while the
   * network's layer and tensor counts are unchanged. */
  TrtShapeState shapes;
  int shapes_layers, shapes_tensors;
  bool shapes_ok;
} CaffeImporter;

/* What a converter sees of one layer. Old (V1) layers are presented as
 * LayerParameter with the type's current name. */
typedef struct {
  const Caffe__LayerParameter *param;
  int index;        /* position in the deploy file */
  const char *name; /* the layer's name, or "#<index>" */
  const char *type;
  int nb_bottoms;
  TrtTensor **bottoms;
  int nb_tops;
  /* Weight blobs: from the model file's layer of the same name, else from
   * the deploy file itself. */
  size_t nb_weights;
  Caffe__BlobProto *const *weights;
} CaffeLayer;

typedef TrtStatus (*CaffeConvertFn)(CaffeImporter *imp, const CaffeLayer *layer);

/* The converter of a layer type, or NULL. */
CaffeConvertFn caffe_find_converter(const char *type);

/* Converts every layer of imp->deploy into imp->net (caffe-net.c). */
TrtStatus caffe_import_net(CaffeImporter *imp);
/* A network input for blob `name` of the given shape. */
TrtStatus caffe_add_input_shape(CaffeImporter *imp, const char *name,
                                const Caffe__BlobShape *shape);

/* ---- messages (caffe-build.c, as everything down to the weights) ------------- */
/* Logs "<deploy file>: layer '<name>' (<type>): <message>"; returns status. */
TrtStatus caffe_layer_fail(const CaffeImporter *imp, const CaffeLayer *layer, TrtStatus status,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- blobs --------------------------------------------------------------------- */
CaffeBlob *caffe_blob_find(const TrtBlobNameToTensor *map, const char *name);
/* Points `name` at `tensor` (a new entry, or the newest value of an old
 * one); false when out of memory. */
bool caffe_blob_put(TrtBlobNameToTensor *map, const char *name, TrtTensor *tensor);
void caffe_blob_map_free(TrtBlobNameToTensor *map);
/* Names `t` `base`, or a unique variant when another tensor has it. */
TrtStatus caffe_rename_tensor(CaffeImporter *imp, TrtTensor *t, const char *base);

/* ---- building layers ------------------------------------------------------------- */
/* Checks the counts of bottoms and tops (max -1: any number from min). */
TrtStatus caffe_need_io(const CaffeImporter *imp, const CaffeLayer *layer, int min_bottoms,
                        int max_bottoms, int tops);
/* Adds a network layer named after the Caffe layer ("<name>" or, with a
 * suffix, "<name>/<suffix>"), or logs why it cannot. */
TrtLayer *caffe_add_layer(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                          TrtLayerType type, TrtTensor *const *inputs, int nb_inputs,
                          const void *params, int nb_outputs);
/* One-output shorthand: the output tensor, or NULL (logged). */
TrtTensor *caffe_add1(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                      TrtLayerType type, TrtTensor *const *inputs, int nb_inputs,
                      const void *params);
TrtTensor *caffe_activation(CaffeImporter *imp, const CaffeLayer *layer, TrtTensor *x,
                            TrtActivationType type, float alpha, float beta);
TrtTensor *caffe_elementwise(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                             TrtTensor *a, TrtTensor *b, TrtElementwiseOp op);
TrtTensor *caffe_unary(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                       TrtTensor *x, TrtUnaryOp op);
/* y = x * scale + shift, uniform scalars; NaN leaves a term out. */
TrtTensor *caffe_affine(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                        TrtTensor *x, float scale, float shift);
/* Reshape to `shape` (ONNX rules: 0 copies the input dim, -1 is inferred). */
TrtTensor *caffe_reshape(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                         TrtTensor *x, const int64_t *shape, int rank);
/* A constant named "<layer>/<suffix>". */
TrtTensor *caffe_constant(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                          TrtDataType type, const TrtDims *dims, const void *data);
TrtTensor *caffe_const_i64(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                           const int64_t *values, int count);
TrtTensor *caffe_const_f32(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                           float value, int64_t count);
/* Makes `t` the value of top i: it takes the blob's name (an older value
 * of the same blob is renamed "<blob>_before_<layer>"). */
TrtStatus caffe_set_top(CaffeImporter *imp, const CaffeLayer *layer, int i, TrtTensor *t);
/* Top 0 from a one-output result; NULL (already logged) gives an error. */
TrtStatus caffe_output(CaffeImporter *imp, const CaffeLayer *layer, TrtTensor *t);

/* Dims of any tensor, inferring the network made so far when it is made by
 * a layer. caffe_need_dims logs a failure for bottom i of the layer. */
bool caffe_dims(CaffeImporter *imp, const TrtTensor *t, TrtDims *dims);
TrtStatus caffe_need_dims(CaffeImporter *imp, const CaffeLayer *layer, int bottom,
                          TrtDims *dims);
/* Normalizes a Caffe axis (negative counts from the end) against rank;
 * logs and returns false when out of range. */
bool caffe_axis(const CaffeImporter *imp, const CaffeLayer *layer, int64_t axis, int rank,
                const char *what, int *out);

/* ---- weights (caffe-weights.c) ----------------------------------------------------- */
/* The weight blobs of the layer named `name` in the model file (NULL when
 * there is no such layer); *count receives their number. */
Caffe__BlobProto *const *caffe_model_blobs(const CaffeImporter *imp, const char *name,
                                           size_t *count);
/* Logs unless the layer has at least `count` weight blobs; `what` lists
 * them for the message ("weights, bias"). */
TrtStatus caffe_need_weights(const CaffeImporter *imp, const CaffeLayer *layer, size_t count,
                             const char *what);
/* Number of values of weight blob i. */
int64_t caffe_weight_count(const CaffeLayer *layer, size_t i);
/* Weight blob i as a float32 constant of `dims` (its value count must be
 * their volume), named "<layer>/<what>"; NULL (logged) otherwise. */
TrtTensor *caffe_weight(CaffeImporter *imp, const CaffeLayer *layer, size_t i,
                        const TrtDims *dims, const char *what);
/* Copies `count` values of weight blob i into out (which has room); logs
 * and returns false when the blob holds another number of values. */
bool caffe_weight_values(const CaffeImporter *imp, const CaffeLayer *layer, size_t i,
                         int64_t count, const char *what, float *out);
/* A BlobProto's dims: its shape, else the old num/channels/height/width. */
TrtDims caffe_blob_dims(const Caffe__BlobProto *blob);

/* ---- converters, by family ------------------------------------------------------------- */
#define CAFFE_CONVERTER(fn) TrtStatus fn(CaffeImporter *imp, const CaffeLayer *layer)
/* caffe-ops-nn.c */
CAFFE_CONVERTER(caffe_convert_convolution);
CAFFE_CONVERTER(caffe_convert_deconvolution);
CAFFE_CONVERTER(caffe_convert_pooling);
CAFFE_CONVERTER(caffe_convert_inner_product);
CAFFE_CONVERTER(caffe_convert_softmax);
CAFFE_CONVERTER(caffe_convert_lrn);
CAFFE_CONVERTER(caffe_convert_batch_norm);
/* caffe-ops-math.c */
CAFFE_CONVERTER(caffe_convert_relu);
CAFFE_CONVERTER(caffe_convert_sigmoid);
CAFFE_CONVERTER(caffe_convert_tanh);
CAFFE_CONVERTER(caffe_convert_elu);
CAFFE_CONVERTER(caffe_convert_absval);
CAFFE_CONVERTER(caffe_convert_bnll);
CAFFE_CONVERTER(caffe_convert_prelu);
CAFFE_CONVERTER(caffe_convert_power);
CAFFE_CONVERTER(caffe_convert_exp);
CAFFE_CONVERTER(caffe_convert_log);
CAFFE_CONVERTER(caffe_convert_scale);
CAFFE_CONVERTER(caffe_convert_bias);
CAFFE_CONVERTER(caffe_convert_eltwise);
/* caffe-ops-shape.c */
CAFFE_CONVERTER(caffe_convert_input);
CAFFE_CONVERTER(caffe_convert_concat);
CAFFE_CONVERTER(caffe_convert_slice);
CAFFE_CONVERTER(caffe_convert_split);
CAFFE_CONVERTER(caffe_convert_dropout);
CAFFE_CONVERTER(caffe_convert_flatten);
CAFFE_CONVERTER(caffe_convert_reshape);
CAFFE_CONVERTER(caffe_convert_permute);
CAFFE_CONVERTER(caffe_convert_crop);
CAFFE_CONVERTER(caffe_convert_silence);
/* caffe-ops-ssd.c */
CAFFE_CONVERTER(caffe_convert_normalize);
CAFFE_CONVERTER(caffe_convert_prior_box);
CAFFE_CONVERTER(caffe_convert_detection_output);

#endif
