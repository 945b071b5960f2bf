/* ONNX TensorProto <-> host tensors: element types, the typed fields,
 * raw_data, external data files, and the .pb files of ONNX test data sets.
 * Bytes are little-endian, as ONNX stores raw_data.
 *
 * The engine computes floating point in float32: DOUBLE, FLOAT16 and
 * BFLOAT16 values are widened (or, for DOUBLE, rounded) to float32 when they
 * are read. Integer types without a counterpart are widened too: INT16 and
 * UINT16 to int32, UINT32 and UINT64 to int64 (UINT64 values above INT64_MAX
 * wrap). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util.h"
#include "onnx-importer.h"

bool onnx_map_type(int32_t onnx_type, TrtDataType *out) {
  switch (onnx_type) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16: *out = TRT_DATA_TYPE_FLOAT; return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT8: *out = TRT_DATA_TYPE_INT8; return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8: *out = TRT_DATA_TYPE_UINT8; return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT32: *out = TRT_DATA_TYPE_INT32; return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64: *out = TRT_DATA_TYPE_INT64; return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL: *out = TRT_DATA_TYPE_BOOL; return true;
  default: return false;
  }
}

const char *onnx_type_name(int32_t onnx_type) {
  static const char *const names[] = {
      "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16",
      "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE",
      "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
  if (onnx_type >= 0 && onnx_type < (int32_t)(sizeof names / sizeof *names))
    return names[onnx_type];
  return "unknown";
}

static int32_t onnx_type_of(TrtDataType type) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  case TRT_DATA_TYPE_HALF: return ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16;
  case TRT_DATA_TYPE_INT8: return ONNX__TENSOR_PROTO__DATA_TYPE__INT8;
  case TRT_DATA_TYPE_UINT8: return ONNX__TENSOR_PROTO__DATA_TYPE__UINT8;
  case TRT_DATA_TYPE_INT32: return ONNX__TENSOR_PROTO__DATA_TYPE__INT32;
  case TRT_DATA_TYPE_INT64: return ONNX__TENSOR_PROTO__DATA_TYPE__INT64;
  case TRT_DATA_TYPE_BOOL: return ONNX__TENSOR_PROTO__DATA_TYPE__BOOL;
  default: return ONNX__TENSOR_PROTO__DATA_TYPE__UNDEFINED;
  }
}

void trt_host_tensor_free(TrtHostTensor *t) {
  if (!t) return;
  free(t->name);
  free(t->data);
  memset(t, 0, sizeof *t);
}

/* A location must stay inside the model's folder. */
static bool safe_location(const char *loc) {
  if (!*loc || loc[0] == '/') return false;
  for (const char *p = loc; *p;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.') return false;
    p += n + (slash != NULL);
  }
  return true;
}

/* Reads `length` bytes at `offset` of an external data file (length < 0:
 * to the end). */
static void *read_external(const Onnx__TensorProto *proto, const char *base_dir,
                           const char *file, const char *what, TrtLogger *logger,
                           size_t *size) {
  const char *location = NULL;
  long long offset = 0, length = -1;
  for (size_t i = 0; i < proto->n_external_data; i++) {
    const Onnx__StringStringEntryProto *e = proto->external_data[i];
    if (!e->key || !e->value) continue;
    char *end;
    if (!strcmp(e->key, "location")) {
      location = e->value;
    } else if (!strcmp(e->key, "offset")) {
      offset = strtoll(e->value, &end, 10);
      if (*end || offset < 0) offset = -1;
    } else if (!strcmp(e->key, "length")) {
      length = strtoll(e->value, &end, 10);
      if (*end || length < 0) length = -2;
    }
  }
  if (!location) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s: external data without a location",
            file, what);
    return NULL;
  }
  if (!base_dir) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: %s: external data '%s' needs the model's folder (parse the file, "
            "or give base_dir)", file, what, location);
    return NULL;
  }
  if (!safe_location(location) || offset < 0 || length == -2) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: %s: invalid external data reference (location '%s', offset, length)",
            file, what, location);
    return NULL;
  }
  size_t plen = strlen(base_dir) + strlen(location) + 2;
  char *path = malloc(plen);
  if (!path) return NULL;
  snprintf(path, plen, "%s/%s", base_dir, location);
  FILE *f = fopen(path, "rb");
  void *data = NULL;
  if (!f) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s: cannot open external data file '%s'",
            file, what, path);
    goto done;
  }
  if (fseek(f, 0, SEEK_END) != 0) goto read_error;
  long long file_size = ftell(f);
  if (file_size < 0) goto read_error;
  if (length < 0) length = file_size - offset;
  if (offset > file_size || length > file_size - offset) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: %s: external data file '%s' has %lld bytes, the tensor needs %lld "
            "at offset %lld", file, what, path, file_size, length, offset);
    goto done;
  }
  data = malloc(length ? (size_t)length : 1);
  if (!data) goto done;
  if (fseek(f, (long)offset, SEEK_SET) != 0 ||
      fread(data, 1, (size_t)length, f) != (size_t)length) {
    free(data);
    data = NULL;
    goto read_error;
  }
  *size = (size_t)length;
  goto done;
