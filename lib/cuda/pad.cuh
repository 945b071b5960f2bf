/* Padding on the device, also used by convolutions whose pads differ
 * between the start and the end of a dimension. */
#ifndef TRT_CUDA_PAD_CUH
#define TRT_CUDA_PAD_CUH

#include "common.cuh"

/* out[c...] = in[c - begin ...] where that is inside `in`, else by `mode`
 * (TrtPadMode): the constant *value (device memory; NULL: zero), the
 * reflection without the edge, the nearest edge, or the wrap-around.
 * `begin` may be negative (cropping). */
TrtStatus trt_cuda_pad_tensor(const TrtKernelArgs *args, void *out, const TrtDims &out_dims,
                              const void *in, const TrtDims &in_dims, const int64_t *begin,
                              int mode, const void *value, size_t elem_size);

#endif
