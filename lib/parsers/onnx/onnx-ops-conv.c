/* Converters: Conv, ConvTranspose and the pooling operators. */
#include <string.h>

#include "onnx-importer.h"

static int auto_pad(OnnxImporter *imp, OnnxNode *node) {
  char buf[32];
  const char *s = onnx_attr_string(node, "auto_pad", "NOTSET", buf, sizeof buf);
  if (!strcmp(s, "NOTSET")) return TRT_PADDING_EXPLICIT;
  if (!strcmp(s, "SAME_UPPER")) return TRT_PADDING_SAME_UPPER;
  if (!strcmp(s, "SAME_LOWER")) return TRT_PADDING_SAME_LOWER;
  if (!strcmp(s, "VALID")) return TRT_PADDING_VALID;
  onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "auto_pad '%s' is not known", s);
  return -1;
}

/* Copies an ints attribute of exactly `count` values into out (left as it
 * is when absent). */
static TrtStatus window_attr(OnnxImporter *imp, OnnxNode *node, const char *name,
                             int count, int64_t *out) {
  int64_t v[2 * TRT_MAX_SPATIAL];
  int n = onnx_attr_ints(imp, node, name, v, 2 * TRT_MAX_SPATIAL);
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  if (n == 0 && !onnx_attr(node, name)) return TRT_STATUS_OK;
  if (n != count)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                          "attribute '%s' has %d values, %d expected", name, n, count);
  memcpy(out, v, (size_t)count * sizeof *out);
  return TRT_STATUS_OK;
}

/* kernel_shape, strides, dilations and pads for `ns` spatial dims. */
static TrtStatus window_attrs(OnnxImporter *imp, OnnxNode *node, int ns, int64_t *kernel,
                              int64_t *stride, int64_t *dilation, int64_t *pad_begin,
                              int64_t *pad_end) {
  int64_t pads[2 * TRT_MAX_SPATIAL] = {0};
  TrtStatus s;
  if ((s = window_attr(imp, node, "kernel_shape", ns, kernel)) != TRT_STATUS_OK ||
      (s = window_attr(imp, node, "strides", ns, stride)) != TRT_STATUS_OK ||
      (s = window_attr(imp, node, "dilations", ns, dilation)) != TRT_STATUS_OK ||
      (s = window_attr(imp, node, "pads", 2 * ns, pads)) != TRT_STATUS_OK)
    return s;
  for (int i = 0; i < ns; i++) {
    pad_begin[i] = pads[i];
    pad_end[i] = pads[ns + i];
  }
  return TRT_STATUS_OK;
}

/* Spatial rank: from kernel_shape, else from the weights' rank. */
static int spatial_rank(OnnxImporter *imp, OnnxNode *node, const TrtTensor *w) {
  const Onnx__AttributeProto *k = onnx_attr(node, "kernel_shape");
  if (k && k->n_ints) return (int)k->n_ints;
  TrtDataType type;
  TrtDims dims;
  if (onnx_tensor_info(imp, w, &type, &dims) && dims.nb_dims >= 3) return dims.nb_dims - 2;
  return -1;
}

/* ConvTranspose with output_shape or SAME padding: explicit pads from the
 * input size (ONNX: total = stride*(in-1) + output_padding + (k-1)*d + 1 -
 * out; SAME_UPPER puts the odd unit at the end). */
static TrtStatus deconv_pads(OnnxImporter *imp, OnnxNode *node, TrtTensor *x,
                             TrtConvolutionParams *p, const TrtTensor *w) {
  int ns = p->nb_spatial;
  int64_t out[TRT_MAX_SPATIAL + 2];
  int n = onnx_attr_ints(imp, node, "output_shape", out, TRT_MAX_SPATIAL + 2);
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  bool same = p->padding_mode == TRT_PADDING_SAME_UPPER ||
              p->padding_mode == TRT_PADDING_SAME_LOWER;
  if (n == 0 && !same) return TRT_STATUS_OK;
  if (n != 0 && n != ns && n != ns + 2)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                          "output_shape has %d values for %d spatial dims", n, ns);
  TrtDataType type;
  TrtDims xd, wd;
  TrtStatus s = onnx_need_info(imp, node, x, &type, &xd);
  if (s == TRT_STATUS_OK) s = onnx_need_info(imp, node, w, &type, &wd);
  if (s != TRT_STATUS_OK) return s;
  if (xd.nb_dims != ns + 2 || wd.nb_dims != ns + 2)
    return onnx_node_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                          "input and weights must have rank %d", ns + 2);
  for (int i = 0; i < ns; i++) {
    int64_t in = xd.d[2 + i];
    int64_t k = p->kernel[i] ? p->kernel[i] : wd.d[2 + i];
    int64_t target = n ? out[n - ns + i] : in * p->stride[i];
    int64_t total = p->stride[i] * (in - 1) + p->output_padding[i] +
                    (k - 1) * p->dilation[i] + 1 - target;
    if (total < 0) {
      /* A larger output than the kernel reaches: extra zeros at the end. */
      p->output_padding[i] -= total;
      total = 0;
    }
    bool upper = p->padding_mode != TRT_PADDING_SAME_LOWER;
    p->pad_begin[i] = upper ? total / 2 : total - total / 2;
    p->pad_end[i] = total - p->pad_begin[i];
  }
  p->padding_mode = TRT_PADDING_EXPLICIT;
  return TRT_STATUS_OK;
}

