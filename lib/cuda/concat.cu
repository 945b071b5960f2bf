/* CUDA kernels: concat and split, as strided copies of each part into or
 * out of its place along the axis. Channels-last tensors (all parts alike)
 * are concatenated in their stored order. */
#include "shuffle.cuh"

/* Dims in storage order: N,C,H,W -> N,H,W,C when channels-last. */
static TrtDims stored_dims(const TrtTensorView *t) {
  if (!t->channels_last) return t->dims;
  const int64_t *d = t->dims.d;
  return TrtDims{4, {d[0], d[2], d[3], d[1]}};
}

static TrtStatus run_concat(TrtKernelArgs *args) {
  const TrtAxisParams *p = (const TrtAxisParams *)args->params;
  TrtTensorView *out = &args->outputs[0];
  int axis = trt_cuda_axis(p->axis, out->dims.nb_dims);
  if (out->channels_last) axis = axis == 0 ? 0 : axis == 1 ? 3 : axis - 1;
  for (int i = 0; i < args->nb_inputs; i++)
    if (args->inputs[i].channels_last != out->channels_last)
      return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "inputs of different layouts");
  size_t es = trt_data_type_size(out->type);
  TrtDims out_dims = stored_dims(out);
  int64_t out_strides[TRT_MAX_DIMS], offset = 0;
  trt_cuda_strides(out_dims, out_strides);
  for (int i = 0; i < args->nb_inputs; i++) {
    const TrtTensorView *in = &args->inputs[i];
    TrtDims in_dims = stored_dims(in);
    int64_t in_strides[TRT_MAX_DIMS];
    trt_cuda_strides(in_dims, in_strides);
    TrtStatus s = trt_cuda_copy_strided(
        args, (uint8_t *)out->data + (size_t)(offset * out_strides[axis]) * es, out_strides,
        in->data, in_strides, in_dims, es);
    if (s != TRT_STATUS_OK) return s;
    offset += in_dims.d[axis];
  }
  return TRT_STATUS_OK;
}
extern "C" const TrtKernel trt_cuda_concat = {NULL, run_concat, NULL};

static TrtStatus run_split(TrtKernelArgs *args) {
  const TrtAxisParams *p = (const TrtAxisParams *)args->params;
  const TrtTensorView *in = &args->inputs[0];
  int axis = trt_cuda_axis(p->axis, in->dims.nb_dims);
  size_t es = trt_data_type_size(in->type);
  int64_t in_strides[TRT_MAX_DIMS], offset = 0;
  trt_cuda_strides(in->dims, in_strides);
  for (int i = 0; i < args->nb_outputs; i++) {
    TrtTensorView *out = &args->outputs[i];
    TrtStatus s = trt_cuda_strided_copy(
        args, out->data, (const uint8_t *)in->data + (size_t)(offset * in_strides[axis]) * es,
        out->dims, in_strides, es);
    if (s != TRT_STATUS_OK) return s;
    offset += out->dims.d[axis];
  }
  return TRT_STATUS_OK;
}
extern "C" const TrtKernel trt_cuda_split = {NULL, run_split, NULL};
