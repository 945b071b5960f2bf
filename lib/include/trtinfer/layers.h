/* trtinfer — layer kinds and their parameters.
 *
 * Each layer kind has one small parameter struct. Parameters are plain data
 * (no pointers) and are stored in engine files as they are, so every field
 * has a fixed width. Values that ONNX passes as tensors (shapes, starts,
 * pads, scales, k, ...) are layer *inputs*, not parameters: the builder reads
 * their values when it infers shapes. An optional input that is absent is a
 * NULL tensor. Numeric values of the enums are stored in engine files:
 * append, never renumber.
 */
#ifndef TRTINFER_LAYERS_H
#define TRTINFER_LAYERS_H

#include <trtinfer/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  TRT_LAYER_CONVOLUTION = 0,  /* x, W[M,C/g,k..], B[M]?, R?          */
  TRT_LAYER_DECONVOLUTION,    /* x, W[C,M/g,k..], B[M]?              */
  TRT_LAYER_POOLING,          /* x                                    */
  TRT_LAYER_MATMUL,           /* a, b (NumPy matmul, batch broadcast) */
  TRT_LAYER_GEMM,             /* A, B, C? : alpha*A'B' + beta*C       */
  TRT_LAYER_ACTIVATION,       /* x                                    */
  TRT_LAYER_SOFTMAX,          /* x                                    */
  TRT_LAYER_ELEMENTWISE,      /* a, b (NumPy broadcasting)            */
  TRT_LAYER_UNARY,            /* x                                    */
  TRT_LAYER_SELECT,           /* condition, x, y (ONNX Where)         */
  TRT_LAYER_NORMALIZATION,    /* see TrtNormalizationType             */
  TRT_LAYER_LRN,              /* x                                    */
  TRT_LAYER_SCALE,            /* x, scale?, shift?, power?            */
  TRT_LAYER_CONCAT,           /* x0, x1, ...                          */
  TRT_LAYER_SPLIT,            /* x, split sizes (int64)? -> n outputs */
  TRT_LAYER_SLICE,            /* x, starts, ends, axes?, steps?       */
  TRT_LAYER_PAD,              /* x, pads (int64 [2r]), value?, axes?  */
  TRT_LAYER_RESHAPE,          /* x, shape (int64)                     */
  TRT_LAYER_TRANSPOSE,        /* x                                    */
  TRT_LAYER_FLATTEN,          /* x                                    */
  TRT_LAYER_SQUEEZE,          /* x, axes (int64)?                     */
  TRT_LAYER_UNSQUEEZE,        /* x, axes (int64)?                     */
  TRT_LAYER_EXPAND,           /* x, shape (int64)                     */
  TRT_LAYER_TILE,             /* x, repeats (int64)                   */
  TRT_LAYER_RESIZE,           /* x, roi?, scales (float)?, sizes (int64)? */
  TRT_LAYER_REDUCE,           /* x, axes (int64)?                     */
  TRT_LAYER_ARG_REDUCE,       /* x -> int64 indices                   */
  TRT_LAYER_GATHER,           /* data, indices                        */
  TRT_LAYER_GATHER_ELEMENTS,  /* data, indices                        */
  TRT_LAYER_SCATTER_ELEMENTS, /* data, indices, updates               */
  TRT_LAYER_TOPK,             /* x, k (int64[1]) -> values, indices   */
  TRT_LAYER_CAST,             /* x                                    */
  TRT_LAYER_SHAPE,            /* x -> int64 [rank]                    */
  TRT_LAYER_IDENTITY,         /* x                                    */
  TRT_LAYER_CONSTANT_OF_SHAPE,/* shape (int64)                        */
  TRT_LAYER_RANGE,            /* start, limit, delta (scalars)        */
  TRT_LAYER_ONE_HOT,          /* indices, depth, values[2]            */
  TRT_LAYER_CUMSUM,           /* x, axis (scalar)                     */
  TRT_LAYER_DEPTH_TO_SPACE,   /* x (also SpaceToDepth, see params)    */
  TRT_LAYER_NORMALIZE,        /* x, scale: L2 norm (SSD Normalize)    */
  TRT_LAYER_PRIOR_BOX,        /* feature map, image? -> SSD priors    */
  TRT_LAYER_DETECTION_OUTPUT, /* loc, conf, priors -> detections, count? */
  TRT_LAYER_COUNT
} TrtLayerType;

