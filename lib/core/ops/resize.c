/* Shape inference: resize (ONNX Resize-11..18, also Upsample); the output
 * size and the coordinate transforms shared with the kernels (movement.h).
 *
 * Choices where ONNX leaves room: with scales, the coordinate transforms
 * use the given scale (not out/in), as the ONNX reference and onnxruntime
 * do; with tf_crop_and_resize and scales, the output is
 * floor(in * (roi_end - roi_start) * scale), as the operator text says.
 * That product is taken in float32, as onnxruntime does, so that a scale
 * exported as 1.4f on 5 elements gives the 7 that the exporter meant (the
 * ONNX reference's float64 product gives 6.99999988, hence 6).
 * align_corners and tf_crop_and_resize divide by the output length before
 * flooring (in * scale - 1), as the ONNX reference and its test data do. */
#include <math.h>
#include <stdio.h>

#include "movement.h"

/* Output dims beyond this are treated as a bad model, not computed. */
#define MAX_RESIZED_DIM 1e15

bool trt_resize_resolve(const TrtDims *in, const TrtResizeParams *p, int nb_roi,
                        const double *roi, int nb_scales, const double *scales, int nb_sizes,
                        const int64_t *sizes, TrtResizeGeometry *g, char *why,
                        size_t why_size) {
  int rank = in->nb_dims;
  bool crop = p->coord_transform == TRT_RESIZE_COORD_TF_CROP_AND_RESIZE;
  if (p->mode < TRT_RESIZE_NEAREST || p->mode > TRT_RESIZE_CUBIC ||
      p->coord_transform < TRT_RESIZE_COORD_HALF_PIXEL ||
      p->coord_transform > TRT_RESIZE_COORD_HALF_PIXEL_SYMMETRIC ||
      p->nearest_mode < TRT_RESIZE_NEAREST_ROUND_PREFER_FLOOR ||
      p->nearest_mode > TRT_RESIZE_NEAREST_CEIL) {
    snprintf(why, why_size, "unknown mode %d, coordinate transform %d or nearest mode %d",
             p->mode, p->coord_transform, p->nearest_mode);
    return false;
  }
  if ((nb_scales > 0) == (nb_sizes > 0)) {
    snprintf(why, why_size, "give either scales or sizes (not %s)", nb_scales ? "both" : "neither");
    return false;
  }
  if ((nb_scales > 0 && nb_scales != rank) || (nb_sizes > 0 && nb_sizes != rank)) {
    snprintf(why, why_size, "%d %s for an input of rank %d", nb_scales ? nb_scales : nb_sizes,
             nb_scales ? "scales" : "sizes", rank);
    return false;
  }
  if (crop && nb_roi != 2 * rank) {
    snprintf(why, why_size, "tf_crop_and_resize needs a roi of %d values, not %d", 2 * rank,
             nb_roi);
    return false;
  }
  g->out = *in;
  for (int d = 0; d < rank; d++) {
    g->roi_start[d] = crop ? roi[d] : 0;
    g->roi_end[d] = crop ? roi[rank + d] : 1;
    if (!isfinite(g->roi_start[d]) || !isfinite(g->roi_end[d])) {
      snprintf(why, why_size, "roi of dim %d is not finite", d);
      return false;
    }
    int64_t len = in->d[d];
    if (nb_scales) {
      double extent = (float)len * (float)(g->roi_end[d] - g->roi_start[d]) * (float)scales[d];
      if (!(scales[d] > 0) || !isfinite(scales[d]) || !(extent < MAX_RESIZED_DIM)) {
        snprintf(why, why_size, "scale %g of dim %d is not positive or gives a dim too large",
                 scales[d], d);
        return false;
      }
      g->scale[d] = scales[d];
      g->out.d[d] = extent > 0 ? (int64_t)floor(extent) : 0;
      g->resized_len[d] = (double)len * (g->roi_end[d] - g->roi_start[d]) * scales[d];
    } else {
      if (sizes[d] < 0) {
        snprintf(why, why_size, "size %lld of dim %d is negative", (long long)sizes[d], d);
        return false;
      }
      g->out.d[d] = sizes[d];
      g->scale[d] = len ? (double)sizes[d] / (double)len : 1;
      g->resized_len[d] = (double)sizes[d];
    }
    if (len == 0 && g->out.d[d] > 0) {
      snprintf(why, why_size, "dim %d is empty: there is nothing to resize it from", d);
      return false;
    }
  }
  return true;
}

