/* Converters of the network ops that run channels first: convolutions,
 * pooling, batch norm and resizing; and of BiasAdd, MatMul and softmax. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf-import.h"

/* ---- layout of 4-D image ops ------------------------------------------------- */

static bool channels_last(const TfNode *node) {
  return !tf_attr_is(node, "data_format", "NCHW", false) &&
         !tf_attr_is(node, "data_format", "NCDHW", false);
}

/* The order that makes a value of `rank` channels first: TF's own for NCHW
 * ops, else [0, rank-1, 1, ...]. */
static void nchw_axes(const TfNode *node, int rank, int8_t *axes) {
  if (channels_last(node)) {
    tf_channels_first_axes(rank, axes);
  } else {
    for (int i = 0; i < rank; i++) axes[i] = (int8_t)i;
  }
}

/* Input i as NCHW, 4-D. */
static TrtTensor *nchw_in(TfImporter *imp, const TfNode *node, int i, int8_t *axes) {
  TfValue *x = tf_in(imp, node, i);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return NULL;
  if (rank != 4) {
    tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "input '%s' has rank %d, 4 is needed",
            node->inputs[i].text, rank);
    return NULL;
  }
  nchw_axes(node, rank, axes);
  return tf_ordered(imp, node, x, axes, rank);
}

/* The H and W entries of a 4-entry attribute (strides, ksize, dilations)
 * given per dim of the data format; the N and C entries must be 1. */
static TrtStatus spatial_attr(const TfImporter *imp, const TfNode *node, const char *name,
                              int64_t *hw) {
  int64_t v[4] = {1, 1, 1, 1};
  int got = 0;
  if (!tf_attr_ints(imp, node, name, v, -1, 4, &got)) return TRT_STATUS_INVALID_ARGUMENT;
  if (got == 0) {
    hw[0] = hw[1] = 1;
    return TRT_STATUS_OK;
  }
  if (got != 4)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "'%s' must have 4 values", name);
  bool last = channels_last(node);
  int h = last ? 1 : 2, c = last ? 3 : 1;
  if (v[0] != 1 || v[c] != 1)
    return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "'%s' other than 1 on the batch or channel dim is not supported", name);
  hw[0] = v[h];
  hw[1] = v[h + 1];
  if (hw[0] < 1 || hw[1] < 1)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "'%s' must be >= 1", name);
  return TRT_STATUS_OK;
}

/* Strides and dilations of a convolution. */
static TrtStatus conv_attrs(const TfImporter *imp, const TfNode *node, TrtConvolutionParams *p) {
  TrtStatus s = spatial_attr(imp, node, "strides", p->stride);
  return s == TRT_STATUS_OK ? spatial_attr(imp, node, "dilations", p->dilation) : s;
}

/* A 4-D filter input: TF's [kh, kw, a, b] rearranged to [b, a, kh, kw]
 * (OIHW for Conv2D; [in, out, kh, kw] for the transposed convolution). */
static TrtTensor *filter_oihw(TfImporter *imp, const TfNode *node, int i, TrtDims *tf_dims) {
  TfValue *w = tf_in(imp, node, i);
  if (!tf_value_dims(imp, node, w, tf_dims)) return NULL;
  if (tf_dims->nb_dims != 4) {
    tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the filter has rank %d, 4 is needed",
            tf_dims->nb_dims);
    return NULL;
  }
  static const int8_t oihw[4] = {3, 2, 0, 1};
  return tf_ordered(imp, node, w, oihw, 4);
}

static TrtStatus set_nchw(TfImporter *imp, const TfNode *node, TrtTensor *t, const int8_t *axes) {
  return tf_set_ordered(imp, node, 0, t, axes, 4);
}

/* ---- convolutions ----------------------------------------------------------------- */

