/* CPU reference kernel: softmax and log-softmax over one axis (or, with
 * coerce_2d, over all dims from the axis on). The maximum is subtracted
 * before exponentiating and the sum is kept in double, so large inputs
 * neither overflow nor lose the small terms. */
#include "cpu-impl.h"

static void normalize(const float *x, float *y, int64_t len, int64_t stride, bool log_softmax) {
  float max = -INFINITY;
  for (int64_t i = 0; i < len; i++)
    if (x[i * stride] > max || x[i * stride] != x[i * stride]) max = x[i * stride];
  double sum = 0;
  for (int64_t i = 0; i < len; i++) {
    double e = exp((double)x[i * stride] - max);
    sum += e;
    if (!log_softmax) y[i * stride] = (float)e;
  }
  if (log_softmax) {
    double shift = max + log(sum);
    for (int64_t i = 0; i < len; i++) y[i * stride] = (float)(x[i * stride] - shift);
  } else {
    for (int64_t i = 0; i < len; i++) y[i * stride] = (float)(y[i * stride] / sum);
  }
}

static TrtStatus run_softmax(TrtKernelArgs *args) {
  const TrtSoftmaxParams *p = args->params;
  const TrtDims *d = &args->inputs[0].dims;
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
  const float *x = args->inputs[0].data;
  float *y = args->outputs[0].data;
  for (int64_t o = 0; o < outer; o++)
    for (int64_t k = 0; k < inner; k++)
      normalize(x + o * len * inner + k, y + o * len * inner + k, len, inner, p->log);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_softmax = {.run = run_softmax};
