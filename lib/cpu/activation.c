/* CPU kernel: activation. The reference does float32 through
 * trt_cpu_activate, and Relu and Clip on integer tensors exactly in int64
 * (Clip's bounds rounded inward to integers); oneDNN takes float32 when it
 * has the activation (see dnnl/dnnl-kernels.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cpu-impl.h"
#include "dnnl/dnnl-kernels.h"
#include "int-access.h"

/* Float bound -> int64, saturating; NaN is rejected by shape inference. */
static int64_t int_bound(double v, bool lower) {
  v = lower ? ceil(v) : floor(v);
  if (v <= -9223372036854775808.0) return INT64_MIN;
  if (v >= 9223372036854775807.0) return INT64_MAX;
  return (int64_t)v;
}

static void activate_int(const TrtTensorView *in, void *y, int64_t n,
                         const TrtActivationParams *act) {
  int64_t lo = 0, hi = INT64_MAX;
  if (act->type == TRT_ACTIVATION_CLIP) {
    lo = int_bound(act->alpha, true);
    hi = int_bound(act->beta, false);
  } else if (act->type == TRT_ACTIVATION_NONE) {
    lo = INT64_MIN;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t v = trt_cpu_load_int(in->data, in->type, i);
    v = v < lo ? lo : v;
    trt_cpu_store_int(y, in->type, i, v > hi ? hi : v);
  }
}

static TrtStatus prepare_activation(TrtKernelArgs *args) {
  TrtDnnlOp *op;
  TrtStatus s = trt_dnnl_activation_prepare(args, &op);
  args->state = op;
  if (s == TRT_STATUS_OK && !op) snprintf(args->tactic, sizeof args->tactic, "reference");
  return s;
}

static void release_activation(TrtKernelArgs *args) {
  trt_dnnl_op_free(args->state);
  args->state = NULL;
}

static TrtStatus run_activation(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  if (args->state) return trt_dnnl_op_run(args->state, args);
  int64_t n = trt_dims_volume(&in->dims);
  void *y = args->outputs[0].data;
  if (in->type != TRT_DATA_TYPE_FLOAT) {
    activate_int(in, y, n, args->params);
    return TRT_STATUS_OK;
  }
  if (y != in->data) memcpy(y, in->data, (size_t)n * sizeof(float));
  trt_cpu_activate_array(y, n, args->params);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_activation = {.prepare = prepare_activation, .run = run_activation,
                                      .release = release_activation};
