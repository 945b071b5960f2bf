/* NumPy .npy files (format versions 1.0, 2.0 and 3.0).
 *
 * Layout: "\x93NUMPY", major, minor, header length (2 bytes little endian
 * for 1.0, 4 bytes for 2.0 and 3.0), then a Python dict literal
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }
 * padded with spaces and ended by '\n', then the raw data. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char npy_magic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

bool cli_npy_is_npy(const void *data, size_t size) {
  return size >= sizeof npy_magic && memcmp(data, npy_magic, sizeof npy_magic) == 0;
}

/* The element types a .npy may hold and what they become. */
typedef struct {
  char kind;      /* 'f', 'i', 'u', 'b' */
  int size;       /* bytes */
  TrtDataType to; /* type of the tensor we make */
} NpyType;

static bool npy_type_from_descr(const char *descr, NpyType *t, bool *big_endian) {
  char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=') return false;
  *big_endian = order == '>';
  t->kind = descr[1];
  char *end;
  long size = strtol(descr + 2, &end, 10);
  if (end == descr + 2 || *end) return false;
  t->size = (int)size;
  static const NpyType known[] = {
      {'f', 4, TRT_DATA_TYPE_FLOAT}, {'f', 8, TRT_DATA_TYPE_FLOAT},
      {'f', 2, TRT_DATA_TYPE_HALF},  {'i', 1, TRT_DATA_TYPE_INT8},
      {'u', 1, TRT_DATA_TYPE_UINT8}, {'i', 2, TRT_DATA_TYPE_INT32},
      {'u', 2, TRT_DATA_TYPE_INT32}, {'i', 4, TRT_DATA_TYPE_INT32},
      {'u', 4, TRT_DATA_TYPE_INT64}, {'i', 8, TRT_DATA_TYPE_INT64},
      {'u', 8, TRT_DATA_TYPE_INT64}, {'b', 1, TRT_DATA_TYPE_BOOL},
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (known[i].kind == t->kind && known[i].size == t->size) {
      t->to = known[i].to;
      return true;
    }
  return false;
}

/* Finds "'key':" in the header dict and returns what follows, blanks
 * skipped; NULL when absent. */
static const char *find_key(const char *header, const char *key) {
  char quoted[32];
  snprintf(quoted, sizeof quoted, "'%s'", key);
  const char *p = strstr(header, quoted);
  if (!p) {
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    p = strstr(header, quoted);
  }
  if (!p) return NULL;
  p += strlen(quoted);
  while (isspace((unsigned char)*p)) p++;
  if (*p != ':') return NULL;
  p++;
  while (isspace((unsigned char)*p)) p++;
  return p;
}

/* Parses the header dict; false with a message on anything unexpected. */
static bool parse_header(const char *header, const char *path, char *descr,
                         size_t descr_size, bool *fortran, TrtDims *dims) {
  const char *p = find_key(header, "descr");
  if (!p || (*p != '\'' && *p != '"')) {
    cli_fail("%s: .npy header has no 'descr'", path);
    return false;
  }
  char quote = *p++;
  size_t n = 0;
  while (p[n] && p[n] != quote && n + 1 < descr_size) n++;
  if (p[n] != quote) {
    cli_fail("%s: .npy header has a bad 'descr'", path);
    return false;
  }
  memcpy(descr, p, n);
  descr[n] = '\0';

  p = find_key(header, "fortran_order");
  if (!p || (strncmp(p, "False", 5) != 0 && strncmp(p, "True", 4) != 0)) {
    cli_fail("%s: .npy header has no 'fortran_order'", path);
    return false;
  }
  *fortran = *p == 'T';

  p = find_key(header, "shape");
  if (!p || *p != '(') {
    cli_fail("%s: .npy header has no 'shape'", path);
    return false;
  }
  p++;
  dims->nb_dims = 0;
  for (;;) {
    while (isspace((unsigned char)*p)) p++;
    if (*p == ')') break;
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (end == p || errno || v < 0) {
      cli_fail("%s: .npy header has a bad 'shape'", path);
      return false;
    }
    if (dims->nb_dims == TRT_MAX_DIMS) {
      cli_fail("%s: .npy array has more than %d dimensions", path, TRT_MAX_DIMS);
      return false;
    }
    dims->d[dims->nb_dims++] = v;
    p = end;
    while (isspace((unsigned char)*p)) p++;
    if (*p == ',') p++;
    else if (*p != ')') {
      cli_fail("%s: .npy header has a bad 'shape'", path);
      return false;
    }
  }
  return true;
}

static void swap_bytes(uint8_t *data, int64_t count, int size) {
  for (int64_t i = 0; i < count; i++) {
    uint8_t *e = data + i * size;
    for (int a = 0, b = size - 1; a < b; a++, b--) {
      uint8_t t = e[a];
      e[a] = e[b];
      e[b] = t;
    }
  }
}

/* Copies `count` elements of an npy type into the tensor's type. */
static void widen(const NpyType *t, const uint8_t *src, int64_t count, void *dst) {
  for (int64_t i = 0; i < count; i++) {
    const uint8_t *e = src + i * t->size;
    if (t->kind == 'f' && t->size == 8) {
      double v;
      memcpy(&v, e, sizeof v);
      ((float *)dst)[i] = (float)v;
    } else if (t->kind == 'i' && t->size == 2) {
      int16_t v;
      memcpy(&v, e, sizeof v);
      ((int32_t *)dst)[i] = v;
    } else if (t->kind == 'u' && t->size == 2) {
      uint16_t v;
      memcpy(&v, e, sizeof v);
      ((int32_t *)dst)[i] = v;
    } else if (t->kind == 'u' && t->size == 4) {
      uint32_t v;
      memcpy(&v, e, sizeof v);
      ((int64_t *)dst)[i] = v;
    } else { /* 'u' 8: kept as the same bits, as the ONNX reader does */
      memcpy((int64_t *)dst + i, e, 8);
    }
  }
}

bool cli_npy_read_memory(const void *data, size_t size, const char *path,
                         TrtHostTensor *out) {
  const uint8_t *bytes = data;
  memset(out, 0, sizeof *out);
  if (!cli_npy_is_npy(data, size) || size < 10) {
    cli_fail("%s: not a NumPy .npy file", path);
    return false;
  }
  int major = bytes[6];
  size_t header_len, header_start;
  if (major == 1) {
    header_len = (size_t)bytes[8] | (size_t)bytes[9] << 8;
    header_start = 10;
  } else if ((major == 2 || major == 3) && size >= 12) {
    header_len = (size_t)bytes[8] | (size_t)bytes[9] << 8 |
                 (size_t)bytes[10] << 16 | (size_t)bytes[11] << 24;
    header_start = 12;
  } else {
    cli_fail("%s: .npy format version %d is not supported", path, major);
    return false;
  }
  if (header_len > size - header_start) {
    cli_fail("%s: truncated .npy file (header)", path);
    return false;
  }
  char *header = malloc(header_len + 1);
  if (!header) return cli_fail("out of memory"), false;
  memcpy(header, bytes + header_start, header_len);
  header[header_len] = '\0';
  char descr[16];
  bool fortran, big_endian;
  TrtDims dims;
  NpyType t;
  bool ok = parse_header(header, path, descr, sizeof descr, &fortran, &dims);
  free(header);
  if (!ok) return false;
  if (!npy_type_from_descr(descr, &t, &big_endian)) {
    cli_fail("%s: .npy element type '%s' is not supported", path, descr);
    return false;
  }
  int64_t count = trt_dims_volume(&dims);
  if (fortran && count > 1 && dims.nb_dims > 1) {
    cli_fail("%s: Fortran-ordered .npy arrays are not supported; save a C-ordered "
             "one (numpy.ascontiguousarray)", path);
    return false;
  }
  size_t data_start = header_start + header_len;
  if (count < 0 || (uint64_t)count > (size - data_start) / (size_t)t.size) {
    char shape[128];
    cli_fail("%s: truncated .npy file: shape %s of '%s' needs more data than the "
             "file holds", path, trt_dims_format(&dims, shape, sizeof shape), descr);
    return false;
  }
  size_t src_bytes = (size_t)count * (size_t)t.size;
  size_t dst_bytes = (size_t)count * trt_data_type_size(t.to);
  uint8_t *src = malloc(src_bytes + 1);
  out->data = malloc(dst_bytes + 1);
  if (!src || !out->data) {
    free(src);
    free(out->data);
    out->data = NULL;
    return cli_fail("out of memory"), false;
  }
  memcpy(src, bytes + data_start, src_bytes);
  if (big_endian && t.size > 1) swap_bytes(src, count, t.size);
  if ((size_t)t.size == trt_data_type_size(t.to))
    memcpy(out->data, src, src_bytes);
  else
    widen(&t, src, count, out->data);
  free(src);
  out->type = t.to;
  out->dims = dims;
  out->size = dst_bytes;
  return true;
}

static const char *npy_descr(TrtDataType type) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return "<f4";
  case TRT_DATA_TYPE_HALF: return "<f2";
  case TRT_DATA_TYPE_INT8: return "|i1";
  case TRT_DATA_TYPE_UINT8: return "|u1";
  case TRT_DATA_TYPE_INT32: return "<i4";
  case TRT_DATA_TYPE_INT64: return "<i8";
  case TRT_DATA_TYPE_BOOL: return "|b1";
  default: return NULL;
  }
}

