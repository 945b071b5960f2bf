/* Element type conversion for tensors read from files: a file may hold
 * another type than the engine's binding (float64 .npy for a float32 input,
 * int32 indices for an int64 one). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"

static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0x1f) { /* Inf, NaN */
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else { /* subnormal: value is mantissa * 2^-24 */
    float f = (float)mantissa * 0x1p-24f;
    return sign ? -f : f;
  }
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/* Round to nearest even, overflow to Inf, NaN kept NaN. */
static uint16_t float_to_half(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  uint16_t sign = (uint16_t)((bits >> 16) & 0x8000u);
  float a = fabsf(f);
  if (isnan(f)) return sign | 0x7e00u;
  if (a >= 65520.0f) return sign | 0x7c00u; /* rounds past the largest half */
  if (a < 0x1p-14f) { /* subnormal half: multiples of 2^-24 */
    float q = nearbyintf(a * 0x1p24f);
    return sign | (uint16_t)q;
  }
  uint32_t abits = bits & 0x7fffffffu;
  uint32_t exponent = (abits >> 23) - 112u;
  uint32_t mantissa = abits & 0x7fffffu;
  uint32_t h = (exponent << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) h++; /* may carry into the exponent */
  return sign | (uint16_t)h;
}

double cli_element_as_double(TrtDataType type, const void *data, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return ((const float *)data)[i];
  case TRT_DATA_TYPE_HALF: return half_to_float(((const uint16_t *)data)[i]);
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8: return ((const uint8_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  case TRT_DATA_TYPE_INT64: return (double)((const int64_t *)data)[i];
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i] != 0;
  default: return NAN;
  }
}

static bool is_integer_type(TrtDataType t) {
  return t == TRT_DATA_TYPE_INT8 || t == TRT_DATA_TYPE_UINT8 ||
         t == TRT_DATA_TYPE_INT32 || t == TRT_DATA_TYPE_INT64 ||
         t == TRT_DATA_TYPE_BOOL;
}

static int64_t element_as_int64(TrtDataType type, const void *data, int64_t i) {
  return type == TRT_DATA_TYPE_INT64 ? ((const int64_t *)data)[i]
                                     : (int64_t)cli_element_as_double(type, data, i);
}

/* Float to integer: toward zero, clamped to int64, NaN -> 0 (store_int
 * then clamps to the narrower types). */
static int64_t double_to_int64(double v) {
  if (isnan(v)) return 0;
  if (v >= 0x1p63) return INT64_MAX;
  if (v <= -0x1p63) return INT64_MIN;
  return (int64_t)v;
}

static void store_int(TrtDataType type, void *data, int64_t i, int64_t v) {
  switch (type) {
  case TRT_DATA_TYPE_INT8:
    ((int8_t *)data)[i] = (int8_t)(v < INT8_MIN ? INT8_MIN : v > INT8_MAX ? INT8_MAX : v);
    break;
  case TRT_DATA_TYPE_UINT8:
    ((uint8_t *)data)[i] = (uint8_t)(v < 0 ? 0 : v > UINT8_MAX ? UINT8_MAX : v);
    break;
  case TRT_DATA_TYPE_INT32:
    ((int32_t *)data)[i] =
        (int32_t)(v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v);
    break;
  case TRT_DATA_TYPE_INT64: ((int64_t *)data)[i] = v; break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)data)[i] = v != 0; break;
  default: break;
  }
}

static void store_double(TrtDataType type, void *data, int64_t i, double v) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: ((float *)data)[i] = (float)v; break;
  case TRT_DATA_TYPE_HALF: ((uint16_t *)data)[i] = float_to_half((float)v); break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)data)[i] = v != 0; break;
  default: store_int(type, data, i, double_to_int64(v)); break;
  }
}

void cli_convert_elements(TrtDataType from, const void *src, TrtDataType to,
                          void *dst, int64_t count) {
  if (from == to) {
    memcpy(dst, src, (size_t)count * trt_data_type_size(to));
    return;
  }
  /* Integers go through int64 so that large int64 values stay exact. */
  bool integral = is_integer_type(from) && is_integer_type(to);
  for (int64_t i = 0; i < count; i++) {
    if (integral)
      store_int(to, dst, i, element_as_int64(from, src, i));
    else
      store_double(to, dst, i, cli_element_as_double(from, src, i));
  }
}
