/* CUDA kernel: slice (ONNX Slice: starts, ends, axes?, steps?; negative
 * values count from the end, out-of-range values are clamped, negative
 * steps walk backwards), as one strided copy. The bounds are shape values,
 * known before running. */
#include "shuffle.cuh"

static bool read_values(const TrtTensorView *t, int64_t *out, int max, int *count) {
  if (!t->host_value) return false;
  int64_t n = trt_cuda_volume(t->dims);
  if (n > max) return false;
  for (int64_t i = 0; i < n; i++)
    out[i] = t->type == TRT_DATA_TYPE_INT32 ? ((const int32_t *)t->host_value)[i]
                                            : ((const int64_t *)t->host_value)[i];
  *count = (int)n;
  return true;
}

static const TrtTensorView *optional_input(const TrtKernelArgs *args, int i) {
  return i < args->nb_inputs && args->inputs[i].present ? &args->inputs[i] : NULL;
}

static TrtStatus run_slice(TrtKernelArgs *args) {
  const TrtTensorView *x = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int rank = x->dims.nb_dims;
  int64_t starts[TRT_MAX_DIMS], ends[TRT_MAX_DIMS], axes[TRT_MAX_DIMS], steps[TRT_MAX_DIMS];
  int n = 0, n_ends = 0, n_axes = 0, n_steps = 0;
  const TrtTensorView *axes_in = optional_input(args, 3), *steps_in = optional_input(args, 4);
  if (!read_values(&args->inputs[1], starts, TRT_MAX_DIMS, &n) ||
      !read_values(&args->inputs[2], ends, TRT_MAX_DIMS, &n_ends) ||
      (axes_in && !read_values(axes_in, axes, TRT_MAX_DIMS, &n_axes)) ||
      (steps_in && !read_values(steps_in, steps, TRT_MAX_DIMS, &n_steps)))
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "the slice bounds are not known before running");
  if (n_ends != n || (axes_in && n_axes != n) || (steps_in && n_steps != n))
    return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "starts, ends, axes and steps differ in length");
  int64_t begin[TRT_MAX_DIMS] = {0}, step[TRT_MAX_DIMS];
  for (int d = 0; d < rank; d++) step[d] = 1;
  for (int i = 0; i < n; i++) {
    int64_t axis = axes_in ? axes[i] : i;
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank)
      return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range",
                           (long long)(axes_in ? axes[i] : i));
    int64_t dim = x->dims.d[axis], s = starts[i], st = steps_in ? steps[i] : 1;
    if (st == 0) return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "a step is 0");
    if (s < 0) s += dim;
    if (st > 0)
      s = s < 0 ? 0 : (s > dim ? dim : s);
    else
      s = s < 0 ? 0 : (s > dim - 1 ? dim - 1 : s);
    begin[axis] = s;
    step[axis] = st;
  }
  int64_t own[TRT_MAX_DIMS], strides[TRT_MAX_DIMS], offset = 0;
  trt_cuda_strides(x->dims, own);
  for (int d = 0; d < rank; d++) {
    strides[d] = own[d] * step[d];
    if (out->dims.d[d] > 0) offset += begin[d] * own[d];
  }
  size_t es = trt_data_type_size(x->type);
  return trt_cuda_strided_copy(args, out->data, (const uint8_t *)x->data + offset * (int64_t)es,
                               out->dims, strides, es);
}

extern "C" const TrtKernel trt_cuda_slice = {NULL, run_slice, NULL};
