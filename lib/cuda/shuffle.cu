/* CUDA kernels: reshape, flatten, squeeze, unsqueeze and identity (copies),
 * transpose, expand, tile and depth/space moves (strided copies). */
#include "shuffle.cuh"

template <typename T>
__global__ void copy_kernel(T *dst, const T *src, TrtCudaIndex<2> idx) {
  TRT_CUDA_FOR(i, idx.total) {
    int64_t off[2];
    idx.offsets(i, off);
    dst[off[0]] = src[off[1]];
  }
}

template <typename T>
static void launch_copy(const TrtKernelArgs *args, void *dst, const void *src,
                        const TrtCudaIndex<2> &idx) {
  copy_kernel<T><<<trt_cuda_grid(idx.total), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      (T *)dst, (const T *)src, idx);
}

TrtStatus trt_cuda_copy_bytes(const TrtKernelArgs *args, void *out, const void *in,
                              size_t bytes) {
  if (!bytes || out == in) return TRT_STATUS_OK;
  return trt_cuda_check(args,
                        cudaMemcpyAsync(out, in, bytes, cudaMemcpyDeviceToDevice,
                                        trt_cuda_stream(args)),
                        "device copy");
}

TrtStatus trt_cuda_copy_strided(const TrtKernelArgs *args, void *dst,
                                const int64_t *dst_strides, const void *src,
                                const int64_t *src_strides, const TrtDims &dims,
                                size_t elem_size) {
  int64_t strides[2][TRT_MAX_DIMS];
  for (int d = 0; d < dims.nb_dims; d++) {
    strides[0][d] = dst_strides[d];
    strides[1][d] = src_strides[d];
  }
  TrtCudaIndex<2> idx;
  idx.init(dims, strides);
  if (idx.total == 0) return TRT_STATUS_OK;
  bool contiguous = idx.rank == 0 ||
                    (idx.rank == 1 && idx.strides[0][0] == 1 && idx.strides[1][0] == 1);
  if (contiguous) return trt_cuda_copy_bytes(args, dst, src, (size_t)idx.total * elem_size);
  switch (elem_size) {
  case 1: launch_copy<uint8_t>(args, dst, src, idx); break;
  case 2: launch_copy<uint16_t>(args, dst, src, idx); break;
  case 4: launch_copy<uint32_t>(args, dst, src, idx); break;
  case 8: launch_copy<uint64_t>(args, dst, src, idx); break;
  default: return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "element size %zu", elem_size);
  }
  return trt_cuda_launched(args);
}

TrtStatus trt_cuda_strided_copy(const TrtKernelArgs *args, void *out, const void *in,
                                const TrtDims &dims, const int64_t *strides,
                                size_t elem_size) {
  int64_t own[TRT_MAX_DIMS];
  trt_cuda_strides(dims, own);
  return trt_cuda_copy_strided(args, out, own, in, strides, dims, elem_size);
}

static TrtStatus run_copy(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  return trt_cuda_copy_bytes(args, args->outputs[0].data, in->data,
                             (size_t)trt_cuda_volume(in->dims) * trt_data_type_size(in->type));
}
extern "C" const TrtKernel trt_cuda_reshape = {NULL, run_copy, NULL};

static TrtStatus run_transpose(TrtKernelArgs *args) {
  const TrtTransposeParams *p = (const TrtTransposeParams *)args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int rank = in->dims.nb_dims;
  int64_t own[TRT_MAX_DIMS], strides[TRT_MAX_DIMS];
  trt_cuda_strides(in->dims, own);
  for (int i = 0; i < rank; i++)
    strides[i] = own[p->nb_perm ? p->perm[i] : rank - 1 - i];
  return trt_cuda_strided_copy(args, out->data, in->data, out->dims, strides,
                               trt_data_type_size(in->type));
}
extern "C" const TrtKernel trt_cuda_transpose = {NULL, run_transpose, NULL};

