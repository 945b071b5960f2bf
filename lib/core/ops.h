/* Per-kind knowledge that does not depend on a backend: the parameter
 * struct's size, how to check a layer and infer its output shapes and types.
 * One file per layer family under lib/core/ops/ implements these. */
#ifndef TRT_OPS_H
#define TRT_OPS_H

#include <trtinfer/layers.h>
#include <trtinfer/logger.h>

/* What shape inference sees of one tensor. */
typedef struct {
  TrtDataType type;
  TrtDims dims;
  /* Host copy of the tensor's values when known before running: constants
   * and values computed from shapes (Shape -> Gather -> Concat -> ...).
   * NULL when the values are only known at run time. */
  const void *value;
  bool present; /* false for an absent optional input */
} TrtShapeView;

typedef struct {
  const char *layer_name;
  TrtLayerType type;
  /* The layer's params, writable: inference may resolve them (e.g. SAME
   * padding into explicit pads) so kernels see concrete values. */
  void *params;
  int nb_inputs;
  const TrtShapeView *inputs;
  int nb_outputs;
  TrtShapeView *outputs; /* fill type and dims (value stays NULL) */
  TrtLogger *logger;
} TrtInferArgs;

typedef TrtStatus (*TrtInferFn)(TrtInferArgs *args);

typedef struct {
  const char *name;     /* "Convolution" */
  size_t params_size;   /* 0 when the kind has no parameters */
  int min_inputs, max_inputs; /* max -1: any number */
  TrtInferFn infer;
} TrtOpInfo;

const TrtOpInfo *trt_op_info(TrtLayerType type);

/* Logs "layer '<name>' (<Kind>): <message>" at ERROR and returns status. */
TrtStatus trt_infer_fail(const TrtInferArgs *args, TrtStatus status,
                         const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reads input i's known values as int64 (from INT32/INT64/...); returns
 * the count or -1 (and logs) when the values are not known or > max. */
int trt_infer_read_i64(const TrtInferArgs *args, int i, int64_t *out,
                       int max);
/* Normalizes a possibly negative axis against rank; false if out of range. */
bool trt_normalize_axis(int64_t axis, int rank, int *out);
/* NumPy broadcast of a and b into out; false when they do not broadcast. */
bool trt_broadcast_dims(const TrtDims *a, const TrtDims *b, TrtDims *out);

/* Sliding windows (convolution, pooling). Kernel sizes, strides, dilations
 * and pads above this are rejected, so sums and products of them fit in
 * int64. */
#define TRT_INFER_MAX_EXTENT ((int64_t)1 << 31)
/* Resolves SAME_UPPER / SAME_LOWER (output = ceil(in / stride)) or VALID
 * padding of one spatial dim into explicit pads; EXPLICIT keeps them.
 * `window` is the dilated kernel extent. Defined in ops/convolution.c. */
void trt_infer_resolve_pads(int32_t mode, int64_t in, int64_t stride,
                            int64_t window, int64_t *begin, int64_t *end);
/* Checks an activation, also as a fused epilogue (type in range, Celu
 * alpha not 0). Defined in ops/activation.c. */
TrtStatus trt_infer_check_activation(const TrtInferArgs *args,
                                     const TrtActivationParams *act);

/* The families; each lib/core/ops/<family>.c defines its infer functions. */
#define TRT_DECLARE_INFER(fn) TrtStatus fn(TrtInferArgs *args)
TRT_DECLARE_INFER(trt_infer_convolution);
TRT_DECLARE_INFER(trt_infer_deconvolution);
TRT_DECLARE_INFER(trt_infer_pooling);
TRT_DECLARE_INFER(trt_infer_matmul);
TRT_DECLARE_INFER(trt_infer_gemm);
TRT_DECLARE_INFER(trt_infer_activation);
TRT_DECLARE_INFER(trt_infer_softmax);
TRT_DECLARE_INFER(trt_infer_elementwise);
TRT_DECLARE_INFER(trt_infer_unary);
TRT_DECLARE_INFER(trt_infer_select);
TRT_DECLARE_INFER(trt_infer_normalization);
TRT_DECLARE_INFER(trt_infer_lrn);
TRT_DECLARE_INFER(trt_infer_scale);
TRT_DECLARE_INFER(trt_infer_concat);
TRT_DECLARE_INFER(trt_infer_split);
TRT_DECLARE_INFER(trt_infer_slice);
TRT_DECLARE_INFER(trt_infer_pad);
TRT_DECLARE_INFER(trt_infer_reshape);
TRT_DECLARE_INFER(trt_infer_transpose);
TRT_DECLARE_INFER(trt_infer_flatten);
TRT_DECLARE_INFER(trt_infer_squeeze);
TRT_DECLARE_INFER(trt_infer_unsqueeze);
TRT_DECLARE_INFER(trt_infer_expand);
TRT_DECLARE_INFER(trt_infer_tile);
TRT_DECLARE_INFER(trt_infer_resize);
TRT_DECLARE_INFER(trt_infer_reduce);
TRT_DECLARE_INFER(trt_infer_arg_reduce);
TRT_DECLARE_INFER(trt_infer_gather);
TRT_DECLARE_INFER(trt_infer_gather_elements);
TRT_DECLARE_INFER(trt_infer_scatter_elements);
TRT_DECLARE_INFER(trt_infer_topk);
TRT_DECLARE_INFER(trt_infer_cast);
TRT_DECLARE_INFER(trt_infer_shape);
TRT_DECLARE_INFER(trt_infer_identity);
TRT_DECLARE_INFER(trt_infer_constant_of_shape);
TRT_DECLARE_INFER(trt_infer_range);
TRT_DECLARE_INFER(trt_infer_one_hot);
TRT_DECLARE_INFER(trt_infer_cumsum);
TRT_DECLARE_INFER(trt_infer_depth_to_space);
TRT_DECLARE_INFER(trt_infer_normalize);
TRT_DECLARE_INFER(trt_infer_prior_box);
TRT_DECLARE_INFER(trt_infer_detection_output);

#endif