double trt_resize_source_coord(const TrtResizeParams *p, const TrtResizeGeometry *g, int dim,
                               int64_t in_len, int64_t x) {
  double scale = g->scale[dim], out_len = (double)g->out.d[dim], len = (double)in_len;
  /* A single output is x = 0; more outputs mean resized_len >= 2. */
  double span = g->resized_len[dim] - 1;
  switch (p->coord_transform) {
  case TRT_RESIZE_COORD_ASYMMETRIC: return x / scale;
  case TRT_RESIZE_COORD_PYTORCH_HALF_PIXEL:
    return out_len > 1 ? (x + 0.5) / scale - 0.5 : 0;
  case TRT_RESIZE_COORD_ALIGN_CORNERS:
    return out_len > 1 ? x * (len - 1) / span : 0;
  case TRT_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN: return (x + 0.5) / scale;
  case TRT_RESIZE_COORD_TF_CROP_AND_RESIZE: {
    double start = g->roi_start[dim], end = g->roi_end[dim];
    return out_len > 1 ? start * (len - 1) + x * (end - start) * (len - 1) / span
                       : 0.5 * (start + end) * (len - 1);
  }
  case TRT_RESIZE_COORD_HALF_PIXEL_SYMMETRIC: {
    /* Centres the output when floor() made it shorter than in * scale. */
    double adjustment = out_len / g->resized_len[dim], offset = len / 2 * (1 - adjustment);
    return offset + (x + 0.5) / scale - 0.5;
  }
  default: return (x + 0.5) / scale - 0.5; /* half_pixel */
  }
}

int64_t trt_resize_nearest_index(const TrtResizeParams *p, double c, int64_t in_len) {
  double f = floor(c), i;
  switch (p->nearest_mode) {
  case TRT_RESIZE_NEAREST_FLOOR: i = f; break;
  case TRT_RESIZE_NEAREST_CEIL: i = ceil(c); break;
  case TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL: i = c - f >= 0.5 ? f + 1 : f; break;
  default: i = c - f > 0.5 ? f + 1 : f; break; /* round_prefer_floor */
  }
  if (!(i > 0)) return 0; /* also NaN */
  return i >= (double)(in_len - 1) ? in_len - 1 : (int64_t)i;
}

/* Input i as doubles (FLOAT/HALF) or int64 (INT64/INT32): an absent or
 * empty input gives 0 values; values unknown at build give -1 (logged). */
static int read_values(TrtInferArgs *args, int i, const char *what, double *f, int64_t *n) {
  if (i >= args->nb_inputs || !args->inputs[i].present) return 0;
  const TrtShapeView *v = &args->inputs[i];
  int64_t count = trt_dims_volume(&v->dims);
  if (count == 0) return 0;
  if (!v->value) {
    trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                   "%s must be known when the engine is built (a constant or computed from "
                   "shapes)", what);
    return -1;
  }
  int got = f ? trt_values_read_f64(v->type, &v->dims, v->value, f, 2 * TRT_MAX_DIMS)
              : trt_values_read_i64(v->type, &v->dims, v->value, n, 2 * TRT_MAX_DIMS);
  if (got < 0)
    trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                   "%s must be a short %s tensor, not %lld %s values", what,
                   f ? "float" : "int64", (long long)count, trt_data_type_name(v->type));
  return got;
}

TrtStatus trt_infer_resize(TrtInferArgs *args) {
  const TrtResizeParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  double roi[2 * TRT_MAX_DIMS], scales[2 * TRT_MAX_DIMS];
  int64_t sizes[2 * TRT_MAX_DIMS];
  bool crop = p->coord_transform == TRT_RESIZE_COORD_TF_CROP_AND_RESIZE;
  int nb_roi = crop ? read_values(args, 1, "roi", roi, NULL) : 0;
  int nb_scales = read_values(args, 2, "scales", scales, NULL);
  int nb_sizes = read_values(args, 3, "sizes", NULL, sizes);
  if (nb_roi < 0 || nb_scales < 0 || nb_sizes < 0) return TRT_STATUS_INVALID_ARGUMENT;
  if (p->mode != TRT_RESIZE_NEAREST && x->type != TRT_DATA_TYPE_FLOAT &&
      x->type != TRT_DATA_TYPE_HALF)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                          "linear and cubic resize take float32 or float16, not %s (nearest "
                          "takes any type)", trt_data_type_name(x->type));
  TrtResizeGeometry g;
  char why[160];
  if (!trt_resize_resolve(&x->dims, p, nb_roi, roi, nb_scales, scales, nb_sizes, sizes, &g, why,
                          sizeof why))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%s", why);
  args->outputs[0].type = x->type;
  args->outputs[0].dims = g.out;
  return TRT_STATUS_OK;
}
