/* Data types, dims and status codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/types.h>

size_t trt_data_type_size(TrtDataType type) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return 4;
  case TRT_DATA_TYPE_HALF: return 2;
  case TRT_DATA_TYPE_INT8: return 1;
  case TRT_DATA_TYPE_UINT8: return 1;
  case TRT_DATA_TYPE_INT32: return 4;
  case TRT_DATA_TYPE_INT64: return 8;
  case TRT_DATA_TYPE_BOOL: return 1;
  default: return 0;
  }
}

const char *trt_data_type_name(TrtDataType type) {
  static const char *const names[TRT_DATA_TYPE_COUNT] = {
      "float32", "float16", "int8", "uint8", "int32", "int64", "bool"};
  return (unsigned)type < TRT_DATA_TYPE_COUNT ? names[type] : "invalid";
}

int64_t trt_dims_volume(const TrtDims *dims) {
  int64_t v = 1;
  if (dims->nb_dims < 0 || dims->nb_dims > TRT_MAX_DIMS) return -1;
  for (int i = 0; i < dims->nb_dims; i++) {
    int64_t d = dims->d[i];
    if (d < 0) return -1;
    if (d != 0 && v > INT64_MAX / d) return -1;
    v *= d;
  }
  return v;
}

bool trt_dims_equal(const TrtDims *a, const TrtDims *b) {
  if (a->nb_dims != b->nb_dims) return false;
  for (int i = 0; i < a->nb_dims; i++)
    if (a->d[i] != b->d[i]) return false;
  return true;
}

char *trt_dims_format(const TrtDims *dims, char *buf, size_t size) {
  size_t used = 0;
  if (size == 0) return buf;
  buf[0] = '\0';
  if (dims->nb_dims == 0) {
    snprintf(buf, size, "scalar");
    return buf;
  }
  for (int i = 0; i < dims->nb_dims && i < TRT_MAX_DIMS && used < size; i++) {
    int n = snprintf(buf + used, size - used, i ? "x%lld" : "%lld",
                     (long long)dims->d[i]);
    if (n < 0) break;
    used += (size_t)n;
  }
  return buf;
}

bool trt_dims_parse(const char *text, TrtDims *dims) {
  TrtDims out = {0};
  const char *p = text;
  if (!text || !*text) return false;
  while (*p) {
    char *end;
    long long v = strtoll(p, &end, 10);
    if (end == p || out.nb_dims == TRT_MAX_DIMS || v < -1) return false;
    out.d[out.nb_dims++] = v;
    p = end;
    if (*p == 'x' || *p == ',' || *p == 'X') {
      p++;
      if (!*p) return false;
    } else if (*p) {
      return false;
    }
  }
  *dims = out;
  return true;
}

const char *trt_status_to_string(TrtStatus status) {
  static const char *const names[TRT_STATUS_COUNT] = {
      "ok",
      "invalid argument",
      "file error",
      "parse error",
      "unsupported",
      "shape error",
      "out of memory",
      "version mismatch",
      "device mismatch",
      "corrupt data",
      "backend error",
      "internal error"};
  return (unsigned)status < TRT_STATUS_COUNT ? names[status] : "unknown status";
}
