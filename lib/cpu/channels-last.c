/* Channels-last tensors on the CPU (see core/passes/cpu-channels-last.c).
 * oneDNN kernels read them as they are; the reference kernels, which
 * compute channels-first, run on planar copies in their workspace. */
#include <string.h>

#include "strided-copy.h"

#define MAX_OPERANDS 8
#define ALIGN 64

static size_t aligned(size_t n) { return (n + ALIGN - 1) / ALIGN * ALIGN; }

static size_t view_bytes(const TrtTensorView *v) {
  int64_t n = trt_dims_volume(&v->dims);
  return n > 0 ? (size_t)n * trt_data_type_size(v->type) : 0;
}

bool trt_cpu_any_channels_last(const TrtKernelArgs *args) {
  for (int i = 0; i < args->nb_inputs; i++)
    if (args->inputs[i].present && args->inputs[i].channels_last) return true;
  for (int i = 0; i < args->nb_outputs; i++)
    if (args->outputs[i].channels_last) return true;
  return false;
}

size_t trt_cpu_planar_workspace(const TrtKernelArgs *args, size_t own) {
  size_t total = aligned(own);
  for (int i = 0; i < args->nb_inputs; i++)
    if (args->inputs[i].present && args->inputs[i].channels_last)
      total += aligned(view_bytes(&args->inputs[i]));
  for (int i = 0; i < args->nb_outputs; i++)
    if (args->outputs[i].channels_last) total += aligned(view_bytes(&args->outputs[i]));
  return total;
}

bool trt_cpu_storage_order(const TrtTensorView *v, int *order) {
  int r = v->dims.nb_dims, n = 0;
  bool last = v->channels_last && r >= 3;
  if (!last) {
    for (int i = 0; i < r; i++) order[i] = i;
    return false;
  }
  order[n++] = 0;
  order[n++] = r - 2;
  order[n++] = r - 1;
  for (int i = 1; i < r - 2; i++) order[n++] = i;
  return true;
}

void trt_cpu_storage_strides(const TrtTensorView *v, int64_t *strides) {
  int order[TRT_MAX_DIMS];
  trt_cpu_storage_order(v, order);
  int64_t s = 1;
  for (int j = v->dims.nb_dims - 1; j >= 0; j--) {
    strides[order[j]] = s;
    s *= v->dims.d[order[j]];
  }
}

/* Copies a channels-last view's elements into planar order or back. */
static void transpose(const TrtTensorView *v, const void *src, void *dst, bool to_planar) {
  int r = v->dims.nb_dims, order[TRT_MAX_DIMS];
  int64_t dims[TRT_MAX_DIMS], strides[TRT_MAX_DIMS], stored[TRT_MAX_DIMS];
  trt_cpu_storage_order(v, order);
  trt_cpu_storage_strides(v, stored);
  if (to_planar) { /* planar output, read through the stored strides */
    trt_cpu_copy_strided(dst, src, v->dims.d, stored, r, trt_data_type_size(v->type));
    return;
  }
  int64_t planar[TRT_MAX_DIMS];
  trt_cpu_strides(&v->dims, planar);
  for (int j = 0; j < r; j++) { /* stored output, read through planar strides */
    dims[j] = v->dims.d[order[j]];
    strides[j] = planar[order[j]];
  }
  trt_cpu_copy_strided(dst, src, dims, strides, r, trt_data_type_size(v->type));
}

void trt_cpu_copy_view(const TrtTensorView *from, const TrtTensorView *to) {
  if (from->channels_last == to->channels_last)
    memcpy(to->data, from->data, view_bytes(from));
  else if (from->channels_last)
    transpose(from, from->data, to->data, true);
  else
    transpose(to, from->data, to->data, false);
}

TrtStatus trt_cpu_run_planar(TrtKernelArgs *args, size_t own, TrtStatus (*run)(TrtKernelArgs *)) {
  if (args->nb_inputs > MAX_OPERANDS || args->nb_outputs > MAX_OPERANDS)
    return trt_cpu_fail(args, TRT_STATUS_INTERNAL_ERROR, "too many channels-last operands");
  TrtTensorView inputs[MAX_OPERANDS], outputs[MAX_OPERANDS];
  TrtKernelArgs planar = *args;
  planar.inputs = inputs;
  planar.outputs = outputs;
  uint8_t *free_space = (uint8_t *)args->workspace + aligned(own);
  for (int i = 0; i < args->nb_inputs; i++) {
    inputs[i] = args->inputs[i];
    if (!inputs[i].present || !inputs[i].channels_last) continue;
    inputs[i].data = free_space;
    inputs[i].channels_last = false;
    free_space += aligned(view_bytes(&inputs[i]));
    transpose(&args->inputs[i], args->inputs[i].data, inputs[i].data, true);
  }
  for (int i = 0; i < args->nb_outputs; i++) {
    outputs[i] = args->outputs[i];
    if (!outputs[i].channels_last) continue;
    outputs[i].data = free_space;
    outputs[i].channels_last = false;
    free_space += aligned(view_bytes(&outputs[i]));
  }
  TrtStatus s = run(&planar);
  for (int i = 0; s == TRT_STATUS_OK && i < args->nb_outputs; i++)
    if (args->outputs[i].channels_last)
      transpose(&args->outputs[i], outputs[i].data, args->outputs[i].data, false);
  return s;
}
