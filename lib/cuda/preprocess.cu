/* Frames -> NCHW float32 on the device, with lib/vision's semantics
 * (lib/vision/preprocess.c is the reference; tests/cuda/cuda-preprocess.c
 * compares the two): bilinear sampling with half-pixel centres, colour
 * conversion (YUV with the frame's matrix and range), stretch or letterbox
 * placement, y = scale * (x - offset).
 *
 * The frames of a batch are packed (rows without stride padding) into one
 * page-locked buffer with a descriptor per frame, copied to the device in
 * one transfer and converted by one kernel launch for the whole batch. The
 * arithmetic uses round-to-nearest intrinsics so that nvcc does not fuse
 * multiply-adds the CPU reference does not fuse: both give the same floats. */
#include <math.h>
#include <string.h>

#include "cuda-impl.h"

namespace {

/* Everything the kernel needs to know about one frame. Offsets are into the
 * device copy of the batch. */
struct FrameDesc {
  int format, width, height;
  unsigned long long planes[3];
  int strides[3]; /* of the packed copy */
  float y_offset, y_scale, uv_scale, rv, gu, gv, bu;
  int pad_x, pad_y, rw, rh;
  float rx, ry;
};

struct PreprocessArgs {
  int width, height, color_format, channels;
  float scale, offsets[3], border[3];
};

__device__ inline float mul(float a, float b) { return __fmul_rn(a, b); }
__device__ inline float add(float a, float b) { return __fadd_rn(a, b); }
__device__ inline float sub(float a, float b) { return __fsub_rn(a, b); }
__device__ inline float clamp255(float x) { return x < 0.0f ? 0.0f : x > 255.0f ? 255.0f : x; }

/* Pixel (x, y) in the network's colour order, as the CPU's fetch(). */
__device__ void fetch(const uint8_t *base, const FrameDesc &f, int cf, int x, int y,
                      float out[3]) {
  const uint8_t *row = base + f.planes[0] + (size_t)y * (size_t)f.strides[0];
  float r, g, b;
  switch (f.format) {
  case TRT_PIXEL_FORMAT_GRAY8:
    r = g = b = row[x];
    if (cf == TRT_COLOR_FORMAT_GRAY) {
      out[0] = r;
      return;
    }
    break;
  case TRT_PIXEL_FORMAT_NV12:
  case TRT_PIXEL_FORMAT_I420: {
    size_t cy = (size_t)(y / 2), cx = (size_t)(x / 2);
    float u, w;
    if (f.format == TRT_PIXEL_FORMAT_NV12) {
      const uint8_t *p = base + f.planes[1] + cy * (size_t)f.strides[1] + cx * 2;
      u = p[0];
      w = p[1];
    } else {
      u = base[f.planes[1] + cy * (size_t)f.strides[1] + cx];
      w = base[f.planes[2] + cy * (size_t)f.strides[2] + cx];
    }
    float luma = mul(sub((float)row[x], f.y_offset), f.y_scale);
    if (cf == TRT_COLOR_FORMAT_GRAY) {
      out[0] = clamp255(luma);
      return;
    }
    u = mul(sub(u, 128.0f), f.uv_scale);
    w = mul(sub(w, 128.0f), f.uv_scale);
    r = clamp255(add(luma, mul(f.rv, w)));
    g = clamp255(sub(sub(luma, mul(f.gu, u)), mul(f.gv, w)));
    b = clamp255(add(luma, mul(f.bu, u)));
    break;
  }
  default: { /* packed RGB(A/x), BGR(A/x) */
    bool three = f.format == TRT_PIXEL_FORMAT_RGB || f.format == TRT_PIXEL_FORMAT_BGR;
    bool bgr = f.format == TRT_PIXEL_FORMAT_BGR || f.format == TRT_PIXEL_FORMAT_BGRA ||
               f.format == TRT_PIXEL_FORMAT_BGRX;
    const uint8_t *p = row + (size_t)x * (three ? 3 : 4);
    r = p[bgr ? 2 : 0];
    g = p[1];
    b = p[bgr ? 0 : 2];
    break;
  }
  }
  switch (cf) {
  case TRT_COLOR_FORMAT_GRAY: out[0] = add(add(mul(0.299f, r), mul(0.587f, g)), mul(0.114f, b)); break;
  case TRT_COLOR_FORMAT_BGR: out[0] = b; out[1] = g; out[2] = r; break;
  default: out[0] = r; out[1] = g; out[2] = b; break;
  }
}

__device__ float source_coord(int i, float ratio, int size, int *i0, int *i1) {
  float s = sub(mul(add((float)i, 0.5f), ratio), 0.5f);
  if (s < 0.0f) s = 0.0f;
  if (s > (float)(size - 1)) s = (float)(size - 1);
  *i0 = (int)s;
  *i1 = *i0 + 1 < size ? *i0 + 1 : *i0;
  return sub(s, (float)*i0);
}

__device__ inline float lerp(float a, float b, float t) { return add(a, mul(t, sub(b, a))); }

/* One thread per output pixel; blockIdx.y is the frame. */
__global__ void preprocess_kernel(const uint8_t *base, const FrameDesc *frames,
                                  PreprocessArgs a, float *out) {
  const FrameDesc f = frames[blockIdx.y];
  size_t plane = (size_t)a.width * (size_t)a.height;
  size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= plane) return;
  int ox = (int)(i % (size_t)a.width), oy = (int)(i / (size_t)a.width);
  float *dst = out + (size_t)blockIdx.y * (size_t)a.channels * plane + i;
  if (oy < f.pad_y || oy >= f.pad_y + f.rh || ox < f.pad_x || ox >= f.pad_x + f.rw) {
    for (int c = 0; c < a.channels; c++) dst[c * plane] = a.border[c];
    return;
  }
  int x0, x1, y0, y1;
  float fy = source_coord(oy - f.pad_y, f.ry, f.height, &y0, &y1);
  float fx = source_coord(ox - f.pad_x, f.rx, f.width, &x0, &x1);
  float p[3], q[3], value[3];
  fetch(base, f, a.color_format, x0, y0, p);
  if (fx > 0.0f) {
    fetch(base, f, a.color_format, x1, y0, q);
    for (int c = 0; c < a.channels; c++) p[c] = lerp(p[c], q[c], fx);
  }
  for (int c = 0; c < 3; c++) value[c] = p[c];
  if (fy > 0.0f) {
    fetch(base, f, a.color_format, x0, y1, p);
    if (fx > 0.0f) {
      fetch(base, f, a.color_format, x1, y1, q);
      for (int c = 0; c < a.channels; c++) p[c] = lerp(p[c], q[c], fx);
    }
    for (int c = 0; c < a.channels; c++) value[c] = lerp(value[c], p[c], fy);
  }
  for (int c = 0; c < a.channels; c++) dst[c * plane] = mul(a.scale, sub(value[c], a.offsets[c]));
}

