/* CUDA kernels: max, average and LP pooling over 1 to 3 spatial dims
 * (widened to 3), one thread per output value, with the CPU reference's
 * rules: NaN wins a max, average divides by the taps inside the input (or,
 * with count_include_pad, inside input + explicit pads; taps beyond that in
 * ceil mode never count). Max pooling may also give each maximum's index
 * in the whole input (ONNX MaxPool Indices): the first of equal maxima, or
 * the first NaN, wins; a window without an input tap gets -1. Float16
 * tensors (FP16 engines) are read and summed in float32, and may be stored
 * channels-last. */
#include "common.cuh"

struct PoolGeometry {
  int type;
  bool include_pad;
  float p;
  int64_t planes;
  int64_t channels; /* channels-last storage when > 0 */
  int64_t in[3], out[3], k[3], s[3], d[3], pb[3], pe[3];
};

template <typename T>
__global__ void pooling_kernel(const T *x, T *y, int64_t *indices, PoolGeometry g,
                               int64_t total) {
  TRT_CUDA_FOR(i, total) {
    /* The output index i walks N,C,(D),H,W, or N,(D),H,W,C channels-last. */
    int64_t c = g.channels ? i % g.channels : 0, rest = g.channels ? i / g.channels : i;
    int64_t ox = rest % g.out[2];
    rest /= g.out[2];
    int64_t oy = rest % g.out[1];
    rest /= g.out[1];
    int64_t oz = rest % g.out[0], plane = rest / g.out[0];
    int64_t in_vol = g.in[0] * g.in[1] * g.in[2];
    /* Taps: x[base + tap * step]. */
    int64_t base = g.channels ? plane * in_vol * g.channels + c : plane * in_vol;
    int64_t step = g.channels ? g.channels : 1;
    const T *xp = x + base;
    float acc = g.type == TRT_POOLING_MAX ? -INFINITY : 0.0f;
    int64_t valid = 0, padded = 0, at = -1;
    for (int64_t kz = 0; kz < g.k[0]; kz++) {
      int64_t iz = oz * g.s[0] - g.pb[0] + kz * g.d[0];
      for (int64_t ky = 0; ky < g.k[1]; ky++) {
        int64_t iy = oy * g.s[1] - g.pb[1] + ky * g.d[1];
        for (int64_t kx = 0; kx < g.k[2]; kx++) {
          int64_t ix = ox * g.s[2] - g.pb[2] + kx * g.d[2];
          if (iz < g.in[0] + g.pe[0] && iy < g.in[1] + g.pe[1] && ix < g.in[2] + g.pe[2])
            padded++;
          if (iz < 0 || iz >= g.in[0] || iy < 0 || iy >= g.in[1] || ix < 0 || ix >= g.in[2])
            continue;
          int64_t tap = (iz * g.in[1] + iy) * g.in[2] + ix;
          float v = (float)xp[tap * step];
          valid++;
          if (g.type == TRT_POOLING_MAX) {
            if (v > acc || (v != v && acc == acc) || at < 0) { /* a NaN stays */
              acc = v;
              at = plane * in_vol + tap;
            }
          } else if (g.type == TRT_POOLING_AVERAGE) {
            acc += v;
          } else {
            acc += powf(fabsf(v), g.p);
          }
        }
      }
    }
    if (g.type == TRT_POOLING_AVERAGE)
      acc /= (float)(g.include_pad ? padded : (valid ? valid : 1));
    else if (g.type == TRT_POOLING_LP)
      acc = powf(acc, 1.0f / g.p);
    y[i] = (T)acc;
    if (indices) indices[i] = at;
  }
}

/* 2-D max or average pooling of channels-last tensors (FP16 chains): the
 * common case, with 32-bit indices; consecutive threads read consecutive
 * channels. Same rules as pooling_kernel. */
struct Pool2d {
  uint32_t c, h, w, oh, ow, kh, kw, sh, sw, dh, dw;
  int32_t pt, pl, pb, pr;
  bool max, include_pad;
};

