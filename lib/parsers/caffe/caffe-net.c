/* The walk over a deploy net: header inputs, the TEST-phase rules, old (V1)
 * layers seen as current ones, bottoms looked up by blob name, and the
 * converter of each layer type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caffe-importer.h"

/* ---- layer types ----------------------------------------------------------- */

static const struct {
  const char *type;
  CaffeConvertFn convert;
} converters[] = {
    {"Input", caffe_convert_input},
    {"Convolution", caffe_convert_convolution},
    {"Deconvolution", caffe_convert_deconvolution},
    {"Pooling", caffe_convert_pooling},
    {"InnerProduct", caffe_convert_inner_product},
    {"Softmax", caffe_convert_softmax},
    {"LRN", caffe_convert_lrn},
    {"BatchNorm", caffe_convert_batch_norm},
    {"ReLU", caffe_convert_relu},
    {"Sigmoid", caffe_convert_sigmoid},
    {"TanH", caffe_convert_tanh},
    {"ELU", caffe_convert_elu},
    {"AbsVal", caffe_convert_absval},
    {"BNLL", caffe_convert_bnll},
    {"PReLU", caffe_convert_prelu},
    {"Power", caffe_convert_power},
    {"Exp", caffe_convert_exp},
    {"Log", caffe_convert_log},
    {"Scale", caffe_convert_scale},
    {"Bias", caffe_convert_bias},
    {"Eltwise", caffe_convert_eltwise},
    {"Concat", caffe_convert_concat},
    {"Slice", caffe_convert_slice},
    {"Split", caffe_convert_split},
    {"Dropout", caffe_convert_dropout},
    {"Flatten", caffe_convert_flatten},
    {"Reshape", caffe_convert_reshape},
    {"Permute", caffe_convert_permute},
    {"Crop", caffe_convert_crop},
    {"Silence", caffe_convert_silence},
    {"Normalize", caffe_convert_normalize},
    {"PriorBox", caffe_convert_prior_box},
    {"DetectionOutput", caffe_convert_detection_output},
};

CaffeConvertFn caffe_find_converter(const char *type) {
  for (size_t i = 0; i < sizeof converters / sizeof *converters; i++)
    if (strcmp(converters[i].type, type) == 0) return converters[i].convert;
  return NULL;
}

/* Types of old (V1) layers, by their current names. */
static const struct {
  int type;
  const char *name;
} v1_types[] = {
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__ABSVAL, "AbsVal"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__ACCURACY, "Accuracy"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__ARGMAX, "ArgMax"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__BNLL, "BNLL"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__CONCAT, "Concat"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__CONTRASTIVE_LOSS, "ContrastiveLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__CONVOLUTION, "Convolution"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__DATA, "Data"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__DECONVOLUTION, "Deconvolution"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__DROPOUT, "Dropout"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__DUMMY_DATA, "DummyData"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__EUCLIDEAN_LOSS, "EuclideanLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__ELTWISE, "Eltwise"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__EXP, "Exp"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__FLATTEN, "Flatten"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__HDF5_DATA, "HDF5Data"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__HDF5_OUTPUT, "HDF5Output"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__HINGE_LOSS, "HingeLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__IM2COL, "Im2col"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__IMAGE_DATA, "ImageData"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__INFOGAIN_LOSS, "InfogainLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__INNER_PRODUCT, "InnerProduct"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__LRN, "LRN"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__MEMORY_DATA, "MemoryData"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__MULTINOMIAL_LOGISTIC_LOSS, "MultinomialLogisticLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__MVN, "MVN"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__POOLING, "Pooling"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__POWER, "Power"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__RELU, "ReLU"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SIGMOID, "Sigmoid"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SIGMOID_CROSS_ENTROPY_LOSS, "SigmoidCrossEntropyLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SILENCE, "Silence"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SOFTMAX, "Softmax"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SOFTMAX_LOSS, "SoftmaxWithLoss"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SPLIT, "Split"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__SLICE, "Slice"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__TANH, "TanH"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__WINDOW_DATA, "WindowData"},
    {CAFFE__V1_LAYER_PARAMETER__LAYER_TYPE__THRESHOLD, "Threshold"},
};

/* Presents a V1 layer as a LayerParameter; the shell borrows the V1
 * layer's fields and is never freed through protobuf-c. */
