/* CPU reference kernel: slice, any type: a strided view of the input
 * (negative steps walk backwards) resolved at prepare from the starts,
 * ends, axes and steps known at build (movement.h). */
#include <stdlib.h>

#include "../core/ops/movement.h"
#include "strided-copy.h"

/* Input i's values, which shape inference required to be known. */
static int read_input(const TrtKernelArgs *args, int i, int64_t *out) {
  const TrtTensorView *v = &args->inputs[i];
  return trt_values_read_i64(v->type, &v->dims, v->host_value, out, TRT_MAX_DIMS);
}

static TrtStatus prepare_slice(TrtKernelArgs *args) {
  int64_t starts[TRT_MAX_DIMS], ends[TRT_MAX_DIMS], axes[TRT_MAX_DIMS], steps[TRT_MAX_DIMS];
  bool has_axes = args->nb_inputs > 3 && args->inputs[3].present;
  bool has_steps = args->nb_inputs > 4 && args->inputs[4].present;
  int n = read_input(args, 1, starts);
  if (n < 0 || read_input(args, 2, ends) != n || (has_axes && read_input(args, 3, axes) != n) ||
      (has_steps && read_input(args, 4, steps) != n))
    return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED,
                        "starts, ends, axes and steps must be known at build, as many each");
  TrtSliceRegion *region = malloc(sizeof *region);
  if (!region) return TRT_STATUS_OUT_OF_MEMORY;
  char why[160];
  if (!trt_slice_resolve(&args->inputs[0].dims, n, starts, ends, has_axes ? axes : NULL,
                         has_steps ? steps : NULL, region, why, sizeof why)) {
    free(region);
    return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%s", why);
  }
  args->state = region;
  return TRT_STATUS_OK;
}

static void release_slice(TrtKernelArgs *args) {
  free(args->state);
  args->state = NULL;
}

static TrtStatus run_slice(TrtKernelArgs *args) {
  const TrtSliceRegion *r = args->state;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int rank = in->dims.nb_dims;
  size_t es = trt_data_type_size(in->type);
  if (trt_dims_volume(&out->dims) == 0) return TRT_STATUS_OK;
  int64_t own[TRT_MAX_DIMS], strides[TRT_MAX_DIMS], base = 0;
  trt_cpu_strides(&in->dims, own);
  for (int d = 0; d < rank; d++) {
    base += r->start[d] * own[d];
    /* With one element the step may be huge (INT64_MAX): it is unused. */
    strides[d] = out->dims.d[d] > 1 ? r->step[d] * own[d] : 0;
  }
  trt_cpu_copy_strided(out->data, (const uint8_t *)in->data + base * (int64_t)es,
                       out->dims.d, strides, rank, es);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_slice = {.prepare = prepare_slice, .run = run_slice,
                                 .release = release_slice};
