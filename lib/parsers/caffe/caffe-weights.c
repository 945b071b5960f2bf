/* Weights: the blobs of a layer, found by the layer's name in the model
 * file (a .caffemodel is a whole NetParameter, usually the training net,
 * so its other layers are simply never asked for), checked against the
 * shape the converter expects and turned into float32 constants. Blobs are
 * checked by their number of values rather than their recorded shape:
 * old files record 4-D shapes such as 1x1xNxK for a matrix. */
#include <stdlib.h>
#include <string.h>

#include "caffe-importer.h"

Caffe__BlobProto *const *caffe_model_blobs(const CaffeImporter *imp, const char *name,
                                           size_t *count) {
  *count = 0;
  const Caffe__NetParameter *m = imp->model;
  if (!m) return NULL;
  for (size_t i = 0; i < m->n_layer; i++)
    if (m->layer[i]->name && strcmp(m->layer[i]->name, name) == 0) {
      *count = m->layer[i]->n_blobs;
      return m->layer[i]->blobs;
    }
  for (size_t i = 0; i < m->n_layers; i++)
    if (m->layers[i]->name && strcmp(m->layers[i]->name, name) == 0) {
      *count = m->layers[i]->n_blobs;
      return m->layers[i]->blobs;
    }
  return NULL;
}

static bool model_has_layer(const CaffeImporter *imp, const char *name) {
  size_t count;
  return caffe_model_blobs(imp, name, &count) != NULL;
}

TrtStatus caffe_need_weights(const CaffeImporter *imp, const CaffeLayer *layer, size_t count,
                             const char *what) {
  if (layer->nb_weights >= count) return TRT_STATUS_OK;
  if (!imp->model)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "needs weights (%s), but no weights file was given", what);
  if (!model_has_layer(imp, layer->name))
    return caffe_layer_fail(imp, layer, TRT_STATUS_PARSE_ERROR,
                            "the weights file %s has no layer of this name (its weights: %s)",
                            imp->model_file, what);
  return caffe_layer_fail(imp, layer, TRT_STATUS_PARSE_ERROR,
                          "the weights file %s gives %zu weight blob%s for this layer, %zu "
                          "needed (%s)",
                          imp->model_file, layer->nb_weights, layer->nb_weights == 1 ? "" : "s",
                          count, what);
}

int64_t caffe_weight_count(const CaffeLayer *layer, size_t i) {
  const Caffe__BlobProto *b = layer->weights[i];
  return (int64_t)(b->n_data ? b->n_data : b->n_double_data);
}

TrtDims caffe_blob_dims(const Caffe__BlobProto *blob) {
  TrtDims d = {0};
  if (blob->shape) {
    d.nb_dims = blob->shape->n_dim <= TRT_MAX_DIMS ? (int32_t)blob->shape->n_dim : -1;
    for (int i = 0; i < d.nb_dims; i++) d.d[i] = blob->shape->dim[i];
  } else if (blob->has_num || blob->has_channels || blob->has_height || blob->has_width) {
    d = (TrtDims){4, {blob->num, blob->channels, blob->height, blob->width}};
  }
  return d;
}

static bool check_count(const CaffeImporter *imp, const CaffeLayer *layer, size_t i,
                        int64_t count, const char *what) {
  int64_t got = caffe_weight_count(layer, i);
  if (got == count) return true;
  char buf[128];
  TrtDims d = caffe_blob_dims(layer->weights[i]);
  caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                   "weight blob %zu (%s, shape %s) has %lld values, %lld expected", i, what,
                   d.nb_dims >= 0 ? trt_dims_format(&d, buf, sizeof buf) : "too deep",
                   (long long)got, (long long)count);
  return false;
}

bool caffe_weight_values(const CaffeImporter *imp, const CaffeLayer *layer, size_t i,
                         int64_t count, const char *what, float *out) {
  if (!check_count(imp, layer, i, count, what)) return false;
  const Caffe__BlobProto *b = layer->weights[i];
  if (b->n_data) {
    memcpy(out, b->data, (size_t)count * sizeof *out);
  } else {
    for (int64_t k = 0; k < count; k++) out[k] = (float)b->double_data[k];
  }
  return true;
}

TrtTensor *caffe_weight(CaffeImporter *imp, const CaffeLayer *layer, size_t i,
                        const TrtDims *dims, const char *what) {
  int64_t count = trt_dims_volume(dims);
  if (count < 0) {
    caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR, "the %s would be too large", what);
    return NULL;
  }
  if (!check_count(imp, layer, i, count, what)) return NULL;
  const Caffe__BlobProto *b = layer->weights[i];
  if (b->n_data || !count) return caffe_constant(imp, layer, what, TRT_DATA_TYPE_FLOAT, dims, b->data);
  float *values = malloc((size_t)count * sizeof *values);
  if (!values) {
    caffe_layer_fail(imp, layer, TRT_STATUS_OUT_OF_MEMORY, "out of memory for the %s", what);
    return NULL;
  }
  caffe_weight_values(imp, layer, i, count, what, values);
  TrtTensor *t = caffe_constant(imp, layer, what, TRT_DATA_TYPE_FLOAT, dims, values);
  free(values);
  return t;
}