/* ---- activations, also used as fused epilogues ------------------------ */
typedef enum {
  TRT_ACTIVATION_NONE = 0,
  TRT_ACTIVATION_RELU,
  TRT_ACTIVATION_LEAKY_RELU,      /* alpha = slope                        */
  TRT_ACTIVATION_SIGMOID,
  TRT_ACTIVATION_TANH,
  TRT_ACTIVATION_CLIP,            /* alpha = min, beta = max              */
  TRT_ACTIVATION_ELU,             /* alpha                                */
  TRT_ACTIVATION_SELU,            /* alpha, beta = gamma                  */
  TRT_ACTIVATION_SOFTPLUS,
  TRT_ACTIVATION_SOFTSIGN,
  TRT_ACTIVATION_HARD_SIGMOID,    /* max(0, min(1, alpha*x + beta))       */
  TRT_ACTIVATION_HARD_SWISH,      /* x * max(0, min(1, x/6 + 1/2))        */
  TRT_ACTIVATION_GELU,            /* beta != 0: tanh approximation        */
  TRT_ACTIVATION_MISH,
  TRT_ACTIVATION_THRESHOLDED_RELU,/* alpha = threshold                    */
  TRT_ACTIVATION_CELU,            /* alpha                                */
  TRT_ACTIVATION_COUNT
} TrtActivationType;

typedef struct {
  int32_t type; /* TrtActivationType */
  float alpha;
  float beta;
} TrtActivationParams;

/* ---- convolution, deconvolution, pooling -------------------------------- */
typedef enum {
  TRT_PADDING_EXPLICIT = 0, /* pad_begin / pad_end as given */
  TRT_PADDING_SAME_UPPER,   /* extra padding at the end     */
  TRT_PADDING_SAME_LOWER,   /* extra padding at the start   */
  TRT_PADDING_VALID         /* no padding                   */
} TrtPaddingMode;

#define TRT_MAX_SPATIAL 3

typedef struct {
  int32_t nb_spatial; /* 1, 2 or 3 */
  int32_t padding_mode; /* TrtPaddingMode; the builder resolves it into pads */
  int64_t kernel[TRT_MAX_SPATIAL];
  int64_t stride[TRT_MAX_SPATIAL];
  int64_t dilation[TRT_MAX_SPATIAL];
  int64_t pad_begin[TRT_MAX_SPATIAL];
  int64_t pad_end[TRT_MAX_SPATIAL];
  int64_t groups;
  /* Deconvolution only: extra size added at the end of each output dim. */
  int64_t output_padding[TRT_MAX_SPATIAL];
  /* Epilogue fused by the builder (or set by the user): y = act(conv + b),
   * or y = act(conv + b + R) for a convolution given a residual input R
   * (input 3, float32, the output's dims; CPU engines fuse residual adds
   * so). */
  TrtActivationParams activation;
} TrtConvolutionParams;

typedef enum {
  TRT_POOLING_MAX = 0,
  TRT_POOLING_AVERAGE,
  TRT_POOLING_LP
} TrtPoolingType;

typedef struct {
  int32_t type; /* TrtPoolingType */
  int32_t nb_spatial;
  int32_t padding_mode; /* TrtPaddingMode */
  int32_t ceil_mode;          /* output size rounded up, not down      */
  int32_t count_include_pad;  /* average: divide by the full window    */
  int32_t global;             /* window = whole spatial extent         */
  float p;                    /* LP pooling norm                       */
  int64_t kernel[TRT_MAX_SPATIAL];
  int64_t stride[TRT_MAX_SPATIAL];
  int64_t dilation[TRT_MAX_SPATIAL];
  int64_t pad_begin[TRT_MAX_SPATIAL];
  int64_t pad_end[TRT_MAX_SPATIAL];
} TrtPoolingParams;

/* ---- matrix products ---------------------------------------------------- */
typedef struct {
  int32_t transpose_a; /* of the last two dims */
  int32_t transpose_b;
  TrtActivationParams activation;
} TrtMatMulParams;

typedef struct {
  float alpha;
  float beta;
  int32_t transpose_a;
  int32_t transpose_b;
  TrtActivationParams activation;
} TrtGemmParams;

/* ---- softmax ------------------------------------------------------------ */
typedef struct {
  int32_t axis; /* negative counts from the end */
  int32_t log;  /* log-softmax */
  /* Opset < 13 semantics: the input is seen as 2-D [prod(d<axis),
   * prod(d>=axis)] and normalized over the second dimension. */
  int32_t coerce_2d;
} TrtSoftmaxParams;