/* Bytes of one row of each plane that the conversion reads, and rows. */
void plane_extent(const TrtImageView *v, int plane, size_t *row_bytes, int *rows) {
  size_t cw = (size_t)(v->width + 1) / 2;
  int ch = (v->height + 1) / 2;
  *rows = plane == 0 ? v->height : ch;
  switch (v->format) {
  case TRT_PIXEL_FORMAT_RGB:
  case TRT_PIXEL_FORMAT_BGR: *row_bytes = 3 * (size_t)v->width; break;
  case TRT_PIXEL_FORMAT_GRAY8: *row_bytes = (size_t)v->width; break;
  case TRT_PIXEL_FORMAT_NV12: *row_bytes = plane == 0 ? (size_t)v->width : 2 * cw; break;
  case TRT_PIXEL_FORMAT_I420: *row_bytes = plane == 0 ? (size_t)v->width : cw; break;
  default: *row_bytes = 4 * (size_t)v->width; break;
  }
}

/* The CPU reference's placement, YUV coefficients and ratios, computed the
 * same way on the host so that both see identical floats. */
void describe(const TrtImageView *v, const TrtPreprocessParams *p, FrameDesc *f,
              TrtImageMapping *mapping) {
  float kr = v->yuv_matrix == TRT_YUV_BT709 ? 0.2126f : 0.299f;
  float kb = v->yuv_matrix == TRT_YUV_BT709 ? 0.0722f : 0.114f;
  float kg = 1.0f - kr - kb;
  f->format = v->format;
  f->width = v->width;
  f->height = v->height;
  f->y_offset = v->yuv_full_range ? 0.0f : 16.0f;
  f->y_scale = v->yuv_full_range ? 1.0f : 255.0f / 219.0f;
  f->uv_scale = v->yuv_full_range ? 1.0f : 255.0f / 224.0f;
  f->rv = 2.0f * (1.0f - kr);
  f->gu = 2.0f * (1.0f - kb) * kb / kg;
  f->gv = 2.0f * (1.0f - kr) * kr / kg;
  f->bu = 2.0f * (1.0f - kb);
  f->pad_x = f->pad_y = 0;
  f->rw = p->width;
  f->rh = p->height;
  if (p->fit_mode == TRT_FIT_LETTERBOX) {
    double s = fmin((double)p->width / v->width, (double)p->height / v->height);
    f->rw = (int)fmin(fmax(lround(v->width * s), 1), p->width);
    f->rh = (int)fmin(fmax(lround(v->height * s), 1), p->height);
    f->pad_x = (p->width - f->rw) / 2;
    f->pad_y = (p->height - f->rh) / 2;
  }
  f->rx = (float)v->width / (float)f->rw;
  f->ry = (float)v->height / (float)f->rh;
  if (mapping) {
    mapping->scale_x = f->rx;
    mapping->scale_y = f->ry;
    mapping->offset_x = -(float)f->pad_x * f->rx;
    mapping->offset_y = -(float)f->pad_y * f->ry;
  }
}

