/* Exact element access for integer and bool tensors, for the kernels that
 * compute integers in int64 rather than through double (which rounds int64
 * values beyond 2^53). */
#ifndef TRT_CPU_INT_ACCESS_H
#define TRT_CPU_INT_ACCESS_H

#include "cpu-impl.h"

static inline bool trt_cpu_is_float(TrtDataType t) {
  return t == TRT_DATA_TYPE_FLOAT || t == TRT_DATA_TYPE_HALF;
}

/* Element i of an INT8/UINT8/INT32/INT64/BOOL tensor. */
static inline int64_t trt_cpu_load_int(const void *data, TrtDataType type, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8: return ((const uint8_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  case TRT_DATA_TYPE_INT64: return ((const int64_t *)data)[i];
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i] != 0;
  default: return 0;
  }
}

/* Stores the low bits, as a C conversion to a narrower type does (bool:
 * v != 0). */
static inline void trt_cpu_store_int(void *data, TrtDataType type, int64_t i, int64_t v) {
  switch (type) {
  case TRT_DATA_TYPE_INT8: ((int8_t *)data)[i] = (int8_t)(uint8_t)v; break;
  case TRT_DATA_TYPE_UINT8: ((uint8_t *)data)[i] = (uint8_t)v; break;
  case TRT_DATA_TYPE_INT32: ((int32_t *)data)[i] = (int32_t)(uint32_t)v; break;
  case TRT_DATA_TYPE_INT64: ((int64_t *)data)[i] = v; break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)data)[i] = v != 0; break;
  default: break;
  }
}

#endif