/* ---- elementwise binary ------------------------------------------------- */
typedef enum {
  TRT_ELEMENTWISE_ADD = 0,
  TRT_ELEMENTWISE_SUB,
  TRT_ELEMENTWISE_MUL,
  TRT_ELEMENTWISE_DIV,     /* integer division truncates toward zero  */
  TRT_ELEMENTWISE_POW,
  TRT_ELEMENTWISE_MAX,
  TRT_ELEMENTWISE_MIN,
  TRT_ELEMENTWISE_MOD,     /* sign of the divisor (Python %)           */
  TRT_ELEMENTWISE_FMOD,    /* sign of the dividend (C fmod)            */
  TRT_ELEMENTWISE_EQUAL,   /* comparisons and logic give BOOL          */
  TRT_ELEMENTWISE_LESS,
  TRT_ELEMENTWISE_LESS_EQUAL,
  TRT_ELEMENTWISE_GREATER,
  TRT_ELEMENTWISE_GREATER_EQUAL,
  TRT_ELEMENTWISE_AND,
  TRT_ELEMENTWISE_OR,
  TRT_ELEMENTWISE_XOR,
  TRT_ELEMENTWISE_PRELU,   /* a < 0 ? a * b : a                       */
  TRT_ELEMENTWISE_COUNT
} TrtElementwiseOp;

typedef struct {
  int32_t op; /* TrtElementwiseOp */
  TrtActivationParams activation;
} TrtElementwiseParams;

/* ---- elementwise unary -------------------------------------------------- */
typedef enum {
  TRT_UNARY_ABS = 0,
  TRT_UNARY_NEG,
  TRT_UNARY_EXP,
  TRT_UNARY_LOG,
  TRT_UNARY_SQRT,
  TRT_UNARY_RECIPROCAL,
  TRT_UNARY_FLOOR,
  TRT_UNARY_CEIL,
  TRT_UNARY_ROUND, /* half to even */
  TRT_UNARY_SIN,
  TRT_UNARY_COS,
  TRT_UNARY_TAN,
  TRT_UNARY_ASIN,
  TRT_UNARY_ACOS,
  TRT_UNARY_ATAN,
  TRT_UNARY_SINH,
  TRT_UNARY_COSH,
  TRT_UNARY_ASINH,
  TRT_UNARY_ACOSH,
  TRT_UNARY_ATANH,
  TRT_UNARY_ERF,
  TRT_UNARY_SIGN,
  TRT_UNARY_NOT,    /* BOOL */
  TRT_UNARY_ISNAN,  /* -> BOOL */
  TRT_UNARY_ISINF,  /* -> BOOL */
  TRT_UNARY_COUNT
} TrtUnaryOp;

typedef struct {
  int32_t op; /* TrtUnaryOp */
} TrtUnaryParams;

/* ---- normalization ------------------------------------------------------ */
typedef enum {
  TRT_NORMALIZATION_BATCH = 0,  /* x, scale, bias, mean, var (per channel) */
  TRT_NORMALIZATION_INSTANCE,   /* x, scale, bias (per channel)            */
  TRT_NORMALIZATION_LAYER,      /* x, scale, bias? over dims >= axis       */
  TRT_NORMALIZATION_GROUP       /* x, scale, bias (per channel)            */
} TrtNormalizationType;

typedef struct {
  int32_t type; /* TrtNormalizationType */
  int32_t axis; /* LAYER: first normalized dim (negative from the end) */
  int32_t num_groups; /* GROUP */
  float epsilon;
} TrtNormalizationParams;

typedef struct {
  int64_t size;
  float alpha;
  float beta;
  float bias;
} TrtLrnParams;

/* y = (x * scale + shift) ^ power; each of scale, shift and power is a
 * uniform scalar, a per-channel vector or a full tensor (by its volume). */
typedef struct {
  int32_t channel_axis;
} TrtScaleParams;

/* ---- data movement ------------------------------------------------------ */
typedef struct {
  int32_t axis;
} TrtAxisParams; /* CONCAT, SPLIT, GATHER, GATHER_ELEMENTS, FLATTEN */

typedef enum {
  TRT_PAD_CONSTANT = 0,
  TRT_PAD_REFLECT,
  TRT_PAD_EDGE,
  TRT_PAD_WRAP
} TrtPadMode;

typedef struct {
  int32_t mode; /* TrtPadMode */
} TrtPadParams;

typedef struct {
  int32_t allow_zero; /* 0 in shape means 0, not "copy the input dim" */
} TrtReshapeParams;

typedef struct {
  int32_t nb_perm; /* 0: reverse the dimensions */
  int32_t perm[TRT_MAX_DIMS];
} TrtTransposeParams;

