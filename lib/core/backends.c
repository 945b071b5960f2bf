/* The backend registry. */
#include "backend-impl.h"

const TrtBackend *trt_backend_get(TrtBackendKind kind) {
  switch (kind) {
  case TRT_BACKEND_CPU: return trt_backend_cpu();
  case TRT_BACKEND_CUDA: return trt_backend_cuda();
  default: return NULL;
  }
}

#ifndef TRT_HAVE_CUDA
const TrtBackend *trt_backend_cuda(void) { return NULL; }
#endif

bool trt_backend_is_available(TrtBackendKind kind, int device_id) {
  const TrtBackend *b = trt_backend_get(kind);
  return b && b->is_available(device_id, NULL, 0);
}