TrtTensor *onnx_conv_layer(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, TrtTensor *w,
                           TrtTensor *b, bool transposed) {
  int ns = spatial_rank(imp, node, w);
  if (ns < 1 || ns > TRT_MAX_SPATIAL) {
    onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "%d spatial dims (1 to %d supported)", ns,
                   TRT_MAX_SPATIAL);
    return NULL;
  }
  TrtConvolutionParams p = trt_convolution_params_default(ns);
  p.groups = onnx_attr_int(node, "group", 1);
  int pad = auto_pad(imp, node);
  if (pad < 0) return NULL;
  p.padding_mode = pad;
  if (window_attrs(imp, node, ns, p.kernel, p.stride, p.dilation, p.pad_begin, p.pad_end) !=
      TRT_STATUS_OK)
    return NULL;
  if (transposed &&
      (window_attr(imp, node, "output_padding", ns, p.output_padding) != TRT_STATUS_OK ||
       deconv_pads(imp, node, x, &p, w) != TRT_STATUS_OK))
    return NULL;
  TrtTensor *in[3] = {x, w, b};
  return onnx_add1(imp, node, transposed ? TRT_LAYER_DECONVOLUTION : TRT_LAYER_CONVOLUTION, in,
                   b ? 3 : 2, &p);
}

static TrtStatus convolution(OnnxImporter *imp, OnnxNode *node, bool transposed) {
  TrtTensor *x = onnx_input(imp, node, 0), *w = x ? onnx_input(imp, node, 1) : NULL;
  if (!w) return TRT_STATUS_PARSE_ERROR;
  return onnx_output(imp, node, onnx_conv_layer(imp, node, x, w, onnx_optional_input(node, 2),
                                                transposed));
}

ONNX_CONVERTER(onnx_conv) { return convolution(imp, node, false); }
ONNX_CONVERTER(onnx_conv_transpose) { return convolution(imp, node, true); }

static TrtStatus pooling(OnnxImporter *imp, OnnxNode *node, TrtPoolingType type,
                         bool global) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  /* MaxPool's Indices (storage order 0) is the layer's second output. */
  bool indices = type == TRT_POOLING_MAX && onnx_output_used(node, 1);
  TrtPoolingParams p = trt_pooling_params_default(type, 0);
  p.global = global;
  p.p = (float)onnx_attr_int(node, "p", 2);
  if (!global) {
    const Onnx__AttributeProto *k = onnx_attr(node, "kernel_shape");
    int ns = k ? (int)k->n_ints : 0;
    if (ns < 1 || ns > TRT_MAX_SPATIAL)
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                            "kernel_shape has %d values (1 to %d spatial dims supported)",
                            ns, TRT_MAX_SPATIAL);
    p.nb_spatial = ns;
    int pad = auto_pad(imp, node);
    if (pad < 0) return TRT_STATUS_UNSUPPORTED;
    p.padding_mode = pad;
    p.ceil_mode = (int32_t)onnx_attr_int(node, "ceil_mode", 0);
    p.count_include_pad = (int32_t)onnx_attr_int(node, "count_include_pad", 0);
    if (indices && onnx_attr_int(node, "storage_order", 0) != 0)
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                            "Indices in storage_order 1 (column major) are not supported");
    TrtStatus s = window_attrs(imp, node, ns, p.kernel, p.stride, p.dilation,
                               p.pad_begin, p.pad_end);
    if (s != TRT_STATUS_OK) return s;
  }
  TrtLayer *l = onnx_add_layer(imp, node, TRT_LAYER_POOLING, &x, 1, &p, indices ? 2 : 1);
  if (!l) return TRT_STATUS_INVALID_ARGUMENT;
  TrtStatus s = onnx_set_output(imp, node, 0, trt_layer_get_output(l, 0));
  return s == TRT_STATUS_OK && indices ? onnx_set_output(imp, node, 1, trt_layer_get_output(l, 1))
                                       : s;
}

ONNX_CONVERTER(onnx_max_pool) { return pooling(imp, node, TRT_POOLING_MAX, false); }
ONNX_CONVERTER(onnx_average_pool) { return pooling(imp, node, TRT_POOLING_AVERAGE, false); }
ONNX_CONVERTER(onnx_lp_pool) { return pooling(imp, node, TRT_POOLING_LP, false); }
ONNX_CONVERTER(onnx_global_max_pool) { return pooling(imp, node, TRT_POOLING_MAX, true); }
ONNX_CONVERTER(onnx_global_average_pool) {
  return pooling(imp, node, TRT_POOLING_AVERAGE, true);
}
ONNX_CONVERTER(onnx_global_lp_pool) { return pooling(imp, node, TRT_POOLING_LP, true); }
