/* CPU reference kernels: reshape, flatten, squeeze, unsqueeze (copies),
 * transpose, expand, tile and depth/space moves, all as one strided copy. */
#include <string.h>

#include "cpu-impl.h"

/* Copies out[i...] = in[sum(i_k * strides_k)] element by element size. */
static void strided_copy(void *out, const void *in, const int64_t *dims,
                         const int64_t *strides, int rank, size_t es) {
  int64_t total = 1;
  for (int i = 0; i < rank; i++) total *= dims[i];
  if (total == 0) return;
  int64_t idx[TRT_MAX_DIMS + 2] = {0};
  int64_t inner = rank ? dims[rank - 1] : 1, inner_stride = rank ? strides[rank - 1] : 0;
  uint8_t *dst = out;
  const uint8_t *src = in;
  for (int64_t done = 0; done < total; done += inner) {
    int64_t off = 0;
    for (int i = 0; i < rank - 1; i++) off += idx[i] * strides[i];
    if (inner_stride == 1) {
      memcpy(dst, src + (size_t)off * es, (size_t)inner * es);
    } else if (es == 4) {
      const uint32_t *s = (const uint32_t *)src + off;
      uint32_t *d = (uint32_t *)dst;
      for (int64_t j = 0; j < inner; j++) d[j] = s[j * inner_stride];
    } else {
      for (int64_t j = 0; j < inner; j++)
        memcpy(dst + (size_t)j * es, src + (size_t)(off + j * inner_stride) * es, es);
    }
    dst += (size_t)inner * es;
    for (int i = rank - 2; i >= 0; i--) {
      if (++idx[i] < dims[i]) break;
      idx[i] = 0;
    }
  }
}

static TrtStatus run_copy(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  size_t bytes = (size_t)trt_dims_volume(&in->dims) * trt_data_type_size(in->type);
  if (bytes && args->outputs[0].data != in->data)
    memcpy(args->outputs[0].data, in->data, bytes);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_reshape = {.run = run_copy};
const TrtKernel trt_cpu_flatten = {.run = run_copy};
const TrtKernel trt_cpu_squeeze = {.run = run_copy};
const TrtKernel trt_cpu_unsqueeze = {.run = run_copy};

static TrtStatus run_transpose(TrtKernelArgs *args) {
  const TrtTransposeParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t own[TRT_MAX_DIMS], strides[TRT_MAX_DIMS];
  trt_cpu_strides(&in->dims, own);
  for (int i = 0; i < p->nb_perm; i++) strides[i] = own[p->perm[i]];
  strided_copy(out->data, in->data, out->dims.d, strides, out->dims.nb_dims,
               trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_transpose = {.run = run_transpose};

static TrtStatus run_expand(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t strides[TRT_MAX_DIMS];
  trt_cpu_broadcast_strides(&in->dims, &out->dims, strides);
  strided_copy(out->data, in->data, out->dims.d, strides, out->dims.nb_dims,
               trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_expand = {.run = run_expand};

static TrtStatus run_tile(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int rank = out->dims.nb_dims;
  size_t es = trt_data_type_size(in->type);
  int64_t total = trt_dims_volume(&out->dims), own[TRT_MAX_DIMS];
  trt_cpu_strides(&in->dims, own);
  uint8_t *dst = out->data;
  for (int64_t i = 0; i < total; i++) {
    int64_t rem = i, off = 0;
    for (int d = rank - 1; d >= 0; d--) {
      int64_t idx = rem % out->dims.d[d];
      rem /= out->dims.d[d];
      off += (idx % in->dims.d[d]) * own[d];
    }
    memcpy(dst + (size_t)i * es, (const uint8_t *)in->data + (size_t)off * es, es);
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_tile = {.run = run_tile};

/* DepthToSpace and SpaceToDepth are a 6-D transpose of a reshaped view. */
static TrtStatus run_depth_to_space(TrtKernelArgs *args) {
  const TrtDepthToSpaceParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  const int64_t *d = in->dims.d;
  int64_t b = p->block_size, n = d[0], c = d[1], h = d[2], w = d[3];
  int64_t view[6];
  int perm[6];
  if (p->mode == TRT_DEPTH_TO_SPACE_DCR) {
    int64_t v[6] = {n, b, b, c / (b * b), h, w};
    int q[6] = {0, 3, 4, 1, 5, 2};
    memcpy(view, v, sizeof v);
    memcpy(perm, q, sizeof q);
  } else if (p->mode == TRT_DEPTH_TO_SPACE_CRD) {
    int64_t v[6] = {n, c / (b * b), b, b, h, w};
    int q[6] = {0, 1, 4, 2, 5, 3};
    memcpy(view, v, sizeof v);
    memcpy(perm, q, sizeof q);
  } else {
    int64_t v[6] = {n, c, h / b, b, w / b, b};
    int q[6] = {0, 3, 5, 1, 2, 4};
    memcpy(view, v, sizeof v);
    memcpy(perm, q, sizeof q);
  }
  TrtDims vd = {.nb_dims = 6};
  for (int i = 0; i < 6; i++) vd.d[i] = view[i];
  int64_t own[6], strides[6], dims[6];
  trt_cpu_strides(&vd, own);
  for (int i = 0; i < 6; i++) {
    strides[i] = own[perm[i]];
    dims[i] = view[perm[i]];
  }
  strided_copy(args->outputs[0].data, in->data, dims, strides, 6, trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_depth_to_space = {.run = run_depth_to_space};
