/* 1x1 convolutions as cuBLAS matrix products (see conv-gemm.cuh). */
#include "conv-gemm.cuh"

#define TIMED_RUNS 3

struct GemmShape {
  int m, k, n; /* rows (N*H*W), input channels, output channels */
};

static GemmShape shape_of(const TrtKernelArgs *args) {
  const TrtDims &x = args->inputs[0].dims, &w = args->inputs[1].dims;
  return GemmShape{(int)(x.d[0] * x.d[2] * x.d[3]), (int)x.d[1], (int)w.d[0]};
}

bool trt_cuda_conv_gemm_fits(const TrtKernelArgs *args) {
  const TrtConvolutionParams *p = (const TrtConvolutionParams *)args->params;
  const TrtTensorView &x = args->inputs[0], &w = args->inputs[1];
  if (p->nb_spatial != 2 || p->groups != 1 || !x.channels_last || x.type != TRT_DATA_TYPE_HALF ||
      w.dims.nb_dims != 4 || w.dims.d[2] != 1 || w.dims.d[3] != 1)
    return false;
  for (int i = 0; i < 2; i++)
    if (p->stride[i] != 1 || p->pad_begin[i] != 0 || p->pad_end[i] != 0) return false;
  int64_t rows = x.dims.d[0] * x.dims.d[2] * x.dims.d[3];
  return rows > 0 && rows <= INT32_MAX && x.dims.d[1] > 0 && x.dims.d[1] <= INT32_MAX &&
         w.dims.d[0] <= INT32_MAX;
}

static cublasStatus_t gemm(cublasHandle_t h, GemmShape s, const void *x, const void *w, void *y) {
  const float one = 1.0f, zero = 0.0f;
  /* Column-major view: Y^T (n x m) = W (n x k, stored k x n) * X^T (k x m). */
  return cublasGemmEx(h, CUBLAS_OP_T, CUBLAS_OP_N, s.n, s.m, s.k, &one, w, CUDA_R_16F, s.k, x,
                      CUDA_R_16F, s.k, &zero, y, CUDA_R_16F, s.n, CUBLAS_COMPUTE_32F,
                      CUBLAS_GEMM_DEFAULT);
}

TrtStatus trt_cuda_conv_gemm(const TrtKernelArgs *args, const void *x, const void *w, void *y) {
  return trt_cuda_check_cublas(args, gemm(trt_cuda_context(args)->cublas, shape_of(args), x, w, y),
                               "1x1 convolution (cuBLAS)");
}

float trt_cuda_conv_gemm_time(TrtKernelArgs *args) {
  TrtCudaContext *c = trt_cuda_context(args);
  GemmShape s = shape_of(args);
  void *x = NULL, *w = NULL, *y = NULL;
  cudaEvent_t start = NULL, stop = NULL;
  float best = -1;
  size_t half = 2;
  if (cudaMalloc(&x, (size_t)s.m * s.k * half) != cudaSuccess ||
      cudaMalloc(&w, (size_t)s.n * s.k * half) != cudaSuccess ||
      cudaMalloc(&y, (size_t)s.m * s.n * half) != cudaSuccess ||
      cudaMemsetAsync(x, 0, (size_t)s.m * s.k * half, c->stream) != cudaSuccess ||
      cudaMemsetAsync(w, 0, (size_t)s.n * s.k * half, c->stream) != cudaSuccess ||
      cudaEventCreate(&start) != cudaSuccess || cudaEventCreate(&stop) != cudaSuccess)
    goto done;
  if (gemm(c->cublas, s, x, w, y) != CUBLAS_STATUS_SUCCESS) goto done; /* warm-up */
  for (int r = 0; r < TIMED_RUNS; r++) {
    float ms = 0;
    if (cudaEventRecord(start, c->stream) != cudaSuccess ||
        gemm(c->cublas, s, x, w, y) != CUBLAS_STATUS_SUCCESS ||
        cudaEventRecord(stop, c->stream) != cudaSuccess ||
        cudaEventSynchronize(stop) != cudaSuccess ||
        cudaEventElapsedTime(&ms, start, stop) != cudaSuccess) {
      best = -1;
      goto done;
    }
    if (best < 0 || ms < best) best = ms;
  }
done:
  cudaGetLastError(); /* a failed allocation only means: not this tactic */
  if (start) cudaEventDestroy(start);
  if (stop) cudaEventDestroy(stop);
  cudaFree(x);
  cudaFree(w);
  cudaFree(y);
  return best;
}