/* SQUEEZE / UNSQUEEZE with the axes given here when no axes input. */
typedef struct {
  int32_t nb_axes; /* SQUEEZE with 0 axes: every dim of size 1 */
  int32_t axes[TRT_MAX_DIMS];
} TrtAxesParams;

typedef enum {
  TRT_RESIZE_NEAREST = 0,
  TRT_RESIZE_LINEAR,
  TRT_RESIZE_CUBIC
} TrtResizeMode;

typedef enum {
  TRT_RESIZE_COORD_HALF_PIXEL = 0,
  TRT_RESIZE_COORD_ASYMMETRIC,
  TRT_RESIZE_COORD_PYTORCH_HALF_PIXEL,
  TRT_RESIZE_COORD_ALIGN_CORNERS,
  TRT_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN,
  TRT_RESIZE_COORD_TF_CROP_AND_RESIZE,
  TRT_RESIZE_COORD_HALF_PIXEL_SYMMETRIC
} TrtResizeCoordTransform;

typedef enum {
  TRT_RESIZE_NEAREST_ROUND_PREFER_FLOOR = 0,
  TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL,
  TRT_RESIZE_NEAREST_FLOOR,
  TRT_RESIZE_NEAREST_CEIL
} TrtResizeNearestMode;

typedef struct {
  int32_t mode;            /* TrtResizeMode */
  int32_t coord_transform; /* TrtResizeCoordTransform */
  int32_t nearest_mode;    /* TrtResizeNearestMode */
  int32_t exclude_outside;
  float cubic_coeff_a;
  float extrapolation_value;
} TrtResizeParams;

/* ---- reductions --------------------------------------------------------- */
typedef enum {
  TRT_REDUCE_SUM = 0,
  TRT_REDUCE_MEAN,
  TRT_REDUCE_MAX,
  TRT_REDUCE_MIN,
  TRT_REDUCE_PROD,
  TRT_REDUCE_L1,
  TRT_REDUCE_L2,
  TRT_REDUCE_LOG_SUM,
  TRT_REDUCE_LOG_SUM_EXP,
  TRT_REDUCE_SUM_SQUARE
} TrtReduceOp;

typedef struct {
  int32_t op; /* TrtReduceOp */
  int32_t keep_dims;
  /* With no axes (here or as input): reduce all dims, or none when set. */
  int32_t noop_with_empty_axes;
  int32_t nb_axes;
  int32_t axes[TRT_MAX_DIMS];
} TrtReduceParams;

typedef struct {
  int32_t op; /* TRT_REDUCE_MAX or TRT_REDUCE_MIN */
  int32_t axis;
  int32_t keep_dims;
  int32_t select_last_index;
} TrtArgReduceParams;

typedef enum {
  TRT_SCATTER_NONE = 0,
  TRT_SCATTER_ADD,
  TRT_SCATTER_MUL,
  TRT_SCATTER_MAX,
  TRT_SCATTER_MIN
} TrtScatterReduction;

typedef struct {
  int32_t axis;
  int32_t reduction; /* TrtScatterReduction */
} TrtScatterParams;

typedef struct {
  int32_t axis;
  int32_t largest;
  int32_t sorted;
} TrtTopKParams;

typedef struct {
  int32_t to; /* TrtDataType */
} TrtCastParams;

typedef struct {
  int32_t start; /* dims [start, end) of the input, negative from the end */
  int32_t end;
  int32_t has_end;
} TrtShapeParams;

typedef struct {
  int32_t type;   /* TrtDataType of the output */
  uint8_t value[8]; /* one element of that type, little-endian */
} TrtConstantOfShapeParams;

typedef struct {
  int32_t axis;
} TrtOneHotParams;

typedef struct {
  int32_t exclusive;
  int32_t reverse;
} TrtCumSumParams;

typedef enum {
  TRT_DEPTH_TO_SPACE_DCR = 0,
  TRT_DEPTH_TO_SPACE_CRD,
  TRT_SPACE_TO_DEPTH
} TrtDepthToSpaceMode;

typedef struct {
  int64_t block_size;
  int32_t mode; /* TrtDepthToSpaceMode */
} TrtDepthToSpaceParams;

/* ---- SSD detection layers (the Caffe SSD fork's layers) ---------------- */

/* NORMALIZE: y = scale * x / sqrt(sum(x^2) + eps) on x [N, C, ...]. The sum
 * runs over the channels at each position, or with across_spatial over all
 * of C x H x W of each item. scale is [C], or [1] with channel_shared. */