read_error:
  trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s: cannot read external data file '%s'",
          file, what, path);
done:
  if (f) fclose(f);
  free(path);
  return data;
}

/* Size in bytes of one element as ONNX stores it in raw_data. */
static size_t onnx_raw_size(int32_t t) {
  switch (t) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE: return 8;
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16: return 2;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32: return 4;
  default: {
    TrtDataType m;
    return onnx_map_type(t, &m) ? trt_data_type_size(m) : 0;
  }
  }
}

/* A 16-bit float of ONNX (FLOAT16 or BFLOAT16 bits) as float32. */
static float widen16(int32_t onnx_type, uint16_t bits) {
  if (onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16) return trt_half_to_float(bits);
  uint32_t u = (uint32_t)bits << 16;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

/* Narrow integers from raw_data into the wider engine type. */
static void widen_int(int32_t onnx_type, const uint8_t *raw, int64_t n, void *out) {
  for (int64_t i = 0; i < n; i++) {
    if (onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__UINT32) {
      uint32_t v;
      memcpy(&v, raw + i * 4, 4);
      ((int64_t *)out)[i] = v;
    } else {
      uint16_t v;
      memcpy(&v, raw + i * 2, 2);
      ((int32_t *)out)[i] = onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__INT16 ? (int16_t)v : v;
    }
  }
}

static bool is_float16(int32_t onnx_type) {
  return onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16 ||
         onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16;
}

/* How many values the typed field that ONNX uses for `onnx_type` holds. */
static size_t typed_count(const Onnx__TensorProto *p, int32_t onnx_type) {
  switch (onnx_type) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT: return p->n_float_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE: return p->n_double_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64: return p->n_int64_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64: return p->n_uint64_data;
  default: return p->n_int32_data;
  }
}

/* Fills `out` (already sized for n elements of `type`) from the typed field
 * that ONNX uses for `onnx_type`; false when that field has not n values. */
static bool copy_typed(const Onnx__TensorProto *p, int32_t onnx_type,
                       TrtDataType type, int64_t n, void *out) {
  switch (onnx_type) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
    if ((int64_t)p->n_float_data != n) return false;
    memcpy(out, p->float_data, (size_t)n * sizeof(float));
    return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
    if ((int64_t)p->n_double_data != n) return false;
    for (int64_t i = 0; i < n; i++) ((float *)out)[i] = (float)p->double_data[i];
    return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    if ((int64_t)p->n_int64_data != n) return false;
    memcpy(out, p->int64_data, (size_t)n * sizeof(int64_t));
    return true;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    if ((int64_t)p->n_uint64_data != n) return false;
    for (int64_t i = 0; i < n; i++) ((int64_t *)out)[i] = (int64_t)p->uint64_data[i];
    return true;
  default:
    /* INT32, INT8, UINT8, BOOL and the 16-bit floats (as bits) live in
     * int32_data. */
    if ((int64_t)p->n_int32_data != n) return false;
    for (int64_t i = 0; i < n; i++) {
      int32_t v = p->int32_data[i];
      if (is_float16(onnx_type)) {
        ((float *)out)[i] = widen16(onnx_type, (uint16_t)v);
        continue;
      }
      switch (type) {
      case TRT_DATA_TYPE_INT32: ((int32_t *)out)[i] = v; break;
      case TRT_DATA_TYPE_BOOL: ((uint8_t *)out)[i] = v != 0; break;
      default: ((uint8_t *)out)[i] = (uint8_t)v; break;
      }
    }
    return true;
  }
}

