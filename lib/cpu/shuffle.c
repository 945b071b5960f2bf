/* CPU reference kernels: reshape, flatten, squeeze, unsqueeze (copies),
 * transpose, expand and depth/space moves (strided copies), tile; and the
 * strided copy itself (see strided-copy.h). All are type-agnostic: they
 * move elements by their size. */
#include <string.h>

#include "strided-copy.h"

/* A strided view with size-1 dims dropped and neighbours merged. */
typedef struct {
  int rank;
  int64_t dims[TRT_MAX_DIMS];
  int64_t strides[TRT_MAX_DIMS];
} View;

static void simplify(View *v, const int64_t *dims, const int64_t *strides, int rank) {
  v->rank = 0;
  for (int i = 0; i < rank; i++) {
    if (dims[i] == 1) continue;
    int last = v->rank - 1;
    /* The outer neighbour steps over exactly one run of this dim: one dim. */
    if (last >= 0 && v->strides[last] == strides[i] * dims[i]) {
      v->dims[last] *= dims[i];
      v->strides[last] = strides[i];
    } else {
      v->dims[v->rank] = dims[i];
      v->strides[v->rank++] = strides[i];
    }
  }
}

/* dst[j] = src[j * stride] for j < n, one loop per element size so that
 * each compiles to plain loads and stores. */
#define DEFINE_GATHER(T)                                                          \
  static void gather_##T(void *dst, const void *src, int64_t n, int64_t stride) { \
    T *d = dst;                                                                   \
    const T *s = src;                                                             \
    for (int64_t j = 0; j < n; j++) d[j] = s[j * stride];                         \
  }
DEFINE_GATHER(uint8_t)
DEFINE_GATHER(uint16_t)
DEFINE_GATHER(uint32_t)
DEFINE_GATHER(uint64_t)

static void gather(void *dst, const void *src, int64_t n, int64_t stride, size_t es) {
  switch (es) {
  case 1: gather_uint8_t(dst, src, n, stride); break;
  case 2: gather_uint16_t(dst, src, n, stride); break;
  case 4: gather_uint32_t(dst, src, n, stride); break;
  case 8: gather_uint64_t(dst, src, n, stride); break;
  default:
    for (int64_t j = 0; j < n; j++)
      memcpy((uint8_t *)dst + j * es, (const uint8_t *)src + j * stride * (int64_t)es, es);
  }
}

/* Advances the odometer idx over v's dims, those in `skip` excepted;
 * false once it has wrapped around. */
static bool odometer_next(const View *v, int64_t *idx, const bool *skip) {
  for (int i = v->rank - 1; i >= 0; i--) {
    if (skip[i]) continue;
    if (++idx[i] < v->dims[i]) return true;
    idx[i] = 0;
  }
  return false;
}

/* Innermost output dim `last` read with stride s, and a dim q that the
 * input walks contiguously: copy in square tiles so that both the reads
 * (along q) and the writes (along last) stay within a few cache lines. */
#define TILE 16
#define DEFINE_TILE(T)                                                               \
  static void tile_##T(void *dst, const void *src, int64_t nq, int64_t out_q,       \
                       int64_t nl, int64_t sl) {                                     \
    T *d = dst;                                                                      \
    const T *s = src;                                                                \
    for (int64_t i0 = 0; i0 < nq; i0 += TILE)                                        \
      for (int64_t j0 = 0; j0 < nl; j0 += TILE) {                                    \
        int64_t i1 = i0 + TILE < nq ? i0 + TILE : nq, j1 = j0 + TILE < nl ? j0 + TILE : nl; \
        for (int64_t i = i0; i < i1; i++)                                            \
          for (int64_t j = j0; j < j1; j++) d[i * out_q + j] = s[i + j * sl];         \
      }                                                                              \
  }
DEFINE_TILE(uint8_t)
DEFINE_TILE(uint16_t)
DEFINE_TILE(uint32_t)
DEFINE_TILE(uint64_t)

static bool tile(void *dst, const void *src, int64_t nq, int64_t out_q, int64_t nl,
                 int64_t sl, size_t es) {
  switch (es) {
  case 1: tile_uint8_t(dst, src, nq, out_q, nl, sl); return true;
  case 2: tile_uint16_t(dst, src, nq, out_q, nl, sl); return true;
  case 4: tile_uint32_t(dst, src, nq, out_q, nl, sl); return true;
  case 8: tile_uint64_t(dst, src, nq, out_q, nl, sl); return true;
  default: return false;
  }
}