typedef struct {
  int32_t across_spatial;
  int32_t channel_shared;
  float eps;
} TrtNormalizeParams;

#define TRT_PRIOR_BOX_MAX_SIZES 8
#define TRT_PRIOR_BOX_MAX_RATIOS 16

/* PRIOR_BOX: the default boxes of SSD for a feature map [N, C, H, W] of an
 * image [N, C', H', W'] (only the shapes of both inputs are read). Output
 * [1, 2, H * W * num_priors * 4]: channel 0 holds each prior's normalized
 * corners (xmin, ymin, xmax, ymax), channel 1 its four variances. Priors go
 * by row, then column, then min size: the square of min_size, the square of
 * sqrt(min_size * max_size) when max sizes are given, then min_size at each
 * other aspect ratio (w = s * sqrt(r), h = s / sqrt(r)). Aspect ratio 1 is
 * always first and duplicates are dropped; flip adds 1/r for each r (the
 * builder writes the expanded list back and clears flip). */
typedef struct {
  int32_t nb_min_sizes;    /* 1 .. TRT_PRIOR_BOX_MAX_SIZES */
  int32_t nb_max_sizes;    /* 0 or nb_min_sizes */
  int32_t nb_aspect_ratios;
  float min_size[TRT_PRIOR_BOX_MAX_SIZES];
  float max_size[TRT_PRIOR_BOX_MAX_SIZES];
  float aspect_ratio[TRT_PRIOR_BOX_MAX_RATIOS];
  int32_t flip;
  int32_t clip;            /* clamp corners to [0, 1] */
  int32_t nb_variances;    /* 1 (used 4 times) or 4 */
  float variance[4];
  int32_t img_h, img_w;    /* 0: the image input's H and W */
  float step_h, step_w;    /* 0: image size / feature map size */
  float offset;            /* of the box centres within a cell, usually 0.5 */
} TrtPriorBoxParams;

typedef enum {
  TRT_BOX_CODE_CORNER = 1,      /* offsets of the corners */
  TRT_BOX_CODE_CENTER_SIZE = 2, /* centre offsets, log of the size ratios */
  TRT_BOX_CODE_CORNER_SIZE = 3  /* corner offsets in units of the size */
} TrtBoxCodeType;

/* DETECTION_OUTPUT: SSD's decoder. Inputs: loc [N, P * L * 4] (L = 1 with
 * share_location, else num_classes), conf [N, P * num_classes] (scores,
 * after softmax), priors [1, 2, P * 4] (as PRIOR_BOX makes them). Each box
 * is decoded against its prior; per class (except the background), boxes
 * scoring above confidence_threshold are sorted, cut to top_k, and go
 * through greedy NMS at nms_threshold (adaptive with eta < 1); of all the
 * kept boxes of an item, the keep_top_k best remain.
 * Output 0: float [N, 1, K, 7], rows (item, label, score, xmin, ymin, xmax,
 * ymax) by descending score (ties: lower label, then lower prior first);
 * rows past the item's count are all -1. K is keep_top_k, or when that is
 * -1 the most NMS can keep. Output 1 (optional): int32 [N] counts. */
typedef struct {
  int32_t num_classes;
  int32_t share_location;
  int32_t background_label_id; /* -1: no background class */
  int32_t code_type;           /* TrtBoxCodeType */
  int32_t variance_encoded_in_target;
  int32_t top_k;               /* per class before NMS; -1: all */
  int32_t keep_top_k;          /* per item after NMS; -1: all */
  float confidence_threshold;  /* a score must be above it */
  float nms_threshold;         /* IoU above which a box is suppressed */
  float eta;                   /* 1: fixed threshold */
} TrtDetectionOutputParams;

/* Name of a layer kind ("Convolution"), of an activation ("Relu"), etc. */
TRT_API const char *trt_layer_type_name(TrtLayerType type);
TRT_API const char *trt_activation_type_name(TrtActivationType type);
TRT_API const char *trt_elementwise_op_name(TrtElementwiseOp op);
TRT_API const char *trt_unary_op_name(TrtUnaryOp op);
TRT_API const char *trt_reduce_op_name(TrtReduceOp op);

/* Default parameters: stride/dilation 1, groups 1, no padding, ... */
TRT_API TrtConvolutionParams trt_convolution_params_default(int nb_spatial);
TRT_API TrtPoolingParams trt_pooling_params_default(TrtPoolingType type,
                                                    int nb_spatial);

#ifdef __cplusplus
}
#endif
#endif