TrtStatus onnx_decode_tensor(const Onnx__TensorProto *p, const char *base_dir,
                             const char *file, const char *what,
                             TrtLogger *logger, TrtHostTensor *out) {
  memset(out, 0, sizeof *out);
  int32_t onnx_type = p->has_data_type ? p->data_type : 0;
  TrtDataType type;
  if (!onnx_map_type(onnx_type, &type)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s has element type %s, which trtinfer "
            "does not support", file, what, onnx_type_name(onnx_type));
    return TRT_STATUS_UNSUPPORTED;
  }
  if (p->n_dims > TRT_MAX_DIMS) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s has %zu dims (at most %d supported)",
            file, what, p->n_dims, TRT_MAX_DIMS);
    return TRT_STATUS_UNSUPPORTED;
  }
  out->type = type;
  out->dims.nb_dims = (int32_t)p->n_dims;
  for (size_t i = 0; i < p->n_dims; i++) {
    if (p->dims[i] < 0) {
      trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s has a negative dim", file, what);
      return TRT_STATUS_PARSE_ERROR;
    }
    out->dims.d[i] = p->dims[i];
  }
  int64_t n = trt_dims_volume(&out->dims);
  size_t elem = trt_data_type_size(type), raw_elem = onnx_raw_size(onnx_type);
  if (n < 0 || (uint64_t)n > SIZE_MAX / 8) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: %s: its dims overflow", file, what);
    return TRT_STATUS_PARSE_ERROR;
  }
  out->name = trt_strdup(p->name ? p->name : "");
  if (!out->name) return TRT_STATUS_OUT_OF_MEMORY;

  const uint8_t *raw = NULL;
  size_t raw_size = 0;
  void *external = NULL;
  bool is_external = p->has_data_location &&
                     p->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
  if (is_external) {
    external = read_external(p, base_dir, file, what, logger, &raw_size);
    if (!external) {
      trt_host_tensor_free(out);
      return TRT_STATUS_FILE_ERROR;
    }
    raw = external;
  } else if (p->has_raw_data) {
    raw = p->raw_data.data;
    raw_size = p->raw_data.len;
  }
  /* The data must be there before the tensor is allocated: the dims alone
   * may ask for any size. */
  bool fits = raw || is_external ? raw_size == (size_t)n * raw_elem
                                 : n == 0 || typed_count(p, onnx_type) == (size_t)n;
  if (!fits) {
    if (raw || is_external)
      trt_log(logger, TRT_SEVERITY_ERROR,
              "%s: %s: %zu bytes of data for %lld elements of %s", file, what,
              raw_size, (long long)n, onnx_type_name(onnx_type));
    else
      trt_log(logger, TRT_SEVERITY_ERROR,
              "%s: %s: the number of values does not match its dims (%lld elements)",
              file, what, (long long)n);
    free(external);
    trt_host_tensor_free(out);
    return TRT_STATUS_PARSE_ERROR;
  }
  out->size = (size_t)n * elem;
  out->data = malloc(out->size ? out->size : 1);
  if (!out->data) {
    free(external);
    trt_host_tensor_free(out);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  TrtStatus status = TRT_STATUS_OK;
  if (raw || is_external) {
    if (onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE) {
      for (int64_t i = 0; i < n; i++) {
        double d;
        memcpy(&d, raw + i * 8, 8);
        ((float *)out->data)[i] = (float)d;
      }
    } else if (is_float16(onnx_type)) {
      for (int64_t i = 0; i < n; i++) {
        uint16_t bits;
        memcpy(&bits, raw + i * 2, 2);
        ((float *)out->data)[i] = widen16(onnx_type, bits);
      }
    } else if (onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__INT16 ||
               onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__UINT16 ||
               onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__UINT32) {
      widen_int(onnx_type, raw, n, out->data);
    } else if (type == TRT_DATA_TYPE_BOOL) {
      for (int64_t i = 0; i < n; i++) ((uint8_t *)out->data)[i] = raw[i] != 0;
    } else if (out->size) {
      memcpy(out->data, raw, out->size);
    }
  } else if (n > 0 && !copy_typed(p, onnx_type, type, n, out->data)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: %s: the number of values does not match its dims (%lld elements)",
            file, what, (long long)n);
    status = TRT_STATUS_PARSE_ERROR;
  }
  free(external);
  if (status != TRT_STATUS_OK) trt_host_tensor_free(out);
  return status;
}

