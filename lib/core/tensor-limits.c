/* Limits on what the library allocates for one tensor; see tensor-limits.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "tensor-limits.h"

uint64_t trt_max_tensor_bytes(void) {
  const char *text = getenv(TRT_MAX_TENSOR_BYTES_ENV);
  if (!text || !*text || !isdigit((unsigned char)*text)) return TRT_MAX_TENSOR_BYTES_DEFAULT;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(text, &end, 10);
  int shift = 0;
  switch (toupper((unsigned char)*end)) {
  case 'K': shift = 10; end++; break;
  case 'M': shift = 20; end++; break;
  case 'G': shift = 30; end++; break;
  case 'T': shift = 40; end++; break;
  default: break;
  }
  if (errno || *end || n == 0) return TRT_MAX_TENSOR_BYTES_DEFAULT;
  if (n > (UINT64_MAX >> shift)) return UINT64_MAX;
  return (uint64_t)n << shift;
}

bool trt_tensor_bytes(const TrtDims *dims, TrtDataType type, uint64_t *bytes) {
  int64_t count = trt_dims_volume(dims);
  uint64_t elem = trt_data_type_size(type);
  if (count < 0 || elem == 0 || (uint64_t)count > UINT64_MAX / elem) return false;
  *bytes = (uint64_t)count * elem;
  return true;
}

bool trt_tensor_within_budget(const TrtDims *dims, TrtDataType type, uint64_t *bytes) {
  if (!trt_tensor_bytes(dims, type, bytes)) {
    *bytes = UINT64_MAX;
    return false;
  }
  return *bytes <= trt_max_tensor_bytes();
}