static void upgrade_v1(const Caffe__V1LayerParameter *v1, Caffe__LayerParameter *out) {
  caffe__layer_parameter__init(out);
  out->name = v1->name;
  out->type = (char *)"";
  for (size_t i = 0; i < sizeof v1_types / sizeof *v1_types; i++)
    if (v1->has_type && (int)v1->type == v1_types[i].type) out->type = (char *)v1_types[i].name;
  out->n_bottom = v1->n_bottom;
  out->bottom = v1->bottom;
  out->n_top = v1->n_top;
  out->top = v1->top;
  out->n_include = v1->n_include;
  out->include = v1->include;
  out->n_exclude = v1->n_exclude;
  out->exclude = v1->exclude;
  out->n_blobs = v1->n_blobs;
  out->blobs = v1->blobs;
  out->concat_param = v1->concat_param;
  out->convolution_param = v1->convolution_param;
  out->dropout_param = v1->dropout_param;
  out->eltwise_param = v1->eltwise_param;
  out->exp_param = v1->exp_param;
  out->inner_product_param = v1->inner_product_param;
  out->lrn_param = v1->lrn_param;
  out->pooling_param = v1->pooling_param;
  out->power_param = v1->power_param;
  out->relu_param = v1->relu_param;
  out->sigmoid_param = v1->sigmoid_param;
  out->softmax_param = v1->softmax_param;
  out->slice_param = v1->slice_param;
  out->tanh_param = v1->tanh_param;
}

/* ---- phase rules -------------------------------------------------------------- */

static bool has_stage(const Caffe__NetState *state, const char *stage) {
  for (size_t i = 0; state && i < state->n_stage; i++)
    if (strcmp(state->stage[i], stage) == 0) return true;
  return false;
}

/* Caffe's rule test, for a net in the TEST phase at the level and stages
 * the deploy file's `state` gives. */
static bool rule_met(const Caffe__NetStateRule *rule, const Caffe__NetState *state) {
  int32_t level = state && state->has_level ? state->level : 0;
  if (rule->has_phase && rule->phase != CAFFE__PHASE__TEST) return false;
  if (rule->has_min_level && level < rule->min_level) return false;
  if (rule->has_max_level && level > rule->max_level) return false;
  for (size_t i = 0; i < rule->n_stage; i++)
    if (!has_stage(state, rule->stage[i])) return false;
  for (size_t i = 0; i < rule->n_not_stage; i++)
    if (has_stage(state, rule->not_stage[i])) return false;
  return true;
}

static bool layer_included(const Caffe__LayerParameter *lp, const Caffe__NetState *state) {
  if (lp->n_include) {
    for (size_t i = 0; i < lp->n_include; i++)
      if (rule_met(lp->include[i], state)) return true;
    return false;
  }
  for (size_t i = 0; i < lp->n_exclude; i++)
    if (rule_met(lp->exclude[i], state)) return false;
  return true;
}

/* ---- the walk ---------------------------------------------------------------------------- */

static TrtStatus net_fail(const CaffeImporter *imp, TrtStatus status, const char *msg,
                          const char *name) {
  trt_log(imp->logger, TRT_SEVERITY_ERROR, "%s: %s%s%s%s", imp->deploy_file, msg,
          name ? " '" : "", name ? name : "", name ? "'" : "");
  return status;
}

/* A network input for blob `name`; `dims` come from the file. */
static TrtStatus add_input(CaffeImporter *imp, const char *name, const TrtDims *dims) {
  if (!*name) return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT, "an input has no name", NULL);
  if (caffe_blob_find(imp->blobs, name))
    return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT, "the input is declared twice:", name);
  bool ok = dims->nb_dims >= 1 && dims->nb_dims <= TRT_MAX_DIMS;
  for (int i = 0; ok && i < dims->nb_dims; i++) ok = dims->d[i] >= 1;
  if (!ok) {
    char buf[128];
    trt_log(imp->logger, TRT_SEVERITY_ERROR,
            "%s: input '%s' has shape %s (1 to %d dims, each >= 1, are needed)",
            imp->deploy_file, name, trt_dims_format(dims, buf, sizeof buf), TRT_MAX_DIMS);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtTensor *holder = trt_network_find_tensor(imp->net, name);
  if (holder && caffe_rename_tensor(imp, holder, name) != TRT_STATUS_OK)
    return TRT_STATUS_OUT_OF_MEMORY;
  TrtTensor *t = trt_network_add_input(imp->net, name, TRT_DATA_TYPE_FLOAT, dims);
  if (!t || !caffe_blob_put(imp->blobs, name, t))
    return net_fail(imp, TRT_STATUS_OUT_OF_MEMORY, "cannot add the input", name);
  return TRT_STATUS_OK;
}

TrtStatus caffe_add_input_shape(CaffeImporter *imp, const char *name,
                                const Caffe__BlobShape *shape) {
  TrtDims dims = {0};
  if (shape->n_dim > TRT_MAX_DIMS)
    return net_fail(imp, TRT_STATUS_UNSUPPORTED, "too many dims for the input", name);
  dims.nb_dims = (int32_t)shape->n_dim;
  for (size_t i = 0; i < shape->n_dim; i++) dims.d[i] = shape->dim[i];
  return add_input(imp, name, &dims);
}

/* The inputs of the net header: `input` names with one `input_shape`
 * each, or four `input_dim` each. */
