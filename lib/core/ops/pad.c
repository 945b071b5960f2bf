/* Shape inference: pad; also the pad resolver shared with the kernels (see
 * movement.h).
 *
 * Negative pads crop: the input is cropped first, then padded, so that
 * edge, reflect and wrap refer to what is left (as onnxruntime does). */
#include <stdio.h>

#include "movement.h"

bool trt_pad_resolve(const TrtDims *in, int mode, int nb_pads, const int64_t *pads,
                     int nb_axes, const int64_t *axes, TrtPadGeometry *g, char *why,
                     size_t why_size) {
  int rank = in->nb_dims, k = axes ? nb_axes : rank;
  int64_t begin[TRT_MAX_DIMS] = {0}, end[TRT_MAX_DIMS] = {0};
  bool seen[TRT_MAX_DIMS] = {0};
  if (mode < TRT_PAD_CONSTANT || mode > TRT_PAD_WRAP) {
    snprintf(why, why_size, "unknown mode %d", mode);
    return false;
  }
  if (nb_pads != 2 * k) {
    snprintf(why, why_size, "%d pads for %d axes: there must be 2 per axis", nb_pads, k);
    return false;
  }
  for (int i = 0; i < k; i++) {
    int d = i;
    if (axes && (!trt_normalize_axis(axes[i], rank, &d) || seen[d])) {
      snprintf(why, why_size, "axis %lld is out of range for rank %d or repeated",
               (long long)axes[i], rank);
      return false;
    }
    seen[d] = true;
    begin[d] = pads[i];
    end[d] = pads[k + i];
  }
  g->out = *in;
  for (int d = 0; d < rank; d++) {
    int64_t len = in->d[d];
    int64_t crop = (begin[d] < 0 ? -begin[d] : 0) + (end[d] < 0 ? -end[d] : 0);
    /* The pads are bounded by the output's size, so that the sums below
     * cannot overflow. */
    if (begin[d] < -len || end[d] < -len || crop > len) {
      snprintf(why, why_size, "pads %lld and %lld crop more than the %lld elements of dim %d",
               (long long)begin[d], (long long)end[d], (long long)len, d);
      return false;
    }
    if (begin[d] > (INT64_MAX >> 2) || end[d] > (INT64_MAX >> 2) || len > (INT64_MAX >> 2)) {
      snprintf(why, why_size, "dim %d is too large once padded", d);
      return false;
    }
    g->crop_begin[d] = begin[d] < 0 ? -begin[d] : 0;
    g->kept[d] = len - crop;
    g->pad_begin[d] = begin[d] > 0 ? begin[d] : 0;
    int64_t pad_end = end[d] > 0 ? end[d] : 0;
    if (g->kept[d] == 0 && g->pad_begin[d] + pad_end > 0 && mode != TRT_PAD_CONSTANT) {
      snprintf(why, why_size, "dim %d has no element left for %s padding to repeat", d,
               mode == TRT_PAD_EDGE ? "edge" : mode == TRT_PAD_REFLECT ? "reflect" : "wrap");
      return false;
    }
    g->out.d[d] = g->pad_begin[d] + g->kept[d] + pad_end;
  }
  return true;
}

int64_t trt_pad_source_index(const TrtPadGeometry *g, int mode, int dim, int64_t o) {
  int64_t n = g->kept[dim], i = o - g->pad_begin[dim];
  if (i < 0 || i >= n) {
    switch (mode) {
    case TRT_PAD_EDGE: i = i < 0 ? 0 : n - 1; break;
    case TRT_PAD_WRAP: i = ((i % n) + n) % n; break;
    case TRT_PAD_REFLECT: {
      /* Mirror without repeating the edge: period 2(n - 1), as NumPy does
       * for pads longer than the dim. */
      int64_t period = 2 * (n - 1);
      if (period == 0) {
        i = 0;
        break;
      }
      i = ((i % period) + period) % period;
      if (i >= n) i = period - i;
      break;
    }
    default: return -1;
    }
  }
  return g->crop_begin[dim] + i;
}

TrtStatus trt_infer_pad(TrtInferArgs *args) {
  const TrtPadParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  const TrtShapeView *pads_in = &args->inputs[1];
  int64_t pads[2 * TRT_MAX_DIMS], axes[TRT_MAX_DIMS];
  int nb_axes = 0;
  bool has_axes = args->nb_inputs > 3 && args->inputs[3].present;
  if ((pads_in->type != TRT_DATA_TYPE_INT64 && pads_in->type != TRT_DATA_TYPE_INT32) ||
      pads_in->dims.nb_dims != 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "pads must be a 1-D int64 tensor");
  int nb_pads = trt_infer_read_i64(args, 1, pads, 2 * TRT_MAX_DIMS);
  if (nb_pads < 0) return TRT_STATUS_INVALID_ARGUMENT;
  if (args->nb_inputs > 2 && args->inputs[2].present) {
    const TrtShapeView *value = &args->inputs[2];
    if (value->type != x->type || trt_dims_volume(&value->dims) > 1)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "the constant value must be one %s value",
                            trt_data_type_name(x->type));
  }
  if (has_axes) {
    const TrtShapeView *a = &args->inputs[3];
    if ((a->type != TRT_DATA_TYPE_INT64 && a->type != TRT_DATA_TYPE_INT32) ||
        a->dims.nb_dims != 1)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "axes must be a 1-D int64 tensor");
    nb_axes = trt_infer_read_i64(args, 3, axes, TRT_MAX_DIMS);
    if (nb_axes < 0) return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtPadGeometry g;
  char why[160];
  if (!trt_pad_resolve(&x->dims, p->mode, nb_pads, pads, nb_axes, has_axes ? axes : NULL, &g,
                       why, sizeof why))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%s", why);
  args->outputs[0].type = x->type;
  args->outputs[0].dims = g.out;
  return TRT_STATUS_OK;
}