static TrtStatus conv(TfImporter *imp, const TfNode *node, TrtTensor *w, const TrtDims *kernel,
                      int64_t groups_or_0) {
  int8_t axes[4];
  TrtTensor *x = nchw_in(imp, node, 0, axes);
  if (!x || !w) return TRT_STATUS_INVALID_ARGUMENT;
  TrtConvolutionParams p = trt_convolution_params_default(2);
  TrtStatus s = conv_attrs(imp, node, &p);
  if (s == TRT_STATUS_OK)
    s = tf_padding(imp, node, channels_last(node), &p.padding_mode, p.pad_begin, p.pad_end);
  if (s != TRT_STATUS_OK) return s;
  p.kernel[0] = kernel->d[0];
  p.kernel[1] = kernel->d[1];
  p.groups = groups_or_0;
  if (!p.groups) { /* channels / filter input channels (grouped convolution) */
    TrtDims xd;
    if (!tf_dims(imp, x, &xd))
      return tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "the input's shape is not known");
    if (kernel->d[2] < 1 || xd.d[1] % kernel->d[2] != 0)
      return tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                     "the input has %lld channels, the filter %lld", (long long)xd.d[1],
                     (long long)kernel->d[2]);
    p.groups = xd.d[1] / kernel->d[2];
  }
  /* The bias stays empty until a BiasAdd fills it (see fold_bias). */
  TrtTensor *in[3] = {x, w, NULL};
  return set_nchw(imp, node, tf_layer(imp, node, NULL, TRT_LAYER_CONVOLUTION, in, 3, &p), axes);
}

TF_CONVERTER(tf_convert_conv2d) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TrtDims k;
  TrtTensor *w = filter_oihw(imp, node, 1, &k);
  return w ? conv(imp, node, w, &k, 0) : TRT_STATUS_INVALID_ARGUMENT;
}

/* Filter [kh, kw, C, M]: C groups of M outputs each; output channel
 * c * M + m uses filter[.., c, m], i.e. the filter seen as [kh, kw, 1, C*M]. */
TF_CONVERTER(tf_convert_depthwise_conv2d) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TfValue *wv = tf_in(imp, node, 1);
  TrtDims k;
  if (!tf_value_dims(imp, node, wv, &k)) return TRT_STATUS_SHAPE_ERROR;
  if (k.nb_dims != 4)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the filter has rank %d, 4 is needed",
                   k.nb_dims);
  TrtTensor *w = tf_plain(imp, node, wv);
  if (!w) return TRT_STATUS_INVALID_ARGUMENT;
  int64_t flat[4] = {k.d[0], k.d[1], 1, k.d[2] * k.d[3]};
  TrtDims fd = {4, {flat[0], flat[1], flat[2], flat[3]}};
  if (w->role == TRT_TENSOR_CONSTANT) {
    w = tf_constant(imp, node, "filter", w->type, &fd, w->data);
  } else {
    TrtTensor *in[2] = {w, tf_const_i64(imp, node, "filter_shape", flat, 4)};
    TrtReshapeParams rp = {0};
    w = tf_layer(imp, node, "filter", TRT_LAYER_RESHAPE, in, 2, &rp);
  }
  static const int8_t oihw[4] = {3, 2, 0, 1};
  w = tf_transpose(imp, node, "filter_oihw", w, oihw, 4);
  return conv(imp, node, w, &k, k.d[2]);
}

/* The gradient of Conv2D by its input: a transposed convolution whose
 * output size is given (input_sizes), with TensorFlow's padding rules. */
TF_CONVERTER(tf_convert_conv2d_backprop_input) {
  TrtStatus s = tf_need_inputs(imp, node, 3, 3);
  if (s != TRT_STATUS_OK) return s;
  /* input_sizes: [N, H, W, C] per the data format, or UFF's [H, W]. */
  int64_t sizes[4];
  int nb_sizes = tf_known_ints_in(imp, node, 0, sizes, 4, "input_sizes");
  if (nb_sizes != 4 && nb_sizes != 2)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "input_sizes must have 4 values");
  TrtDims k;
  TrtTensor *w = filter_oihw(imp, node, 1, &k);
  int8_t axes[4];
  TrtTensor *x = w ? nchw_in(imp, node, 2, axes) : NULL;
  if (!x) return TRT_STATUS_INVALID_ARGUMENT;
  TrtConvolutionParams p = trt_convolution_params_default(2);
  int32_t mode;
  s = conv_attrs(imp, node, &p);
  if (s == TRT_STATUS_OK) s = tf_padding(imp, node, channels_last(node), &mode, p.pad_begin, p.pad_end);
  TrtDims xd;
  if (s == TRT_STATUS_OK && !tf_dims(imp, x, &xd))
    s = tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "the input's shape is not known");
  if (s != TRT_STATUS_OK) return s;
  int h = nb_sizes == 2 ? 0 : channels_last(node) ? 1 : 2;
  for (int i = 0; i < 2; i++) {
    p.kernel[i] = k.d[i];
    int64_t want = sizes[h + i], window = (k.d[i] - 1) * p.dilation[i] + 1;
    int64_t full = (xd.d[2 + i] - 1) * p.stride[i] + window; /* before cropping */
    if (mode == TRT_PADDING_SAME_UPPER) {
      int64_t total = full > want ? full - want : 0;
      p.pad_begin[i] = total / 2;
      p.pad_end[i] = total - total / 2;
    } else if (mode == TRT_PADDING_VALID) {
      p.pad_begin[i] = p.pad_end[i] = 0;
    }
    p.output_padding[i] = want - (full - p.pad_begin[i] - p.pad_end[i]);
    if (p.output_padding[i] < 0 || p.output_padding[i] >= p.stride[i] * p.dilation[i])
      return tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                     "an output size of %lld does not fit an input of %lld", (long long)want,
                     (long long)xd.d[2 + i]);
  }
  p.padding_mode = TRT_PADDING_EXPLICIT;
  TrtTensor *in[3] = {x, w, NULL};
  return set_nchw(imp, node, tf_layer(imp, node, NULL, TRT_LAYER_DECONVOLUTION, in, 3, &p), axes);
}

