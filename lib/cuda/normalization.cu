/* CUDA kernels: batch, instance, layer and group normalization, LRN and
 * Scale (see lib/core/ops/normalization.c for the operands). Statistics
 * are population mean and variance, computed in two passes per group by
 * one block. */
#include "reduce.cuh"

__global__ void batch_norm_kernel(const float *x, float *y, const float *scale, const float *bias,
                                  const float *mean, const float *var, float epsilon,
                                  int64_t channels, int64_t inner, int64_t total) {
  TRT_CUDA_FOR(i, total) {
    int64_t c = (i / inner) % channels;
    y[i] = (x[i] - mean[c]) / sqrtf(var[c] + epsilon) * scale[c] + bias[c];
  }
}

/* Where scale and bias of element j (of the group's n) come from. */
struct AffineMap {
  int kind; /* 0: channel = ((g % groups) * per_group + j / spatial) / divisor */
  int64_t groups, per_group, spatial, divisor;
  /* kind 1 (layer): offsets by broadcast over the normalized dims */
  int rank;
  int64_t dims[TRT_MAX_DIMS], scale_strides[TRT_MAX_DIMS], bias_strides[TRT_MAX_DIMS];
};

__device__ __forceinline__ void affine_offsets(const AffineMap &m, int64_t g, int64_t j,
                                               int64_t *s, int64_t *b) {
  if (m.kind == 0) {
    *s = *b = ((g % m.groups) * m.per_group + j / m.spatial) / m.divisor;
    return;
  }
  *s = *b = 0;
  for (int d = m.rank - 1; d >= 0; d--) {
    int64_t c = j % m.dims[d];
    j /= m.dims[d];
    *s += c * m.scale_strides[d];
    *b += c * m.bias_strides[d];
  }
}

/* One block per group of n contiguous values; also writes the mean and
 * 1 / sqrt(var + eps) per group when asked (layer normalization). */
__global__ void group_norm_kernel(const float *x, float *y, const float *scale, const float *bias,
                                  int64_t n, float epsilon, AffineMap map, float *mean_out,
                                  float *inv_std_out) {
  __shared__ float scratch[32];
  int64_t g = blockIdx.x;
  const float *xs = x + g * n;
  float *ys = y + g * n;
  float sum = 0;
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) sum += xs[j];
  float mean = trt_cuda_block_reduce(sum, TrtCudaSum(), scratch) / (float)n;
  float sq = 0;
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) sq += (xs[j] - mean) * (xs[j] - mean);
  float var = trt_cuda_block_reduce(sq, TrtCudaSum(), scratch) / (float)n;
  float inv_std = 1.0f / sqrtf(var + epsilon);
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
    int64_t so, bo;
    affine_offsets(map, g, j, &so, &bo);
    ys[j] = (xs[j] - mean) * inv_std * scale[so] + (bias ? bias[bo] : 0.0f);
  }
  if (threadIdx.x == 0 && mean_out) mean_out[g] = mean;
  if (threadIdx.x == 0 && inv_std_out) inv_std_out[g] = inv_std;
}

static const float *input(const TrtKernelArgs *args, int i) {
  return i < args->nb_inputs && args->inputs[i].present ? (const float *)args->inputs[i].data
                                                        : NULL;
}

static TrtStatus run_normalization(TrtKernelArgs *args) {
  const TrtNormalizationParams *p = (const TrtNormalizationParams *)args->params;
  const TrtDims &d = args->inputs[0].dims;
  const float *x = input(args, 0);
  float *y = (float *)args->outputs[0].data;
  int64_t total = trt_cuda_volume(d);
  if (total == 0) return TRT_STATUS_OK;
  cudaStream_t stream = trt_cuda_stream(args);
  int64_t spatial = 1;
  for (int i = 2; i < d.nb_dims; i++) spatial *= d.d[i];
  if (p->type == TRT_NORMALIZATION_BATCH) {
    batch_norm_kernel<<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, stream>>>(
        x, y, input(args, 1), input(args, 2), input(args, 3), input(args, 4), p->epsilon, d.d[1],
        spatial, total);
    return trt_cuda_launched(args);
  }
  AffineMap map = {};
  int64_t groups, n;
  float *mean_out = NULL, *inv_std_out = NULL;
  if (p->type == TRT_NORMALIZATION_LAYER) {
    int axis = trt_cuda_axis(p->axis, d.nb_dims);
    TrtDims normalized = {d.nb_dims - axis, {0}};
    for (int k = axis; k < d.nb_dims; k++) normalized.d[k - axis] = d.d[k];
    n = trt_cuda_volume(normalized);
    groups = total / n;
    map.kind = 1;
    map.rank = normalized.nb_dims;
    for (int k = 0; k < map.rank; k++) map.dims[k] = normalized.d[k];
    trt_cuda_broadcast_strides(args->inputs[1].dims, normalized, map.scale_strides);
    if (input(args, 2)) trt_cuda_broadcast_strides(args->inputs[2].dims, normalized, map.bias_strides);
    if (args->nb_outputs > 1) mean_out = (float *)args->outputs[1].data;
    if (args->nb_outputs > 2) inv_std_out = (float *)args->outputs[2].data;
  } else {
    int64_t channels = d.d[1];
    int64_t nb_groups = p->type == TRT_NORMALIZATION_GROUP ? p->num_groups : channels;
    map.groups = nb_groups;
    map.per_group = channels / nb_groups;
    map.spatial = spatial;
    /* Opset-18 group normalization: one scale and bias per group. */
    map.divisor = trt_cuda_volume(args->inputs[1].dims) == channels ? 1 : map.per_group;
    n = map.per_group * spatial;
    groups = d.d[0] * nb_groups;
  }
  if (n == 0 || groups == 0) return TRT_STATUS_OK;
  if (groups > INT32_MAX) return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "too many groups");
  group_norm_kernel<<<(unsigned)groups, TRT_CUDA_BLOCK, 0, stream>>>(
      x, y, input(args, 1), input(args, 2), n, p->epsilon, map, mean_out, inv_std_out);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_normalization = {NULL, run_normalization, NULL};

