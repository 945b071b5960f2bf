/* Internals of the CPU backend: the kernel of every layer kind and the
 * helpers they share. The kernels here are the reference implementation that
 * every other backend is tested against. */
#ifndef TRT_CPU_IMPL_H
#define TRT_CPU_IMPL_H

#include <math.h>
#include <stdint.h>

#include "../core/backend-impl.h"

/* One kernel per layer kind, defined in the family's file. */
extern const TrtKernel trt_cpu_convolution, trt_cpu_deconvolution,
    trt_cpu_pooling, trt_cpu_matmul, trt_cpu_gemm, trt_cpu_activation,
    trt_cpu_softmax, trt_cpu_elementwise, trt_cpu_unary, trt_cpu_select,
    trt_cpu_normalization, trt_cpu_lrn, trt_cpu_scale, trt_cpu_concat,
    trt_cpu_split, trt_cpu_slice, trt_cpu_pad, trt_cpu_reshape,
    trt_cpu_transpose, trt_cpu_flatten, trt_cpu_squeeze, trt_cpu_unsqueeze,
    trt_cpu_expand, trt_cpu_tile, trt_cpu_resize, trt_cpu_reduce,
    trt_cpu_arg_reduce, trt_cpu_gather, trt_cpu_gather_elements,
    trt_cpu_scatter_elements, trt_cpu_topk, trt_cpu_cast, trt_cpu_shape,
    trt_cpu_identity, trt_cpu_constant_of_shape, trt_cpu_range,
    trt_cpu_one_hot, trt_cpu_cumsum, trt_cpu_depth_to_space,
    trt_cpu_normalize, trt_cpu_prior_box, trt_cpu_detection_output;

/* Element access for kernels that handle every type through double. */
double trt_cpu_load(const void *data, TrtDataType type, int64_t index);
void trt_cpu_store(void *data, TrtDataType type, int64_t index, double value);

/* Row-major strides of dims (in elements). */
void trt_cpu_strides(const TrtDims *dims, int64_t *strides);
/* Strides of `dims` broadcast to `out` (0 where broadcast). */
void trt_cpu_broadcast_strides(const TrtDims *dims, const TrtDims *out,
                               int64_t *strides);

/* Activation of one value, and in place over an array. */
float trt_cpu_activate(float x, const TrtActivationParams *act);
void trt_cpu_activate_array(float *x, int64_t n, const TrtActivationParams *act);

/* C = alpha * op(A) op(B) + beta * C (row-major). `scratch` needs m*k floats
 * when trans_a, else may be NULL. */
void trt_cpu_sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
                   float alpha, const float *a, int64_t lda, const float *b,
                   int64_t ldb, float beta, float *c, int64_t ldc, float *scratch);

/* A convolution's residual input (input 3, see TrtConvolutionParams), or
 * NULL. Its data may be the output's own (the memory plan lets the output
 * take the residual's slot when both are stored in one order). */
static inline const TrtTensorView *trt_cpu_conv_residual(const TrtKernelArgs *args) {
  return args->nb_inputs > 3 && args->inputs[3].present ? &args->inputs[3] : NULL;
}

/* Channels-last operands (TrtTensorView.channels_last; see
 * core/passes/cpu-channels-last.c): whether the layer has any; the
 * workspace a reference kernel needing `own` bytes asks for to run on
 * planar copies of them; and that run: copies in, run(args with planar
 * views and the first `own` bytes of the workspace), copies out. */
bool trt_cpu_any_channels_last(const TrtKernelArgs *args);
/* The order a view's dims are stored in, outermost first (N, H, W, then
 * the channel dims when channels-last; else 0, 1, ...): whether it is
 * channels-last. And each dim's stride in elements as stored. */
bool trt_cpu_storage_order(const TrtTensorView *v, int *order);
void trt_cpu_storage_strides(const TrtTensorView *v, int64_t *strides);
size_t trt_cpu_planar_workspace(const TrtKernelArgs *args, size_t own);
/* Copies the values of `from` into `to` (same dims and type), each stored
 * in its own order. */
void trt_cpu_copy_view(const TrtTensorView *from, const TrtTensorView *to);
TrtStatus trt_cpu_run_planar(TrtKernelArgs *args, size_t own, TrtStatus (*run)(TrtKernelArgs *));

/* Logs "layer '<name>' (<Kind>): <message>" at ERROR; returns status. */
TrtStatus trt_cpu_fail(const TrtKernelArgs *args, TrtStatus status,
                       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
