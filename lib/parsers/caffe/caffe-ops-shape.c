/* Converters: Input, Concat, Slice, Split, Dropout, Flatten, Reshape,
 * Permute, Crop and Silence. Where Caffe counts dims from an axis, the
 * reshapes keep the dims before it as 0 ("copy"), so they still fit when
 * the batch of the input changes. */
#include <stdio.h>
#include <string.h>

#include "caffe-importer.h"

static TrtTensor *identity(CaffeImporter *imp, const CaffeLayer *layer, const char *suffix,
                           TrtTensor *x) {
  return caffe_add1(imp, layer, suffix, TRT_LAYER_IDENTITY, &x, 1, NULL);
}

CAFFE_CONVERTER(caffe_convert_input) {
  const Caffe__InputParameter *ip = layer->param->input_param;
  TrtStatus s = caffe_need_io(imp, layer, 0, 0, -1);
  if (s != TRT_STATUS_OK) return s;
  size_t shapes = ip ? ip->n_shape : 0;
  if (!layer->nb_tops || !shapes || (shapes != 1 && shapes != (size_t)layer->nb_tops))
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "needs tops and input_param with one shape, or one per top "
                            "(%d tops, %zu shapes)", layer->nb_tops, shapes);
  for (int i = 0; i < layer->nb_tops && s == TRT_STATUS_OK; i++)
    s = caffe_add_input_shape(imp, layer->param->top[i], ip->shape[shapes == 1 ? 0 : i]);
  return s;
}

CAFFE_CONVERTER(caffe_convert_concat) {
  TrtStatus s = caffe_need_io(imp, layer, 1, -1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__ConcatParameter *cp = layer->param->concat_param;
  int64_t axis = !cp ? 1 : cp->has_concat_dim && !cp->has_axis ? (int64_t)cp->concat_dim : cp->axis;
  if (layer->nb_bottoms == 1)
    return caffe_output(imp, layer, identity(imp, layer, NULL, layer->bottoms[0]));
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  TrtAxisParams p;
  if (!caffe_axis(imp, layer, axis, x.nb_dims, "axis", &p.axis)) return TRT_STATUS_INVALID_ARGUMENT;
  return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_CONCAT, layer->bottoms,
                                             layer->nb_bottoms, &p));
}

/* Splits along an axis at slice points, or into equal parts. */
CAFFE_CONVERTER(caffe_convert_slice) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, -1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__SliceParameter *sp = layer->param->slice_param;
  int64_t axis = !sp ? 1 : sp->has_slice_dim && !sp->has_axis ? (int64_t)sp->slice_dim : sp->axis;
  int tops = layer->nb_tops;
  if (tops < 1 || tops > 4096)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "needs 1 to 4096 tops");
  TrtDims x;
  TrtAxisParams p;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (!caffe_axis(imp, layer, axis, x.nb_dims, "axis", &p.axis)) return TRT_STATUS_INVALID_ARGUMENT;
  int64_t dim = x.d[p.axis], sizes[4096];
  size_t points = sp ? sp->n_slice_point : 0;
  if (points) {
    if (points != (size_t)tops - 1)
      return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                              "%zu slice points for %d tops (one fewer needed)", points, tops);
    int64_t prev = 0;
    for (int i = 0; i < tops; i++) {
      int64_t end = i < tops - 1 ? (int64_t)sp->slice_point[i] : dim;
      if (end <= prev || end > dim)
        return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                                "slice points must rise within the axis of size %lld",
                                (long long)dim);
      sizes[i] = end - prev;
      prev = end;
    }
  } else {
    if (dim % tops)
      return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                              "an axis of size %lld does not split into %d equal parts",
                              (long long)dim, tops);
    for (int i = 0; i < tops; i++) sizes[i] = dim / tops;
  }
  if (tops == 1) return caffe_output(imp, layer, identity(imp, layer, NULL, layer->bottoms[0]));
  TrtTensor *in[2] = {layer->bottoms[0], caffe_const_i64(imp, layer, "sizes", sizes, tops)};
  if (!in[1]) return TRT_STATUS_OUT_OF_MEMORY;
  TrtLayer *l = caffe_add_layer(imp, layer, NULL, TRT_LAYER_SPLIT, in, 2, &p, tops);
  if (!l) return TRT_STATUS_INVALID_ARGUMENT;
  for (int i = 0; i < tops && s == TRT_STATUS_OK; i++)
    s = caffe_set_top(imp, layer, i, trt_layer_get_output(l, i));
  return s;
}