/* ---- pooling ------------------------------------------------------------------------ */

static TrtStatus pool(TfImporter *imp, const TfNode *node, TrtPoolingType type) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  int8_t axes[4];
  TrtTensor *x = nchw_in(imp, node, 0, axes);
  if (!x) return TRT_STATUS_INVALID_ARGUMENT;
  TrtPoolingParams p = trt_pooling_params_default(type, 2);
  s = spatial_attr(imp, node, "ksize", p.kernel);
  if (s == TRT_STATUS_OK) s = spatial_attr(imp, node, "strides", p.stride);
  if (s == TRT_STATUS_OK)
    s = tf_padding(imp, node, channels_last(node), &p.padding_mode, p.pad_begin, p.pad_end);
  if (s != TRT_STATUS_OK) return s;
  p.count_include_pad = 0; /* TensorFlow averages over the window inside the input */
  return set_nchw(imp, node, tf_layer(imp, node, NULL, TRT_LAYER_POOLING, &x, 1, &p), axes);
}

TF_CONVERTER(tf_convert_max_pool) { return pool(imp, node, TRT_POOLING_MAX); }
TF_CONVERTER(tf_convert_avg_pool) { return pool(imp, node, TRT_POOLING_AVERAGE); }

/* ---- biases ------------------------------------------------------------------------------ */

/* When input `xi` is made by a convolution or a Gemm of this import that has
 * no bias yet and nothing else reads, and input `bi` is a constant vector
 * over that layer's channels (TF axis `axis` of the input), the vector
 * becomes the layer's bias. Returns whether it did. */
static bool fold_bias(TfImporter *imp, const TfNode *node, int xi, int bi, int axis) {
  TfValue *x = tf_in(imp, node, xi);
  const TfNode *producer = tf_in_node(imp, node, xi);
  TrtTensor *b = tf_in(imp, node, bi)->tensor;
  TrtLayer *l = x->tensor->producer;
  /* The layer must be the producer node's own (not reached through an
   * Identity or Transpose that others read too). */
  bool own = strcmp(producer->op, "Conv2D") == 0 || strcmp(producer->op, "MatMul") == 0 ||
             strcmp(producer->op, "DepthwiseConv2dNative") == 0 ||
             strcmp(producer->op, "Conv2DBackpropInput") == 0;
  if (!own || !l || producer->nb_uses != 1 || imp->is_output[producer - imp->graph->nodes] ||
      b->role != TRT_TENSOR_CONSTANT || b->type != TRT_DATA_TYPE_FLOAT || b->dims.nb_dims != 1 ||
      l->nb_inputs != 3 || l->inputs[2])
    return false;
  if (l->type != TRT_LAYER_CONVOLUTION && l->type != TRT_LAYER_DECONVOLUTION &&
      l->type != TRT_LAYER_GEMM)
    return false;
  const int channel_dim = 1; /* NCHW, or [batch, features] */
  TrtDims out;
  if (!tf_dims(imp, x->tensor, &out) || out.nb_dims < 2) return false;
  int64_t channels = out.d[channel_dim];
  int tf_axis = x->permuted ? x->axes[channel_dim] : channel_dim;
  if (tf_axis != axis || b->dims.d[0] != channels) return false;
  l->inputs[2] = b;
  return tf_set_ordered(imp, node, 0, x->tensor, x->permuted ? x->axes : NULL, x->rank) ==
         TRT_STATUS_OK;
}