/* Grows the context's page-locked and device staging to `size` bytes. */
TrtStatus reserve(TrtCudaContext *c, size_t size) {
  if (size <= c->frames_capacity) return TRT_STATUS_OK;
  if (c->frames_host) cudaFreeHost(c->frames_host);
  trt_cuda_free(c->frames_device);
  c->frames_host = NULL;
  c->frames_capacity = 0;
  c->frames_device = (uint8_t *)trt_cuda_alloc(size);
  if (!c->frames_device || cudaMallocHost((void **)&c->frames_host, size) != cudaSuccess) {
    cudaGetLastError();
    trt_log(c->logger, TRT_SEVERITY_ERROR,
            "cuda preprocessing: cannot allocate %zu bytes of staging for the frames", size);
    if (c->frames_host) cudaFreeHost(c->frames_host);
    trt_cuda_free(c->frames_device);
    c->frames_host = NULL;
    c->frames_device = NULL;
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  c->frames_capacity = size;
  return TRT_STATUS_OK;
}

size_t align_up(size_t n) { return (n + 255) & ~(size_t)255; }

} // namespace

extern "C" TrtStatus trt_cuda_preprocess(void *backend_context, const TrtImageView *images,
                                         int count, const TrtPreprocessParams *p, void *dst,
                                         TrtImageMapping *mappings) {
  TrtCudaContext *c = (TrtCudaContext *)backend_context;
  if (count <= 0) return TRT_STATUS_OK;
  /* The frames were validated by the caller (trt_preprocess_check). */
  size_t descs = align_up(sizeof(FrameDesc) * (size_t)count), size = descs;
  for (int i = 0; i < count; i++)
    for (int k = 0; k < trt_pixel_format_nb_planes(images[i].format); k++) {
      size_t row_bytes;
      int rows;
      plane_extent(&images[i], k, &row_bytes, &rows);
      size += align_up(row_bytes * (size_t)rows);
    }
  /* The previous batch's copy may still read the page-locked buffer. */
  cudaError_t err = cudaStreamSynchronize(c->stream);
  if (err != cudaSuccess) {
    cudaGetLastError();
    trt_log(c->logger, TRT_SEVERITY_ERROR, "cuda preprocessing: %s", cudaGetErrorString(err));
    return TRT_STATUS_BACKEND_ERROR;
  }
  TrtStatus s = reserve(c, size);
  if (s != TRT_STATUS_OK) return s;
  FrameDesc *frames = (FrameDesc *)c->frames_host;
  size_t at = descs;
  for (int i = 0; i < count; i++) {
    const TrtImageView *v = &images[i];
    describe(v, p, &frames[i], mappings ? &mappings[i] : NULL);
    for (int k = 0; k < trt_pixel_format_nb_planes(v->format); k++) {
      size_t row_bytes;
      int rows;
      plane_extent(v, k, &row_bytes, &rows);
      frames[i].planes[k] = at;
      frames[i].strides[k] = (int)row_bytes;
      for (int y = 0; y < rows; y++)
        memcpy(c->frames_host + at + (size_t)y * row_bytes,
               v->planes[k] + (size_t)y * (size_t)v->strides[k], row_bytes);
      at += align_up(row_bytes * (size_t)rows);
    }
  }
  PreprocessArgs a;
  a.width = p->width;
  a.height = p->height;
  a.color_format = p->color_format;
  a.channels = trt_color_format_channels(p->color_format);
  a.scale = p->scale;
  for (int k = 0; k < 3; k++) {
    a.offsets[k] = p->offsets[k];
    a.border[k] = p->scale * (p->pad_value - p->offsets[k]);
  }
  err = cudaMemcpyAsync(c->frames_device, c->frames_host, size, cudaMemcpyHostToDevice,
                        c->stream);
  if (err == cudaSuccess) {
    size_t plane = (size_t)p->width * (size_t)p->height;
    dim3 grid((unsigned)((plane + 255) / 256), (unsigned)count);
    preprocess_kernel<<<grid, 256, 0, c->stream>>>(c->frames_device, (const FrameDesc *)c->frames_device,
                                                   a, (float *)dst);
    err = cudaGetLastError();
  }
  if (err != cudaSuccess) {
    cudaGetLastError();
    trt_log(c->logger, TRT_SEVERITY_ERROR, "cuda preprocessing: %s", cudaGetErrorString(err));
    return TRT_STATUS_BACKEND_ERROR;
  }
  return TRT_STATUS_OK;
}