TrtStatus trt_onnx_read_tensor(const void *data, size_t size, TrtHostTensor *out,
                               TrtLogger *logger) {
  if (!out) return TRT_STATUS_INVALID_ARGUMENT;
  memset(out, 0, sizeof *out);
  if (!data) return TRT_STATUS_INVALID_ARGUMENT;
  Onnx__TensorProto *p = onnx__tensor_proto__unpack(NULL, size, data);
  if (!p) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "<memory>: not a serialized onnx.TensorProto (%zu bytes)", size);
    return TRT_STATUS_PARSE_ERROR;
  }
  TrtStatus s = onnx_decode_tensor(p, NULL, "<memory>", "tensor", logger, out);
  onnx__tensor_proto__free_unpacked(p, NULL);
  return s;
}

TrtStatus trt_onnx_read_tensor_file(const char *path, TrtHostTensor *out,
                                    TrtLogger *logger) {
  if (!out) return TRT_STATUS_INVALID_ARGUMENT;
  memset(out, 0, sizeof *out);
  if (!path) return TRT_STATUS_INVALID_ARGUMENT;
  size_t size = 0;
  void *bytes = trt_read_file(path, &size);
  if (!bytes) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot read the file", path);
    return TRT_STATUS_FILE_ERROR;
  }
  Onnx__TensorProto *p = onnx__tensor_proto__unpack(NULL, size, bytes);
  TrtStatus s;
  if (!p) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: not a serialized onnx.TensorProto (%zu bytes)", path, size);
    s = TRT_STATUS_PARSE_ERROR;
  } else {
    /* Data of a test tensor may be external too, next to the file. */
    char *dir = trt_strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash) *slash = '\0';
    s = dir ? onnx_decode_tensor(p, slash ? dir : ".", path, "tensor", logger, out)
            : TRT_STATUS_OUT_OF_MEMORY;
    free(dir);
    onnx__tensor_proto__free_unpacked(p, NULL);
  }
  free(bytes);
  return s;
}

TrtStatus trt_onnx_write_tensor_file(const char *path, const TrtHostTensor *t,
                                     TrtLogger *logger) {
  if (!path || !t) return TRT_STATUS_INVALID_ARGUMENT;
  int32_t onnx_type = onnx_type_of(t->type);
  int64_t n = trt_dims_volume(&t->dims);
  if (onnx_type == ONNX__TENSOR_PROTO__DATA_TYPE__UNDEFINED || n < 0 ||
      (size_t)n * trt_data_type_size(t->type) != t->size || (t->size && !t->data)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: the tensor's type, dims and size do not agree", path);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  Onnx__TensorProto p = ONNX__TENSOR_PROTO__INIT;
  int64_t dims[TRT_MAX_DIMS];
  for (int i = 0; i < t->dims.nb_dims; i++) dims[i] = t->dims.d[i];
  p.n_dims = (size_t)t->dims.nb_dims;
  p.dims = dims;
  p.has_data_type = true;
  p.data_type = onnx_type;
  p.name = t->name ? t->name : "";
  p.has_raw_data = true;
  p.raw_data.len = t->size;
  p.raw_data.data = t->data;
  size_t size = onnx__tensor_proto__get_packed_size(&p);
  uint8_t *buf = malloc(size ? size : 1);
  if (!buf) return TRT_STATUS_OUT_OF_MEMORY;
  onnx__tensor_proto__pack(&p, buf);
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(buf, 1, size, f) == size;
  if (f && fclose(f) != 0) ok = false;
  free(buf);
  if (!ok) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot write the file", path);
    return TRT_STATUS_FILE_ERROR;
  }
  return TRT_STATUS_OK;
}
