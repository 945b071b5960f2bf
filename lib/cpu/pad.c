/* CPU reference kernel: pad (constant, edge, reflect, wrap), any type.
 *
 * The geometry comes from the pads and axes values known at build
 * (movement.h); each output row (all dims but the last) is either the
 * constant value (constant mode, outside the input) or one input row, whose
 * kept part is one memcpy and whose padded ends are mapped element by
 * element. The constant value is read when the layer runs: it may be a
 * computed tensor. */
#include <stdlib.h>
#include <string.h>

#include "../core/ops/movement.h"
#include "cpu-impl.h"

static TrtStatus prepare_pad(TrtKernelArgs *args) {
  const TrtPadParams *p = args->params;
  const TrtTensorView *x = &args->inputs[0], *pads = &args->inputs[1];
  int64_t pad_values[2 * TRT_MAX_DIMS], axes[TRT_MAX_DIMS];
  int nb_axes = 0;
  bool has_axes = args->nb_inputs > 3 && args->inputs[3].present;
  int nb_pads = trt_values_read_i64(pads->type, &pads->dims, pads->host_value, pad_values,
                                    2 * TRT_MAX_DIMS);
  if (has_axes)
    nb_axes = trt_values_read_i64(args->inputs[3].type, &args->inputs[3].dims,
                                  args->inputs[3].host_value, axes, TRT_MAX_DIMS);
  if (nb_pads < 0 || nb_axes < 0)
    return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "pads and axes must be known at build");
  TrtPadGeometry *g = malloc(sizeof *g);
  if (!g) return TRT_STATUS_OUT_OF_MEMORY;
  char why[160];
  if (!trt_pad_resolve(&x->dims, p->mode, nb_pads, pad_values, nb_axes,
                       has_axes ? axes : NULL, g, why, sizeof why)) {
    free(g);
    return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%s", why);
  }
  args->state = g;
  return TRT_STATUS_OK;
}

static void release_pad(TrtKernelArgs *args) {
  free(args->state);
  args->state = NULL;
}

/* n copies of the es-byte value. */
static void fill(uint8_t *dst, const uint8_t *value, int64_t n, size_t es, bool zero) {
  if (zero) {
    memset(dst, 0, (size_t)n * es);
    return;
  }
  for (int64_t i = 0; i < n; i++) memcpy(dst + i * (int64_t)es, value, es);
}

static TrtStatus run_pad(TrtKernelArgs *args) {
  const TrtPadParams *p = args->params;
  const TrtPadGeometry *g = args->state;
  const TrtTensorView *x = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  size_t es = trt_data_type_size(x->type);
  uint8_t value[8] = {0};
  const TrtTensorView *v = args->nb_inputs > 2 ? &args->inputs[2] : NULL;
  if (v && v->present && trt_dims_volume(&v->dims) == 1) memcpy(value, v->data, es);
  bool zero = true;
  for (size_t i = 0; i < es; i++) zero = zero && value[i] == 0;

  int rank = out->dims.nb_dims, last = rank - 1;
  int64_t total = trt_dims_volume(&out->dims);
  if (total == 0) return TRT_STATUS_OK;
  if (rank == 0) {
    memcpy(out->data, x->data, es);
    return TRT_STATUS_OK;
  }
  int64_t in_strides[TRT_MAX_DIMS], idx[TRT_MAX_DIMS] = {0};
  trt_cpu_strides(&x->dims, in_strides);
  int64_t width = out->dims.d[last], kept = g->kept[last], left = g->pad_begin[last];
  int64_t right = width - left - kept, rows = total / width;
  const uint8_t *src = x->data;
  uint8_t *dst = out->data;
  for (int64_t r = 0; r < rows; r++, dst += width * (int64_t)es) {
    int64_t off = 0;
    bool outside = false;
    for (int d = 0; d < last && !outside; d++) {
      int64_t s = trt_pad_source_index(g, p->mode, d, idx[d]);
      outside = s < 0;
      off += outside ? 0 : s * in_strides[d];
    }
    for (int d = last - 1; d >= 0; d--) {
      if (++idx[d] < out->dims.d[d]) break;
      idx[d] = 0;
    }
    if (outside) {
      fill(dst, value, width, es, zero);
      continue;
    }
    const uint8_t *row = src + off * (int64_t)es;
    if (kept) memcpy(dst + left * (int64_t)es, row + g->crop_begin[last] * (int64_t)es,
                     (size_t)kept * es);
    if (p->mode == TRT_PAD_CONSTANT) {
      fill(dst, value, left, es, zero);
      fill(dst + (left + kept) * (int64_t)es, value, right, es, zero);
      continue;
    }
    for (int64_t o = 0; o < left; o++)
      memcpy(dst + o * (int64_t)es,
             row + trt_pad_source_index(g, p->mode, last, o) * (int64_t)es, es);
    for (int64_t o = left + kept; o < width; o++)
      memcpy(dst + o * (int64_t)es,
             row + trt_pad_source_index(g, p->mode, last, o) * (int64_t)es, es);
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_pad = {.prepare = prepare_pad, .run = run_pad, .release = release_pad};