template <typename T>
__global__ void pooling_2d_channels_last_kernel(const T *x, T *y, Pool2d g, uint32_t total) {
  for (uint32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < total;
       i += blockDim.x * gridDim.x) {
    uint32_t c = i % g.c, r = i / g.c;
    uint32_t ox = r % g.ow;
    r /= g.ow;
    uint32_t oy = r % g.oh, n = r / g.oh;
    const T *xn = x + (size_t)n * g.h * g.w * g.c + c;
    float acc = g.max ? -INFINITY : 0.0f;
    int valid = 0, padded = 0;
    bool first = true;
    for (uint32_t ky = 0; ky < g.kh; ky++) {
      int iy = (int)(oy * g.sh + ky * g.dh) - g.pt;
      for (uint32_t kx = 0; kx < g.kw; kx++) {
        int ix = (int)(ox * g.sw + kx * g.dw) - g.pl;
        if (g.include_pad && iy < (int)g.h + g.pb && ix < (int)g.w + g.pr) padded++;
        if (iy < 0 || iy >= (int)g.h || ix < 0 || ix >= (int)g.w) continue;
        float v = (float)xn[((size_t)iy * g.w + ix) * g.c];
        valid++;
        if (!g.max)
          acc += v;
        else if (v > acc || (v != v && acc == acc) || first)
          acc = v;
        first = false;
      }
    }
    if (!g.max) acc /= (float)(g.include_pad ? padded : (valid ? valid : 1));
    y[i] = (T)acc;
  }
}

static bool run_pooling_2d_channels_last(TrtKernelArgs *args) {
  const TrtPoolingParams *p = (const TrtPoolingParams *)args->params;
  const TrtDims &xd = args->inputs[0].dims, &yd = args->outputs[0].dims;
  int64_t total = trt_cuda_volume(yd);
  if (!args->inputs[0].channels_last || args->inputs[0].type != TRT_DATA_TYPE_HALF ||
      p->nb_spatial != 2 || args->nb_outputs != 1 || total > (int64_t)UINT32_MAX ||
      trt_cuda_volume(xd) > (int64_t)UINT32_MAX ||
      (p->type != TRT_POOLING_MAX && p->type != TRT_POOLING_AVERAGE))
    return false;
  Pool2d g = {(uint32_t)xd.d[1], (uint32_t)xd.d[2], (uint32_t)xd.d[3], (uint32_t)yd.d[2],
              (uint32_t)yd.d[3], (uint32_t)p->kernel[0], (uint32_t)p->kernel[1],
              (uint32_t)p->stride[0], (uint32_t)p->stride[1], (uint32_t)p->dilation[0],
              (uint32_t)p->dilation[1], (int32_t)p->pad_begin[0], (int32_t)p->pad_begin[1],
              (int32_t)p->pad_end[0], (int32_t)p->pad_end[1], p->type == TRT_POOLING_MAX,
              (bool)p->count_include_pad};
  pooling_2d_channels_last_kernel<__half>
      <<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
          (const __half *)args->inputs[0].data, (__half *)args->outputs[0].data, g,
          (uint32_t)total);
  return true;
}

static TrtStatus run_pooling(TrtKernelArgs *args) {
  const TrtPoolingParams *p = (const TrtPoolingParams *)args->params;
  const TrtDims &xd = args->inputs[0].dims, &yd = args->outputs[0].dims;
  int64_t total = trt_cuda_volume(yd);
  if (total == 0) return TRT_STATUS_OK;
  if (run_pooling_2d_channels_last(args)) return trt_cuda_launched(args);
  PoolGeometry g;
  g.type = p->type;
  g.include_pad = p->count_include_pad;
  g.p = p->p;
  g.planes = xd.d[0] * xd.d[1];
  g.channels = args->inputs[0].channels_last ? xd.d[1] : 0;
  int ns = p->nb_spatial;
  for (int i = 0; i < 3; i++) {
    int src = i - (3 - ns);
    bool real = src >= 0;
    g.in[i] = real ? xd.d[2 + src] : 1;
    g.out[i] = real ? yd.d[2 + src] : 1;
    g.k[i] = real ? p->kernel[src] : 1;
    g.s[i] = real ? p->stride[src] : 1;
    g.d[i] = real ? p->dilation[src] : 1;
    g.pb[i] = real ? p->pad_begin[src] : 0;
    g.pe[i] = real ? p->pad_end[src] : 0;
  }
  int64_t *indices = args->nb_outputs > 1 ? (int64_t *)args->outputs[1].data : NULL;
  cudaStream_t stream = trt_cuda_stream(args);
  if (args->inputs[0].type == TRT_DATA_TYPE_HALF)
    pooling_kernel<__half><<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, stream>>>(
        (const __half *)args->inputs[0].data, (__half *)args->outputs[0].data, indices, g, total);
  else
    pooling_kernel<float><<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, stream>>>(
        (const float *)args->inputs[0].data, (float *)args->outputs[0].data, indices, g, total);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_pooling = {NULL, run_pooling, NULL};
