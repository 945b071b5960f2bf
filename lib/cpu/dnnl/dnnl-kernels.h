/* oneDNN-accelerated paths of the CPU kernels, as the kernels see them.
 *
 * A kernel's prepare asks the family's trt_dnnl_*_prepare for an op. It
 * gets NULL (and OK) when oneDNN is absent from the build, when the
 * environment variable TRTINFER_CPU_REFERENCE is set to anything but "" or
 * "0", or when oneDNN cannot run the layer as given (types, shapes,
 * parameters, or only its slow reference implementation is on offer): the
 * kernel then runs its own reference code. On success the op is ready to
 * run: its workspace size and its tactic ("dnnl <implementation>") are in
 * args. run binds the data pointers of args and executes, allocating
 * nothing.
 *
 * One known difference: a Relu or Clip fused into a convolution or matrix
 * product turns a NaN into 0 (or the clip bound) on the oneDNN path, where
 * the reference keeps it. */
#ifndef TRT_CPU_DNNL_KERNELS_H
#define TRT_CPU_DNNL_KERNELS_H

#include "../cpu-impl.h"

typedef struct TrtDnnlOp TrtDnnlOp;

#ifdef TRT_HAVE_DNNL
TrtStatus trt_dnnl_convolution_prepare(TrtKernelArgs *args, bool deconv, TrtDnnlOp **op);
TrtStatus trt_dnnl_matmul_prepare(TrtKernelArgs *args, TrtDnnlOp **op);
/* Gemm: when C is present and *c_is_bias comes back false, run expects the
 * output already filled with beta * C (broadcast) and adds to it. */
TrtStatus trt_dnnl_gemm_prepare(TrtKernelArgs *args, TrtDnnlOp **op, bool *c_is_bias);
TrtStatus trt_dnnl_pooling_prepare(TrtKernelArgs *args, TrtDnnlOp **op);
TrtStatus trt_dnnl_activation_prepare(TrtKernelArgs *args, TrtDnnlOp **op);
/* Batch normalization only. */
TrtStatus trt_dnnl_normalization_prepare(TrtKernelArgs *args, TrtDnnlOp **op);
TrtStatus trt_dnnl_lrn_prepare(TrtKernelArgs *args, TrtDnnlOp **op);
TrtStatus trt_dnnl_op_run(TrtDnnlOp *op, const TrtKernelArgs *args);
void trt_dnnl_op_free(TrtDnnlOp *op);
#else
static inline TrtStatus trt_dnnl_convolution_prepare(TrtKernelArgs *args, bool deconv,
                                                     TrtDnnlOp **op) {
  *op = NULL;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_matmul_prepare(TrtKernelArgs *args, TrtDnnlOp **op) {
  *op = NULL;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_gemm_prepare(TrtKernelArgs *args, TrtDnnlOp **op,
                                              bool *c_is_bias) {
  *op = NULL;
  *c_is_bias = false;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_pooling_prepare(TrtKernelArgs *args, TrtDnnlOp **op) {
  *op = NULL;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_activation_prepare(TrtKernelArgs *args, TrtDnnlOp **op) {
  *op = NULL;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_normalization_prepare(TrtKernelArgs *args, TrtDnnlOp **op) {
  *op = NULL;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_lrn_prepare(TrtKernelArgs *args, TrtDnnlOp **op) {
  *op = NULL;
  return TRT_STATUS_OK;
}
static inline TrtStatus trt_dnnl_op_run(TrtDnnlOp *op, const TrtKernelArgs *args) {
  return TRT_STATUS_INTERNAL_ERROR;
}
static inline void trt_dnnl_op_free(TrtDnnlOp *op) {}
#endif

#endif