/* Each top is a copy of the bottom (the builder removes the copies). */
CAFFE_CONVERTER(caffe_convert_split) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, -1);
  for (int i = 0; i < layer->nb_tops && s == TRT_STATUS_OK; i++) {
    char suffix[32];
    snprintf(suffix, sizeof suffix, "%d", i);
    TrtTensor *t = identity(imp, layer, layer->nb_tops > 1 ? suffix : NULL, layer->bottoms[0]);
    s = t ? caffe_set_top(imp, layer, i, t) : TRT_STATUS_INVALID_ARGUMENT;
  }
  return s;
}

/* Dropout passes its input through at inference. */
CAFFE_CONVERTER(caffe_convert_dropout) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  if (strcmp(layer->param->top[0], layer->param->bottom[0]) == 0)
    return caffe_set_top(imp, layer, 0, layer->bottoms[0]);
  return caffe_output(imp, layer, identity(imp, layer, NULL, layer->bottoms[0]));
}

CAFFE_CONVERTER(caffe_convert_silence) { return caffe_need_io(imp, layer, 1, -1, 0); }

/* Dims axis .. end_axis become one. */
CAFFE_CONVERTER(caffe_convert_flatten) {
  static const Caffe__FlattenParameter defaults = CAFFE__FLATTEN_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__FlattenParameter *fp =
      layer->param->flatten_param ? layer->param->flatten_param : &defaults;
  TrtDims x;
  int axis, end;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (!caffe_axis(imp, layer, fp->axis, x.nb_dims, "axis", &axis) ||
      !caffe_axis(imp, layer, fp->end_axis, x.nb_dims, "end_axis", &end))
    return TRT_STATUS_INVALID_ARGUMENT;
  if (end < axis)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "end_axis %d comes before axis %d", end, axis);
  int64_t shape[TRT_MAX_DIMS];
  int rank = 0;
  for (int i = 0; i < axis; i++) shape[rank++] = 0;
  shape[rank++] = -1;
  for (int i = end + 1; i < x.nb_dims; i++) shape[rank++] = x.d[i];
  return caffe_output(imp, layer, caffe_reshape(imp, layer, NULL, layer->bottoms[0], shape, rank));
}

/* Dims [start, end) of the bottom are replaced by the given shape, where
 * 0 copies the bottom's dim at that place and -1 is inferred. */
CAFFE_CONVERTER(caffe_convert_reshape) {
  static const Caffe__ReshapeParameter defaults = CAFFE__RESHAPE_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__ReshapeParameter *rp =
      layer->param->reshape_param ? layer->param->reshape_param : &defaults;
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  int r = x.nb_dims;
  int64_t start = rp->axis >= 0 ? rp->axis : (int64_t)r + rp->axis + 1;
  int64_t end = rp->num_axes == -1 ? r : start + rp->num_axes;
  if (start < 0 || start > r || rp->num_axes < -1 || end > r)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "axis %d and num_axes %d do not fit a bottom of rank %d", rp->axis,
                            rp->num_axes, r);
  size_t given = rp->shape ? rp->shape->n_dim : 0;
  if (start + (int64_t)given + (r - end) > TRT_MAX_DIMS)
    return caffe_layer_fail(imp, layer, TRT_STATUS_UNSUPPORTED, "more than %d dims",
                            TRT_MAX_DIMS);
  int64_t shape[TRT_MAX_DIMS];
  int rank = 0, inferred = 0;
  for (int64_t i = 0; i < start; i++) shape[rank++] = 0;
  for (size_t i = 0; i < given; i++) {
    int64_t d = rp->shape->dim[i];
    inferred += d == -1;
    if (d < -1 || inferred > 1)
      return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                              "shape dims must be >= 0, with at most one -1");
    shape[rank++] = d;
  }
  for (int64_t i = end; i < r; i++) shape[rank++] = x.d[i];
  return caffe_output(imp, layer, caffe_reshape(imp, layer, NULL, layer->bottoms[0], shape, rank));
}