bool cli_npy_write(const char *path, const TrtHostTensor *t) {
  const char *descr = npy_descr(t->type);
  if (!descr) return cli_fail("%s: no .npy type for %s", path,
                              trt_data_type_name(t->type)), false;
  char shape[TRT_MAX_DIMS * 24 + 4] = "(";
  for (int i = 0; i < t->dims.nb_dims; i++) {
    size_t used = strlen(shape);
    snprintf(shape + used, sizeof shape - used, "%lld,%s", (long long)t->dims.d[i],
             i + 1 < t->dims.nb_dims ? " " : "");
  }
  if (t->dims.nb_dims > 1) shape[strlen(shape) - 1] = '\0'; /* "(1, 3)" not "(1, 3,)" */
  strcat(shape, ")");
  char header[512];
  int n = snprintf(header, sizeof header,
                   "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr,
                   shape);
  /* Pad with spaces so that the data starts at a multiple of 64. */
  size_t total = 10 + (size_t)n + 1;
  size_t padded = (total + 63) / 64 * 64;
  memset(header + n, ' ', padded - total);
  header[padded - 10 - 1] = '\n';
  size_t header_len = padded - 10;

  FILE *f = fopen(path, "wb");
  if (!f) return cli_fail("%s: cannot write: %s", path, strerror(errno)), false;
  uint8_t preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                          (uint8_t)(header_len & 0xff), (uint8_t)(header_len >> 8)};
  bool ok = fwrite(preamble, 1, sizeof preamble, f) == sizeof preamble &&
            fwrite(header, 1, header_len, f) == header_len &&
            fwrite(t->data, 1, t->size, f) == t->size;
  ok = (fclose(f) == 0) && ok;
  if (!ok) return cli_fail("%s: cannot write: %s", path, strerror(errno)), false;
  return true;
}
