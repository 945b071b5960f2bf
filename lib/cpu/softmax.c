/* CPU reference kernel: softmax and log-softmax over one axis (or, with
 * coerce_2d, over all dims from the axis on). */
#include "cpu-impl.h"

static TrtStatus run_softmax(TrtKernelArgs *args) {
  const TrtSoftmaxParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  const TrtDims *d = &in->dims;
  int rank = d->nb_dims;
  int axis = rank ? (p->axis < 0 ? p->axis + rank : p->axis) : 0;
  int64_t outer = 1, len = 1, inner = 1;
  for (int i = 0; i < axis; i++) outer *= d->d[i];
  if (p->coerce_2d) {
    for (int i = axis; i < rank; i++) len *= d->d[i];
  } else {
    len = rank ? d->d[axis] : 1;
    for (int i = axis + 1; i < rank; i++) inner *= d->d[i];
  }
  const float *x = in->data;
  float *y = args->outputs[0].data;
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t k = 0; k < inner; k++) {
      const float *xs = x + o * len * inner + k;
      float *ys = y + o * len * inner + k;
      float max = -INFINITY;
      for (int64_t i = 0; i < len; i++)
        if (xs[i * inner] > max) max = xs[i * inner];
      double sum = 0;
      for (int64_t i = 0; i < len; i++) sum += exp((double)(xs[i * inner] - max));
      if (p->log) {
        float lse = (float)log(sum) + max;
        for (int64_t i = 0; i < len; i++) ys[i * inner] = xs[i * inner] - lse;
      } else {
        for (int64_t i = 0; i < len; i++)
          ys[i * inner] = (float)(exp((double)(xs[i * inner] - max)) / sum);
      }
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_softmax = {.run = run_softmax};