/* LRN across channels: y = x / (bias + alpha / size * sum of x^2 over the
 * window [c - (size-1)/2, c + ceil((size-1)/2)]) ^ beta. */
__global__ void lrn_kernel(const float *x, float *y, TrtLrnParams p, int64_t channels,
                           int64_t inner, int64_t total) {
  TRT_CUDA_FOR(i, total) {
    int64_t c = (i / inner) % channels;
    int64_t lo = c - (p.size - 1) / 2, hi = c + p.size / 2;
    lo = lo < 0 ? 0 : lo;
    hi = hi >= channels ? channels - 1 : hi;
    const float *base = x + i - c * inner;
    float sum = 0;
    for (int64_t k = lo; k <= hi; k++) sum += base[k * inner] * base[k * inner];
    y[i] = x[i] / powf(p.bias + p.alpha / (float)p.size * sum, p.beta);
  }
}

static TrtStatus run_lrn(TrtKernelArgs *args) {
  const TrtDims &d = args->inputs[0].dims;
  int64_t total = trt_cuda_volume(d), inner = 1;
  if (total == 0) return TRT_STATUS_OK;
  for (int i = 2; i < d.nb_dims; i++) inner *= d.d[i];
  lrn_kernel<<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      input(args, 0), (float *)args->outputs[0].data, *(const TrtLrnParams *)args->params, d.d[1],
      inner, total);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_lrn = {NULL, run_lrn, NULL};

/* Scale: how each operand is indexed: 0 absent, 1 uniform, 2 per channel,
 * 3 elementwise. */
struct ScaleOperands {
  const float *data[3];
  int kind[3];
  int64_t channels, inner;
};

__device__ __forceinline__ float operand(const ScaleOperands &o, int k, int64_t i, float none) {
  switch (o.kind[k]) {
  case 1: return o.data[k][0];
  case 2: return o.data[k][(i / o.inner) % o.channels];
  case 3: return o.data[k][i];
  default: return none;
  }
}

__global__ void scale_kernel(const float *x, float *y, ScaleOperands o, int64_t total) {
  TRT_CUDA_FOR(i, total) {
    float v = x[i] * operand(o, 0, i, 1.0f) + operand(o, 1, i, 0.0f);
    y[i] = o.kind[2] ? powf(v, operand(o, 2, i, 1.0f)) : v;
  }
}

static TrtStatus run_scale(TrtKernelArgs *args) {
  const TrtScaleParams *p = (const TrtScaleParams *)args->params;
  const TrtDims &d = args->inputs[0].dims;
  int64_t total = trt_cuda_volume(d);
  if (total == 0) return TRT_STATUS_OK;
  ScaleOperands o = {};
  int axis = d.nb_dims ? trt_cuda_axis(p->channel_axis, d.nb_dims) : 0;
  o.channels = d.nb_dims && axis >= 0 && axis < d.nb_dims ? d.d[axis] : 1;
  o.inner = 1;
  for (int i = axis + 1; i < d.nb_dims; i++) o.inner *= d.d[i];
  for (int k = 0; k < 3; k++) {
    o.data[k] = input(args, k + 1);
    if (!o.data[k]) continue;
    int64_t n = trt_cuda_volume(args->inputs[k + 1].dims);
    o.kind[k] = n == 1 ? 1 : n == total ? 3 : 2;
  }
  scale_kernel<<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      input(args, 0), (float *)args->outputs[0].data, o, total);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_scale = {NULL, run_scale, NULL};
