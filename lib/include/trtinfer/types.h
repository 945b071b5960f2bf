/* trtinfer — basic types shared by every part of the public API. */
#ifndef TRTINFER_TYPES_H
#define TRTINFER_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TRT_API __attribute__((visibility("default")))
#else
#define TRT_API
#endif

/* Element types of tensors. The numeric values are stored in engine files:
 * append, never renumber. */
typedef enum {
  TRT_DATA_TYPE_FLOAT = 0, /* 32-bit IEEE float */
  TRT_DATA_TYPE_HALF = 1,  /* 16-bit IEEE float */
  TRT_DATA_TYPE_INT8 = 2,
  TRT_DATA_TYPE_UINT8 = 3,
  TRT_DATA_TYPE_INT32 = 4,
  TRT_DATA_TYPE_INT64 = 5,
  TRT_DATA_TYPE_BOOL = 6, /* one byte, 0 or 1 */
  TRT_DATA_TYPE_COUNT
} TrtDataType;

TRT_API size_t trt_data_type_size(TrtDataType type);
TRT_API const char *trt_data_type_name(TrtDataType type);

#define TRT_MAX_DIMS 8

/* A shape. A dimension of -1 is unknown until build time (the batch
 * dimension of an input, or one given by --input-shape). */
typedef struct {
  int32_t nb_dims;
  int64_t d[TRT_MAX_DIMS];
} TrtDims;

/* Number of elements, or -1 when a dimension is unknown or the product
 * overflows. */
TRT_API int64_t trt_dims_volume(const TrtDims *dims);
TRT_API bool trt_dims_equal(const TrtDims *a, const TrtDims *b);
/* Writes "1x3x224x224" (or "scalar") into buf; returns buf. */
TRT_API char *trt_dims_format(const TrtDims *dims, char *buf, size_t size);
/* Parses "1x3x224x224" (also ',' separated); false on bad text. */
TRT_API bool trt_dims_parse(const char *text, TrtDims *dims);

/* Result of every fallible call. Details go to the logger. */
typedef enum {
  TRT_STATUS_OK = 0,
  TRT_STATUS_INVALID_ARGUMENT,
  TRT_STATUS_FILE_ERROR,       /* cannot open, read or write a file */
  TRT_STATUS_PARSE_ERROR,      /* a model or engine file is malformed */
  TRT_STATUS_UNSUPPORTED,      /* an op, type or attribute we do not handle */
  TRT_STATUS_SHAPE_ERROR,      /* shapes that do not fit together */
  TRT_STATUS_OUT_OF_MEMORY,
  TRT_STATUS_VERSION_MISMATCH, /* engine made by another library version */
  TRT_STATUS_DEVICE_MISMATCH,  /* engine made for another device or backend */
  TRT_STATUS_CORRUPT,          /* checksum or structure check failed */
  TRT_STATUS_BACKEND_ERROR,    /* the device or a vendor library failed */
  TRT_STATUS_INTERNAL_ERROR,
  TRT_STATUS_COUNT
} TrtStatus;

TRT_API const char *trt_status_to_string(TrtStatus status);

#ifdef __cplusplus
}
#endif
#endif