/* value + bias along TF axis 1 (NCHW) of a value of `rank`. */
static TrtStatus add_bias_axis1(TfImporter *imp, const TfNode *node, int rank) {
  TfValue *b = tf_in(imp, node, 1);
  TrtTensor *bt = tf_plain(imp, node, b);
  if (!bt) return TRT_STATUS_INVALID_ARGUMENT;
  TrtAxesParams p = {.nb_axes = rank - 2};
  for (int i = 0; i < rank - 2; i++) p.axes[i] = 1 + i;
  TfValue shaped = {.tensor = tf_layer(imp, node, "bias", TRT_LAYER_UNSQUEEZE, &bt, 1, &p),
                    .rank = rank - 1};
  if (!shaped.tensor) return TRT_STATUS_INVALID_ARGUMENT;
  TfValue *in[2] = {tf_in(imp, node, 0), &shaped};
  TrtTensor *t[2];
  int8_t axes[TRT_MAX_DIMS];
  int r;
  TrtStatus s = tf_broadcast(imp, node, in, 2, t, axes, &r);
  if (s != TRT_STATUS_OK) return s;
  return tf_set_ordered(imp, node, 0, tf_elementwise(imp, node, NULL, t[0], t[1], TRT_ELEMENTWISE_ADD),
                        axes, r);
}

TF_CONVERTER(tf_convert_bias_add) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  int rank = tf_rank(imp, node, tf_in(imp, node, 0));
  if (rank < 2) return rank < 0 ? TRT_STATUS_SHAPE_ERROR
                                : tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                                          "the input must have rank 2 or more");
  int axis = channels_last(node) ? rank - 1 : 1;
  if (fold_bias(imp, node, 0, 1, axis)) return TRT_STATUS_OK;
  if (axis == 1 && rank > 2) return add_bias_axis1(imp, node, rank);
  return tf_binary(imp, node, TRT_ELEMENTWISE_ADD);
}

/* Add: a bias when it can be one (see fold_bias), else an elementwise add. */
TrtStatus tf_add_maybe_bias(TfImporter *imp, const TfNode *node) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  int rank = tf_rank(imp, node, tf_in(imp, node, 0));
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  if (rank >= 2 && fold_bias(imp, node, 0, 1, rank - 1)) return TRT_STATUS_OK;
  return tf_binary(imp, node, TRT_ELEMENTWISE_ADD);
}

/* ---- products ---------------------------------------------------------------------------- */

TF_CONVERTER(tf_convert_matmul) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TrtGemmParams p = {.alpha = 1, .beta = 1,
                     .transpose_a = tf_attr_bool(node, "transpose_a", false),
                     .transpose_b = tf_attr_bool(node, "transpose_b", false)};
  TfValue *av = tf_in(imp, node, 0);
  TrtTensor *a = NULL, *b = tf_plain_in(imp, node, 1);
  if (av->flat_rank && !p.transpose_a) { /* weights in the features' order */
    TrtTensor *reordered = tf_flat_weights(imp, node, av, b, p.transpose_b);
    if (reordered) {
      a = av->tensor;
      b = reordered;
    }
  }
  if (!a) a = tf_plain(imp, node, av);
  /* The bias stays empty until an Add or BiasAdd fills it (see fold_bias). */
  TrtTensor *in[3] = {a, b, NULL};
  return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_GEMM, in, 3, &p));
}

TF_CONVERTER(tf_convert_batch_matmul) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *in[2] = {tf_plain_in(imp, node, 0), tf_plain_in(imp, node, 1)};
  TrtMatMulParams p = {.transpose_a = tf_attr_bool(node, "adj_x", false),
                       .transpose_b = tf_attr_bool(node, "adj_y", false)};
  return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_MATMUL, in, 2, &p));
}

/* ---- normalization --------------------------------------------------------------------- */

