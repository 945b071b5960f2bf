/* 1x1 convolutions of channels-last float16 tensors (stride 1, no pads,
 * one group) are one matrix product: [N*H*W, C] x [C, K]. cuBLAS runs it
 * on tensor cores with float32 accumulation; the convolution kernel times
 * it against cuDNN's best algorithm and keeps the faster (tactic
 * "cublas-gemm"). */
#ifndef TRT_CUDA_CONV_GEMM_CUH
#define TRT_CUDA_CONV_GEMM_CUH

#include "common.cuh"

/* Whether the layer has that shape and those tensors. */
bool trt_cuda_conv_gemm_fits(const TrtKernelArgs *args);
/* Milliseconds per product on scratch memory (best of a few), or -1 when
 * the scratch cannot be allocated or cuBLAS fails. */
float trt_cuda_conv_gemm_time(TrtKernelArgs *args);
/* y = x * w^T, float16, on the args' stream. */
TrtStatus trt_cuda_conv_gemm(const TrtKernelArgs *args, const void *x, const void *w, void *y);

#endif
