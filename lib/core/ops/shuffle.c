/* Shape inference: reshape, transpose, flatten, squeeze, unsqueeze, expand,
 * tile, depth-to-space / space-to-depth. */
#include "../ops.h"

static TrtStatus same_type_out(TrtInferArgs *args, const TrtDims *dims) {
  args->outputs[0].type = args->inputs[0].type;
  args->outputs[0].dims = *dims;
  return TRT_STATUS_OK;
}

/* Reads input i, a 1-D INT32/INT64 tensor whose values are known at build
 * (a shape, axes, repeats); the count or -1 (logged). */
static int read_int_list(TrtInferArgs *args, int i, int64_t *out) {
  const TrtShapeView *v = &args->inputs[i];
  if ((v->type != TRT_DATA_TYPE_INT32 && v->type != TRT_DATA_TYPE_INT64) ||
      v->dims.nb_dims != 1) {
    trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                   "input %d must be a 1-D int32 or int64 tensor", i);
    return -1;
  }
  return trt_infer_read_i64(args, i, out, TRT_MAX_DIMS);
}

TrtStatus trt_infer_reshape(TrtInferArgs *args) {
  const TrtReshapeParams *p = args->params;
  const TrtDims *in = &args->inputs[0].dims;
  int64_t shape[TRT_MAX_DIMS];
  int n = read_int_list(args, 1, shape);
  if (n < 0) return TRT_STATUS_INVALID_ARGUMENT;
  TrtDims out = {.nb_dims = n};
  int infer_at = -1;
  int64_t known = 1;
  for (int i = 0; i < n; i++) {
    int64_t v = shape[i];
    if (v == 0 && p->allow_zero)
      for (int k = 0; k < n; k++)
        if (shape[k] == -1)
          return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                                "with allow_zero, a shape cannot hold both 0 and -1");
    if (v == 0 && !p->allow_zero) {
      if (i >= in->nb_dims)
        return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                              "shape[%d] = 0 copies a dimension the input does not have", i);
      v = in->d[i];
    }
    if (v == -1) {
      if (infer_at >= 0)
        return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "more than one -1 in the shape");
      infer_at = i;
      continue;
    }
    if (v < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "negative dimension %lld", (long long)v);
    if (v > 0 && known > INT64_MAX / v)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the shape's volume overflows");
    out.d[i] = v;
    known *= v;
  }
  int64_t volume = trt_dims_volume(in);
  if (infer_at >= 0) {
    if (known == 0 || volume % known != 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "cannot infer the -1 dimension: %lld elements into blocks of %lld",
                            (long long)volume, (long long)known);
    out.d[infer_at] = volume / known;
  }
  if (trt_dims_volume(&out) != volume) {
    char a[96], b[96];
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "cannot reshape %s into %s",
                          trt_dims_format(in, a, sizeof a), trt_dims_format(&out, b, sizeof b));
  }
  return same_type_out(args, &out);
}

TrtStatus trt_infer_transpose(TrtInferArgs *args) {
  TrtTransposeParams *p = args->params;
  const TrtDims *in = &args->inputs[0].dims;
  int rank = in->nb_dims;
  if (p->nb_perm == 0) {
    p->nb_perm = rank;
    for (int i = 0; i < rank; i++) p->perm[i] = rank - 1 - i;
  }
  if (p->nb_perm != rank)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "perm has %d entries for rank %d",
                          p->nb_perm, rank);
  bool seen[TRT_MAX_DIMS] = {0};
  TrtDims out = {.nb_dims = rank};
  for (int i = 0; i < rank; i++) {
    int a;
    if (!trt_normalize_axis(p->perm[i], rank, &a) || seen[a])
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "perm is not a permutation");
    p->perm[i] = a;
    seen[a] = true;
    out.d[i] = in->d[a];
  }
  return same_type_out(args, &out);
}

TrtStatus trt_infer_flatten(TrtInferArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtDims *in = &args->inputs[0].dims;
  int axis = p->axis < 0 ? p->axis + in->nb_dims : p->axis;
  if (axis < 0 || axis > in->nb_dims)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d out of range", p->axis);
  TrtDims out = {.nb_dims = 2, .d = {1, 1}};
  for (int i = 0; i < in->nb_dims; i++) out.d[i < axis ? 0 : 1] *= in->d[i];
  return same_type_out(args, &out);
}

/* Axes from input 1 when present, else from params. */
static int read_axes(TrtInferArgs *args, const TrtAxesParams *p, int64_t *axes) {
  if (args->nb_inputs > 1 && args->inputs[1].present) return read_int_list(args, 1, axes);
  if (p->nb_axes < 0 || p->nb_axes > TRT_MAX_DIMS) {
    trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "nb_axes %d is out of range",
                   p->nb_axes);
    return -1;
  }
  for (int i = 0; i < p->nb_axes; i++) axes[i] = p->axes[i];
  return p->nb_axes;
}