static TrtStatus add_header_inputs(CaffeImporter *imp) {
  const Caffe__NetParameter *net = imp->deploy;
  size_t n = net->n_input;
  if (!n) {
    if (net->n_input_shape || net->n_input_dim)
      return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT,
                      "input_shape or input_dim is given without input names", NULL);
    return TRT_STATUS_OK;
  }
  if (net->n_input_shape && net->n_input_shape != n)
    return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT,
                    "the header needs one input_shape per input", NULL);
  if (!net->n_input_shape && net->n_input_dim != 4 * n)
    return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT,
                    "the header needs one input_shape or four input_dim (N, C, H, W) per input",
                    NULL);
  for (size_t i = 0; i < n; i++) {
    TrtStatus s;
    if (net->n_input_shape) {
      s = caffe_add_input_shape(imp, net->input[i], net->input_shape[i]);
    } else {
      TrtDims dims = {4, {0}};
      for (int k = 0; k < 4; k++) dims.d[k] = net->input_dim[4 * i + (size_t)k];
      s = add_input(imp, net->input[i], &dims);
    }
    if (s != TRT_STATUS_OK) return s;
  }
  return TRT_STATUS_OK;
}

static bool is_training_type(const char *type) {
  static const char *const names[] = {"Data", "ImageData", "HDF5Data", "HDF5Output",
                                      "MemoryData", "WindowData", "DummyData", "AnnotatedData",
                                      "Accuracy", "Python"};
  size_t n = strlen(type);
  if (n >= 4 && strcmp(type + n - 4, "Loss") == 0) return true;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(type, names[i]) == 0) return true;
  return false;
}

static TrtStatus import_layer(CaffeImporter *imp, const Caffe__LayerParameter *lp, int index) {
  char fallback[32];
  snprintf(fallback, sizeof fallback, "#%d", index);
  CaffeLayer layer = {
      .param = lp,
      .index = index,
      .name = lp->name && *lp->name ? lp->name : fallback,
      .type = lp->type ? lp->type : "",
      .nb_tops = (int)lp->n_top,
  };
  if (!layer_included(lp, imp->deploy->state)) {
    trt_log(imp->logger, TRT_SEVERITY_VERBOSE, "%s: layer '%s' (%s) is not in the TEST phase",
            imp->deploy_file, layer.name, layer.type);
    return TRT_STATUS_OK;
  }
  if (!*layer.type)
    return caffe_layer_fail(imp, &layer, TRT_STATUS_INVALID_ARGUMENT, "the layer has no type");
  CaffeConvertFn convert = caffe_find_converter(layer.type);
  if (!convert)
    return caffe_layer_fail(imp, &layer, TRT_STATUS_UNSUPPORTED, "layer type '%s' is %s",
                            layer.type,
                            is_training_type(layer.type)
                                ? "used in training only: leave it out of the deploy file"
                                : "not supported");
  if (lp->n_bottom > 1024 || lp->n_top > 1024)
    return caffe_layer_fail(imp, &layer, TRT_STATUS_UNSUPPORTED, "too many bottoms or tops");
  TrtTensor **bottoms = calloc(lp->n_bottom + 1, sizeof *bottoms);
  if (!bottoms) return caffe_layer_fail(imp, &layer, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  for (size_t i = 0; i < lp->n_bottom; i++) {
    CaffeBlob *b = caffe_blob_find(imp->blobs, lp->bottom[i]);
    if (!b) {
      free(bottoms);
      return caffe_layer_fail(imp, &layer, TRT_STATUS_INVALID_ARGUMENT,
                              "bottom '%s' is not an input or the top of an earlier layer",
                              lp->bottom[i]);
    }
    b->consumed = true;
    bottoms[i] = b->tensor;
  }
  layer.nb_bottoms = (int)lp->n_bottom;
  layer.bottoms = bottoms;
  layer.weights = caffe_model_blobs(imp, layer.name, &layer.nb_weights);
  if (!layer.nb_weights) {
    layer.weights = lp->blobs;
    layer.nb_weights = lp->n_blobs;
  }
  TrtStatus s = convert(imp, &layer);
  free(bottoms);
  return s;
}

TrtStatus caffe_import_net(CaffeImporter *imp) {
  const Caffe__NetParameter *net = imp->deploy;
  if (net->n_layer && net->n_layers)
    return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT,
                    "the net mixes new `layer` and old `layers` entries", NULL);
  TrtStatus s = add_header_inputs(imp);
  size_t count = net->n_layer ? net->n_layer : net->n_layers;
  if (s == TRT_STATUS_OK && count == 0)
    return net_fail(imp, TRT_STATUS_INVALID_ARGUMENT, "the net has no layers", NULL);
  for (size_t i = 0; i < count && s == TRT_STATUS_OK; i++) {
    Caffe__LayerParameter shell;
    const Caffe__LayerParameter *lp = net->n_layer ? net->layer[i] : &shell;
    if (!net->n_layer) upgrade_v1(net->layers[i], &shell);
    s = import_layer(imp, lp, (int)i);
  }
  return s;
}