void trt_cpu_copy_strided(void *out, const void *in, const int64_t *dims,
                          const int64_t *strides, int rank, size_t es) {
  for (int i = 0; i < rank; i++)
    if (dims[i] == 0) return;
  View v;
  simplify(&v, dims, strides, rank);
  uint8_t *dst = out;
  const uint8_t *src = in;
  if (v.rank == 0) {
    memcpy(dst, src, es);
    return;
  }
  int last = v.rank - 1, q = -1;
  int64_t out_strides[TRT_MAX_DIMS], idx[TRT_MAX_DIMS] = {0};
  bool skip[TRT_MAX_DIMS] = {0};
  out_strides[last] = 1;
  for (int i = last - 1; i >= 0; i--) out_strides[i] = out_strides[i + 1] * v.dims[i + 1];
  if (v.strides[last] != 1)
    for (int i = 0; i < last; i++)
      if (v.strides[i] == 1) q = i;
  skip[last] = true;
  if (q >= 0) skip[q] = true;
  /* One pass per position of the outer dims (those not skipped). */
  do {
    int64_t in_off = 0, out_off = 0;
    for (int i = 0; i < v.rank; i++) {
      if (skip[i]) continue;
      in_off += idx[i] * v.strides[i];
      out_off += idx[i] * out_strides[i];
    }
    uint8_t *d = dst + out_off * (int64_t)es;
    const uint8_t *s = src + in_off * (int64_t)es;
    if (v.strides[last] == 1) {
      memcpy(d, s, (size_t)v.dims[last] * es);
    } else if (q < 0 || !tile(d, s, v.dims[q], out_strides[q], v.dims[last],
                              v.strides[last], es)) {
      /* Rows along q (if any) gathered one after the other. */
      int64_t nq = q < 0 ? 1 : v.dims[q];
      for (int64_t i = 0; i < nq; i++)
        gather(d + (q < 0 ? 0 : i * out_strides[q]) * (int64_t)es, s + i * (int64_t)es,
               v.dims[last], v.strides[last], es);
    }
  } while (odometer_next(&v, idx, skip));
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

/* The channel shuffle N,A,B,H,W -> N,B,A,H,W of 4-byte elements stored
 * channels-last: in each pixel, an A x B matrix transposed. The general
 * strided copy below walks such small matrices several times slower. */
static bool shuffle_pixels(const TrtTransposeParams *p, const TrtTensorView *in,
                           TrtTensorView *out) {
  static const int32_t swap[5] = {0, 2, 1, 3, 4};
  if (!in->channels_last || !out->channels_last || in->dims.nb_dims != 5 ||
      trt_data_type_size(in->type) != 4 || p->nb_perm != 5 ||
      memcmp(p->perm, swap, sizeof swap) != 0)
    return false;
  int64_t a = in->dims.d[1], b = in->dims.d[2];
  int64_t pixels = in->dims.d[0] * in->dims.d[3] * in->dims.d[4];
  const uint32_t *x = in->data;
  uint32_t *y = out->data;
  if (a == 4) /* ShuffleNet's 4 groups: four rows interleaved, which vectorizes */
    for (int64_t px = 0; px < pixels; px++, x += 4 * b, y += 4 * b)
      for (int64_t j = 0; j < b; j++) {
        y[4 * j] = x[j];
        y[4 * j + 1] = x[b + j];
        y[4 * j + 2] = x[2 * b + j];
        y[4 * j + 3] = x[3 * b + j];
      }
  else
    for (int64_t px = 0; px < pixels; px++, x += a * b, y += a * b)
      for (int64_t j = 0; j < b; j++)
        for (int64_t i = 0; i < a; i++) y[j * a + i] = x[i * b + j];
  return true;
}

/* Either side may be stored channels-last (a channel shuffle, see
 * core/passes/cpu-channels-last.c): the output is written in its stored
 * order, each of its dims reading the input dim the permutation names
 * through that dim's stored stride. */
static TrtStatus run_transpose(TrtKernelArgs *args) {
  const TrtTransposeParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  if (shuffle_pixels(p, in, out)) return TRT_STATUS_OK;
  int64_t own[TRT_MAX_DIMS], dims[TRT_MAX_DIMS], strides[TRT_MAX_DIMS];
  int order[TRT_MAX_DIMS];
  trt_cpu_storage_strides(in, own);
  trt_cpu_storage_order(out, order);
  for (int j = 0; j < p->nb_perm; j++) {
    dims[j] = out->dims.d[order[j]];
    strides[j] = own[p->perm[order[j]]];
  }
  trt_cpu_copy_strided(out->data, in->data, dims, strides, out->dims.nb_dims,
                       trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_transpose = {.run = run_transpose};

static TrtStatus run_expand(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t strides[TRT_MAX_DIMS];
  trt_cpu_broadcast_strides(&in->dims, &out->dims, strides);
  trt_cpu_copy_strided(out->data, in->data, out->dims.d, strides, out->dims.nb_dims,
                       trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_expand = {.run = run_expand};

/* Each output row (all dims but the last) is its input row, the input's
 * last dim repeated. */
static TrtStatus run_tile(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int rank = out->dims.nb_dims, last = rank - 1;
  size_t es = trt_data_type_size(in->type);
  int64_t total = trt_dims_volume(&out->dims);
  if (total == 0) return TRT_STATUS_OK;
  if (rank == 0) {
    memcpy(out->data, in->data, es);
    return TRT_STATUS_OK;
  }
  int64_t own[TRT_MAX_DIMS], idx[TRT_MAX_DIMS] = {0};
  trt_cpu_strides(&in->dims, own);
  size_t row = (size_t)in->dims.d[last] * es;
  int64_t reps = out->dims.d[last] / in->dims.d[last], rows = total / out->dims.d[last];
  uint8_t *dst = out->data;
  for (int64_t r = 0; r < rows; r++) {
    int64_t off = 0;
    for (int d = 0; d < last; d++) off += (idx[d] % in->dims.d[d]) * own[d];
    for (int64_t k = 0; k < reps; k++, dst += row)
      memcpy(dst, (const uint8_t *)in->data + off * (int64_t)es, row);
    for (int d = last - 1; d >= 0; d--) {
      if (++idx[d] < out->dims.d[d]) break;
      idx[d] = 0;
    }
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
  trt_cpu_copy_strided(args->outputs[0].data, in->data, dims, strides, 6,
                       trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_depth_to_space = {.run = run_depth_to_space};