TrtStatus trt_infer_squeeze(TrtInferArgs *args) {
  const TrtDims *in = &args->inputs[0].dims;
  int64_t axes[TRT_MAX_DIMS];
  int n = read_axes(args, args->params, axes);
  if (n < 0) return TRT_STATUS_INVALID_ARGUMENT;
  bool drop[TRT_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    int a;
    if (!trt_normalize_axis(axes[i], in->nb_dims, &a))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %lld out of range",
                            (long long)axes[i]);
    if (in->d[a] != 1)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "cannot squeeze axis %d of size %lld", a, (long long)in->d[a]);
    drop[a] = true;
  }
  TrtDims out = {0};
  for (int i = 0; i < in->nb_dims; i++)
    if (!(n ? drop[i] : in->d[i] == 1)) out.d[out.nb_dims++] = in->d[i];
  return same_type_out(args, &out);
}

TrtStatus trt_infer_unsqueeze(TrtInferArgs *args) {
  const TrtDims *in = &args->inputs[0].dims;
  int64_t axes[TRT_MAX_DIMS];
  int n = read_axes(args, args->params, axes);
  if (n < 0) return TRT_STATUS_INVALID_ARGUMENT;
  int rank = in->nb_dims + n;
  if (rank > TRT_MAX_DIMS)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "rank %d exceeds %d", rank, TRT_MAX_DIMS);
  bool add[TRT_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    int a;
    if (!trt_normalize_axis(axes[i], rank, &a) || add[a])
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %lld out of range or repeated",
                            (long long)axes[i]);
    add[a] = true;
  }
  TrtDims out = {.nb_dims = rank};
  for (int i = 0, j = 0; i < rank; i++) out.d[i] = add[i] ? 1 : in->d[j++];
  return same_type_out(args, &out);
}

TrtStatus trt_infer_expand(TrtInferArgs *args) {
  int64_t shape[TRT_MAX_DIMS];
  int n = read_int_list(args, 1, shape);
  if (n < 0) return TRT_STATUS_INVALID_ARGUMENT;
  TrtDims target = {.nb_dims = n}, out;
  for (int i = 0; i < n; i++) {
    if (shape[i] < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "negative dimension in the shape");
    target.d[i] = shape[i];
  }
  if (!trt_broadcast_dims(&args->inputs[0].dims, &target, &out))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the input does not broadcast to the shape");
  return same_type_out(args, &out);
}

TrtStatus trt_infer_tile(TrtInferArgs *args) {
  const TrtDims *in = &args->inputs[0].dims;
  int64_t reps[TRT_MAX_DIMS];
  int n = read_int_list(args, 1, reps);
  if (n < 0) return TRT_STATUS_INVALID_ARGUMENT;
  if (n != in->nb_dims)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "%d repeats for rank %d", n, in->nb_dims);
  TrtDims out = *in;
  for (int i = 0; i < n; i++) {
    if (reps[i] < 0)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "negative repeat");
    if (reps[i] > 0 && out.d[i] > INT64_MAX / reps[i])
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "dim %d overflows when repeated", i);
    out.d[i] *= reps[i];
  }
  return same_type_out(args, &out);
}

TrtStatus trt_infer_depth_to_space(TrtInferArgs *args) {
  const TrtDepthToSpaceParams *p = args->params;
  const TrtDims *in = &args->inputs[0].dims;
  int64_t b = p->block_size;
  if (in->nb_dims != 4 || b < 1)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "needs a 4-D input and block size >= 1");
  if (p->mode < TRT_DEPTH_TO_SPACE_DCR || p->mode > TRT_SPACE_TO_DEPTH)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown mode %d", p->mode);
  /* b * b below must not overflow; no real tensor has a dim of 2^31. */
  if (b > (1 << 30))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "block size %lld is too large",
                          (long long)b);
  TrtDims out = *in;
  if (p->mode == TRT_SPACE_TO_DEPTH) {
    if (in->d[2] % b || in->d[3] % b)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "height and width must divide by the block size");
    if (in->d[1] > INT64_MAX / (b * b))
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "channels overflow");
    out.d[1] = in->d[1] * b * b;
    out.d[2] = in->d[2] / b;
    out.d[3] = in->d[3] / b;
  } else {
    if (in->d[1] % (b * b))
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "channels must divide by block size squared");
    if (in->d[2] > INT64_MAX / b || in->d[3] > INT64_MAX / b)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "height or width overflows");
    out.d[1] = in->d[1] / (b * b);
    out.d[2] = in->d[2] * b;
    out.d[3] = in->d[3] * b;
  }
  return same_type_out(args, &out);
}
