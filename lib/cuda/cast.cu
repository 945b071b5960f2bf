/* CUDA kernel: cast, with the CPU reference's rules: integers to integers
 * keep the low bits, floats to integers truncate and saturate (NaN gives
 * 0), anything to bool is x != 0. */
#include "shuffle.cuh"

__global__ void cast_kernel(const void *x, int tx, void *y, int ty, int64_t n, bool integer) {
  TRT_CUDA_FOR(i, n) {
    if (integer)
      trt_cuda_store_int(y, ty, i, trt_cuda_load_int(x, tx, i));
    else
      trt_cuda_store(y, ty, i, trt_cuda_load(x, tx, i));
  }
}

static TrtStatus run_cast(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_cuda_volume(in->dims);
  if (n == 0) return TRT_STATUS_OK;
  if (in->type == out->type)
    return trt_cuda_copy_bytes(args, out->data, in->data, (size_t)n * trt_data_type_size(in->type));
  bool integer = !trt_cuda_is_float(in->type) && !trt_cuda_is_float(out->type);
  cast_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      in->data, in->type, out->data, out->type, n, integer);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_cast = {NULL, run_cast, NULL};