static TrtStatus run_expand(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t strides[TRT_MAX_DIMS];
  trt_cuda_broadcast_strides(in->dims, out->dims, strides);
  return trt_cuda_strided_copy(args, out->data, in->data, out->dims, strides,
                               trt_data_type_size(in->type));
}
extern "C" const TrtKernel trt_cuda_expand = {NULL, run_expand, NULL};

/* Tile: out[i...] = in[i_k mod in_k ...]. */
struct TileGeometry {
  int rank;
  int64_t out_dims[TRT_MAX_DIMS], in_dims[TRT_MAX_DIMS], in_strides[TRT_MAX_DIMS];
};

template <typename T>
__global__ void tile_kernel(T *out, const T *in, TileGeometry g, int64_t total) {
  TRT_CUDA_FOR(i, total) {
    int64_t rem = i, off = 0;
    for (int d = g.rank - 1; d >= 0; d--) {
      int64_t c = rem % g.out_dims[d];
      rem /= g.out_dims[d];
      off += (c % g.in_dims[d]) * g.in_strides[d];
    }
    out[i] = in[off];
  }
}

static TrtStatus run_tile(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t total = trt_cuda_volume(out->dims);
  if (total == 0) return TRT_STATUS_OK;
  TileGeometry g;
  g.rank = out->dims.nb_dims;
  trt_cuda_strides(in->dims, g.in_strides);
  for (int d = 0; d < g.rank; d++) {
    g.out_dims[d] = out->dims.d[d];
    g.in_dims[d] = in->dims.d[d];
  }
  unsigned grid = trt_cuda_grid(total);
  cudaStream_t s = trt_cuda_stream(args);
  switch (trt_data_type_size(in->type)) {
  case 1: tile_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint8_t *)out->data, (const uint8_t *)in->data, g, total); break;
  case 2: tile_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint16_t *)out->data, (const uint16_t *)in->data, g, total); break;
  case 4: tile_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint32_t *)out->data, (const uint32_t *)in->data, g, total); break;
  default: tile_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint64_t *)out->data, (const uint64_t *)in->data, g, total); break;
  }
  return trt_cuda_launched(args);
}
extern "C" const TrtKernel trt_cuda_tile = {NULL, run_tile, NULL};

/* DepthToSpace and SpaceToDepth: a 6-D transpose of a reshaped view. */
static TrtStatus run_depth_to_space(TrtKernelArgs *args) {
  const TrtDepthToSpaceParams *p = (const TrtDepthToSpaceParams *)args->params;
  const TrtTensorView *in = &args->inputs[0];
  const int64_t *d = in->dims.d;
  int64_t b = p->block_size, n = d[0], c = d[1], h = d[2], w = d[3];
  TrtDims view = {6, {0}};
  int perm[6];
  if (p->mode == TRT_DEPTH_TO_SPACE_DCR) {
    int64_t v[6] = {n, b, b, c / (b * b), h, w};
    int q[6] = {0, 3, 4, 1, 5, 2};
    for (int i = 0; i < 6; i++) view.d[i] = v[i], perm[i] = q[i];
  } else if (p->mode == TRT_DEPTH_TO_SPACE_CRD) {
    int64_t v[6] = {n, c / (b * b), b, b, h, w};
    int q[6] = {0, 1, 4, 2, 5, 3};
    for (int i = 0; i < 6; i++) view.d[i] = v[i], perm[i] = q[i];
  } else {
    int64_t v[6] = {n, c, h / b, b, w / b, b};
    int q[6] = {0, 3, 5, 1, 2, 4};
    for (int i = 0; i < 6; i++) view.d[i] = v[i], perm[i] = q[i];
  }
  int64_t own[6], strides[6];
  TrtDims dims = {6, {0}};
  trt_cuda_strides(view, own);
  for (int i = 0; i < 6; i++) {
    strides[i] = own[perm[i]];
    dims.d[i] = view.d[perm[i]];
  }
  return trt_cuda_strided_copy(args, args->outputs[0].data, in->data, dims, strides,
                               trt_data_type_size(in->type));
}
extern "C" const TrtKernel trt_cuda_depth_to_space = {NULL, run_depth_to_space, NULL};