/* The given order first, then the remaining axes in order (as Caffe SSD). */
CAFFE_CONVERTER(caffe_convert_permute) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__PermuteParameter *pp = layer->param->permute_param;
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  size_t given = pp ? pp->n_order : 0;
  TrtTransposeParams p = {.nb_perm = x.nb_dims};
  bool used[TRT_MAX_DIMS] = {false};
  if (given > (size_t)x.nb_dims)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "%zu orders for a bottom of rank %d", given, x.nb_dims);
  for (size_t i = 0; i < given; i++) {
    uint32_t a = pp->order[i];
    if (a >= (uint32_t)x.nb_dims || used[a])
      return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                              "order %u is out of range or repeated (rank %d)", a, x.nb_dims);
    used[a] = true;
    p.perm[i] = (int32_t)a;
  }
  for (int a = 0, k = (int)given; a < x.nb_dims; a++)
    if (!used[a]) p.perm[k++] = a;
  return caffe_output(imp, layer,
                      caffe_add1(imp, layer, NULL, TRT_LAYER_TRANSPOSE, layer->bottoms, 1, &p));
}

/* Bottom 0 cut to the dims of bottom 1 from axis on, at the offsets. */
CAFFE_CONVERTER(caffe_convert_crop) {
  static const Caffe__CropParameter defaults = CAFFE__CROP_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 2, 2, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__CropParameter *cp = layer->param->crop_param ? layer->param->crop_param : &defaults;
  TrtDims a, b;
  int axis;
  if ((s = caffe_need_dims(imp, layer, 0, &a)) != TRT_STATUS_OK ||
      (s = caffe_need_dims(imp, layer, 1, &b)) != TRT_STATUS_OK)
    return s;
  if (a.nb_dims != b.nb_dims)
    return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                            "both bottoms must have the same rank (%d and %d)", a.nb_dims,
                            b.nb_dims);
  if (!caffe_axis(imp, layer, cp->axis, a.nb_dims, "axis", &axis)) return TRT_STATUS_INVALID_ARGUMENT;
  int n = a.nb_dims - axis;
  if (cp->n_offset > 1 && cp->n_offset != (size_t)n)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "%zu offsets for %d cropped axes (give 0, 1 or %d)", cp->n_offset, n, n);
  int64_t starts[TRT_MAX_DIMS], ends[TRT_MAX_DIMS], axes[TRT_MAX_DIMS];
  for (int i = 0; i < n; i++) {
    starts[i] = cp->n_offset ? cp->offset[cp->n_offset == 1 ? 0 : i] : 0;
    ends[i] = starts[i] + b.d[axis + i];
    axes[i] = axis + i;
    if (ends[i] > a.d[axis + i])
      return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                              "offset %lld + size %lld runs past dim %d of size %lld",
                              (long long)starts[i], (long long)b.d[axis + i], axis + i,
                              (long long)a.d[axis + i]);
  }
  TrtTensor *in[4] = {layer->bottoms[0], caffe_const_i64(imp, layer, "starts", starts, n),
                      caffe_const_i64(imp, layer, "ends", ends, n),
                      caffe_const_i64(imp, layer, "axes", axes, n)};
  if (!in[1] || !in[2] || !in[3]) return TRT_STATUS_OUT_OF_MEMORY;
  return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_SLICE, in, 4, NULL));
}
