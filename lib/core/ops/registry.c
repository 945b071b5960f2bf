/* The table of layer kinds: names, parameter sizes, input counts and shape
 * inference. Adding a kind means one row here and one infer function. */
#include <stdio.h>
#include <stdarg.h>

#include "../ops.h"

#define ROW(kind, nm, params, mn, mx, fn) \
  [kind] = {.name = nm, .params_size = params, .min_inputs = mn, .max_inputs = mx, .infer = fn}

static const TrtOpInfo op_table[TRT_LAYER_COUNT] = {
    ROW(TRT_LAYER_CONVOLUTION, "Convolution", sizeof(TrtConvolutionParams), 2, 4, trt_infer_convolution),
    ROW(TRT_LAYER_DECONVOLUTION, "Deconvolution", sizeof(TrtConvolutionParams), 2, 3, trt_infer_deconvolution),
    ROW(TRT_LAYER_POOLING, "Pooling", sizeof(TrtPoolingParams), 1, 1, trt_infer_pooling),
    ROW(TRT_LAYER_MATMUL, "MatMul", sizeof(TrtMatMulParams), 2, 2, trt_infer_matmul),
    ROW(TRT_LAYER_GEMM, "Gemm", sizeof(TrtGemmParams), 2, 3, trt_infer_gemm),
    ROW(TRT_LAYER_ACTIVATION, "Activation", sizeof(TrtActivationParams), 1, 1, trt_infer_activation),
    ROW(TRT_LAYER_SOFTMAX, "Softmax", sizeof(TrtSoftmaxParams), 1, 1, trt_infer_softmax),
    ROW(TRT_LAYER_ELEMENTWISE, "Elementwise", sizeof(TrtElementwiseParams), 2, 2, trt_infer_elementwise),
    ROW(TRT_LAYER_UNARY, "Unary", sizeof(TrtUnaryParams), 1, 1, trt_infer_unary),
    ROW(TRT_LAYER_SELECT, "Select", 0, 3, 3, trt_infer_select),
    ROW(TRT_LAYER_NORMALIZATION, "Normalization", sizeof(TrtNormalizationParams), 2, 5, trt_infer_normalization),
    ROW(TRT_LAYER_LRN, "LRN", sizeof(TrtLrnParams), 1, 1, trt_infer_lrn),
    ROW(TRT_LAYER_SCALE, "Scale", sizeof(TrtScaleParams), 1, 4, trt_infer_scale),
    ROW(TRT_LAYER_CONCAT, "Concat", sizeof(TrtAxisParams), 1, -1, trt_infer_concat),
    ROW(TRT_LAYER_SPLIT, "Split", sizeof(TrtAxisParams), 1, 2, trt_infer_split),
    ROW(TRT_LAYER_SLICE, "Slice", 0, 3, 5, trt_infer_slice),
    ROW(TRT_LAYER_PAD, "Pad", sizeof(TrtPadParams), 2, 4, trt_infer_pad),
    ROW(TRT_LAYER_RESHAPE, "Reshape", sizeof(TrtReshapeParams), 2, 2, trt_infer_reshape),
    ROW(TRT_LAYER_TRANSPOSE, "Transpose", sizeof(TrtTransposeParams), 1, 1, trt_infer_transpose),
    ROW(TRT_LAYER_FLATTEN, "Flatten", sizeof(TrtAxisParams), 1, 1, trt_infer_flatten),
    ROW(TRT_LAYER_SQUEEZE, "Squeeze", sizeof(TrtAxesParams), 1, 2, trt_infer_squeeze),
    ROW(TRT_LAYER_UNSQUEEZE, "Unsqueeze", sizeof(TrtAxesParams), 1, 2, trt_infer_unsqueeze),
    ROW(TRT_LAYER_EXPAND, "Expand", 0, 2, 2, trt_infer_expand),
    ROW(TRT_LAYER_TILE, "Tile", 0, 2, 2, trt_infer_tile),
    ROW(TRT_LAYER_RESIZE, "Resize", sizeof(TrtResizeParams), 1, 4, trt_infer_resize),
    ROW(TRT_LAYER_REDUCE, "Reduce", sizeof(TrtReduceParams), 1, 2, trt_infer_reduce),
    ROW(TRT_LAYER_ARG_REDUCE, "ArgReduce", sizeof(TrtArgReduceParams), 1, 1, trt_infer_arg_reduce),
    ROW(TRT_LAYER_GATHER, "Gather", sizeof(TrtAxisParams), 2, 2, trt_infer_gather),
    ROW(TRT_LAYER_GATHER_ELEMENTS, "GatherElements", sizeof(TrtAxisParams), 2, 2, trt_infer_gather_elements),
    ROW(TRT_LAYER_SCATTER_ELEMENTS, "ScatterElements", sizeof(TrtScatterParams), 3, 3, trt_infer_scatter_elements),
    ROW(TRT_LAYER_TOPK, "TopK", sizeof(TrtTopKParams), 2, 2, trt_infer_topk),
    ROW(TRT_LAYER_CAST, "Cast", sizeof(TrtCastParams), 1, 1, trt_infer_cast),
    ROW(TRT_LAYER_SHAPE, "Shape", sizeof(TrtShapeParams), 1, 1, trt_infer_shape),
    ROW(TRT_LAYER_IDENTITY, "Identity", 0, 1, 1, trt_infer_identity),
    ROW(TRT_LAYER_CONSTANT_OF_SHAPE, "ConstantOfShape", sizeof(TrtConstantOfShapeParams), 1, 1, trt_infer_constant_of_shape),
    ROW(TRT_LAYER_RANGE, "Range", 0, 3, 3, trt_infer_range),
    ROW(TRT_LAYER_ONE_HOT, "OneHot", sizeof(TrtOneHotParams), 3, 3, trt_infer_one_hot),
    ROW(TRT_LAYER_CUMSUM, "CumSum", sizeof(TrtCumSumParams), 2, 2, trt_infer_cumsum),
    ROW(TRT_LAYER_DEPTH_TO_SPACE, "DepthToSpace", sizeof(TrtDepthToSpaceParams), 1, 1, trt_infer_depth_to_space),
    ROW(TRT_LAYER_NORMALIZE, "Normalize", sizeof(TrtNormalizeParams), 2, 2, trt_infer_normalize),
    ROW(TRT_LAYER_PRIOR_BOX, "PriorBox", sizeof(TrtPriorBoxParams), 1, 2, trt_infer_prior_box),
    ROW(TRT_LAYER_DETECTION_OUTPUT, "DetectionOutput", sizeof(TrtDetectionOutputParams), 3, 3, trt_infer_detection_output),
};

const TrtOpInfo *trt_op_info(TrtLayerType type) {
  if ((unsigned)type >= TRT_LAYER_COUNT || !op_table[type].name) return NULL;
  return &op_table[type];
}

const char *trt_layer_type_name(TrtLayerType type) {
  const TrtOpInfo *info = trt_op_info(type);
  return info ? info->name : "Invalid";
}
