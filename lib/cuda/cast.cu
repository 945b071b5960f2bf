/* CUDA kernel: cast, with the CPU reference's rules: integers to integers
 * keep the low bits, floats to integers truncate and saturate (NaN gives
 * 0), anything to bool is x != 0. A cast between a channels-last tensor
 * and one in the dims' order (the borders of FP16 chains) also transposes. */
#include "shuffle.cuh"

__global__ void cast_kernel(const void *x, int tx, void *y, int ty, int64_t n, bool integer) {
  TRT_CUDA_FOR(i, n) {
    if (integer)
      trt_cuda_store_int(y, ty, i, trt_cuda_load_int(x, tx, i));
    else
      trt_cuda_store(y, ty, i, trt_cuda_load(x, tx, i));
  }
}

/* y = x as N,C,H,W <-> N,H,W,C (to_channels_last: y is channels-last). */
template <typename X, typename Y>
__global__ void cast_transpose_kernel(const X *x, Y *y, int64_t c, int64_t hw, int64_t n,
                                      bool to_channels_last) {
  TRT_CUDA_FOR(i, n) {
    /* i walks the output; the input is read strided, which caches absorb. */
    int64_t plane = c * hw, ni = i / plane, r = i % plane;
    int64_t src = to_channels_last ? ni * plane + (r % c) * hw + r / c
                                   : ni * plane + (r % hw) * c + r / hw;
    y[i] = (Y)(float)x[src];
  }
}

static TrtStatus run_cast_transpose(TrtKernelArgs *args, int64_t n) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t c = in->dims.d[1], hw = in->dims.d[2] * in->dims.d[3];
  cudaStream_t stream = trt_cuda_stream(args);
  if (in->type == TRT_DATA_TYPE_FLOAT && out->type == TRT_DATA_TYPE_HALF)
    cast_transpose_kernel<float, __half><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (const float *)in->data, (__half *)out->data, c, hw, n, out->channels_last);
  else if (in->type == TRT_DATA_TYPE_HALF && out->type == TRT_DATA_TYPE_FLOAT)
    cast_transpose_kernel<__half, float><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (const __half *)in->data, (float *)out->data, c, hw, n, out->channels_last);
  else if (in->type == TRT_DATA_TYPE_HALF && out->type == TRT_DATA_TYPE_HALF)
    cast_transpose_kernel<__half, __half><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (const __half *)in->data, (__half *)out->data, c, hw, n, out->channels_last);
  else
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED,
                         "a change of layout between %s and %s",
                         trt_data_type_name(in->type), trt_data_type_name(out->type));
  return trt_cuda_launched(args);
}

static TrtStatus run_cast(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_cuda_volume(in->dims);
  if (n == 0) return TRT_STATUS_OK;
  if (in->channels_last != out->channels_last) return run_cast_transpose(args, n);
  if (in->type == out->type)
    return trt_cuda_copy_bytes(args, out->data, in->data, (size_t)n * trt_data_type_size(in->type));
  bool integer = !trt_cuda_is_float(in->type) && !trt_cuda_is_float(out->type);
  cast_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      in->data, in->type, out->data, out->type, n, integer);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_cast = {NULL, run_cast, NULL};
