/* Data movement on the device: the strided copy that transpose, expand,
 * slice, concat and split reduce to. */
#ifndef TRT_CUDA_SHUFFLE_CUH
#define TRT_CUDA_SHUFFLE_CUH

#include "common.cuh"

/* out (contiguous, `dims`) [i...] = in[sum(i_k * strides_k)], elements of
 * elem_size bytes, queued on the args' stream. Strides are in elements and
 * may be 0 (repeat) or negative (reverse). */
TrtStatus trt_cuda_strided_copy(const TrtKernelArgs *args, void *out, const void *in,
                                const TrtDims &dims, const int64_t *strides,
                                size_t elem_size);

/* dst[sum(i_k * dst_strides_k)] = src[sum(i_k * src_strides_k)] over the
 * index space `dims`: also for writes into a strided region (concat). */
TrtStatus trt_cuda_copy_strided(const TrtKernelArgs *args, void *dst,
                                const int64_t *dst_strides, const void *src,
                                const int64_t *src_strides, const TrtDims &dims,
                                size_t elem_size);

/* out = in as bytes (a device-to-device copy on the args' stream). */
TrtStatus trt_cuda_copy_bytes(const TrtKernelArgs *args, void *out, const void *in,
                              size_t bytes);

#endif
