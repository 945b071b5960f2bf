/* CPU reference kernels: topk. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_topk(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_topk = {.run = run_topk};

