/* CPU reference kernels: softmax. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_softmax(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_softmax = {.run = run_softmax};