TF_CONVERTER(tf_convert_fused_batch_norm) {
  TrtStatus s = tf_need_inputs(imp, node, 5, 5);
  if (s != TRT_STATUS_OK) return s;
  if (tf_attr_bool(node, "is_training", true))
    return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                   "is_training is set: only inference (stored mean and variance) is supported");
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  if (rank < 3)
    return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "the input has rank %d, 4 is needed", rank);
  int8_t axes[TRT_MAX_DIMS];
  nchw_axes(node, rank, axes);
  TrtTensor *in[5] = {tf_ordered(imp, node, x, axes, rank)};
  for (int i = 1; i < 5; i++) in[i] = tf_plain_in(imp, node, i);
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_BATCH,
                              .epsilon = tf_attr_float(node, "epsilon", 1e-4f)};
  return tf_set_ordered(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_NORMALIZATION, in, 5, &p),
                        axes, rank);
}

static TrtStatus softmax(TfImporter *imp, const TfNode *node, bool log) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x), axis;
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  /* TensorFlow normalizes the last axis; UFF files may name another. */
  if (!trt_normalize_axis(tf_attr_int(node, "axis", -1), rank, &axis))
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the axis is out of range");
  TrtSoftmaxParams p = {.axis = axis, .log = log};
  for (int i = 0; x->permuted && i < rank; i++)
    if (x->axes[i] == axis) p.axis = i;
  TrtTensor *t = tf_layer(imp, node, NULL, TRT_LAYER_SOFTMAX, &x->tensor, 1, &p);
  return tf_set_ordered(imp, node, 0, t, x->permuted ? x->axes : NULL, rank);
}

TF_CONVERTER(tf_convert_softmax) { return softmax(imp, node, false); }
TF_CONVERTER(tf_convert_log_softmax) { return softmax(imp, node, true); }

/* ---- resizing ---------------------------------------------------------------------------- */

/* images [N,H,W,C] resized to size [2] = (h, w). */
static TrtStatus resize(TfImporter *imp, const TfNode *node, TrtResizeParams *p) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  int8_t axes[4];
  TrtTensor *x = nchw_in(imp, node, 0, axes);
  TrtTensor *hw = tf_cast(imp, node, "size", tf_plain_in(imp, node, 1), TRT_DATA_TYPE_INT64);
  if (!x || !hw) return TRT_STATUS_INVALID_ARGUMENT;
  /* sizes = [N, C] of the input, then (h, w). */
  TrtShapeParams sp = {.start = 0, .end = 2, .has_end = 1};
  TrtTensor *nc = tf_layer(imp, node, "batch_channels", TRT_LAYER_SHAPE, &x, 1, &sp);
  TrtTensor *parts[2] = {nc, hw};
  TrtAxisParams cp = {.axis = 0};
  TrtTensor *sizes = nc ? tf_layer(imp, node, "sizes", TRT_LAYER_CONCAT, parts, 2, &cp) : NULL;
  TrtTensor *in[4] = {x, NULL, NULL, sizes};
  return set_nchw(imp, node, sizes ? tf_layer(imp, node, NULL, TRT_LAYER_RESIZE, in, 4, p) : NULL,
                  axes);
}

TF_CONVERTER(tf_convert_resize_bilinear) {
  TrtResizeParams p = {.mode = TRT_RESIZE_LINEAR, .coord_transform = TRT_RESIZE_COORD_ASYMMETRIC,
                       .cubic_coeff_a = -0.75f};
  if (tf_attr_bool(node, "align_corners", false))
    p.coord_transform = TRT_RESIZE_COORD_ALIGN_CORNERS;
  else if (tf_attr_bool(node, "half_pixel_centers", false))
    p.coord_transform = TRT_RESIZE_COORD_HALF_PIXEL;
  return resize(imp, node, &p);
}

/* TensorFlow picks floor(x * in / out), floor((x + 0.5) * in / out) with
 * half-pixel centers, and round-half-up of x * (in - 1) / (out - 1) with
 * aligned corners. */
TF_CONVERTER(tf_convert_resize_nearest) {
  TrtResizeParams p = {.mode = TRT_RESIZE_NEAREST, .coord_transform = TRT_RESIZE_COORD_ASYMMETRIC,
                       .nearest_mode = TRT_RESIZE_NEAREST_FLOOR, .cubic_coeff_a = -0.75f};
  if (tf_attr_bool(node, "align_corners", false)) {
    p.coord_transform = TRT_RESIZE_COORD_ALIGN_CORNERS;
    p.nearest_mode = TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL;
  } else if (tf_attr_bool(node, "half_pixel_centers", false)) {
    p.coord_transform = TRT_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN;
  }
  return resize(imp, node, &p);
}
