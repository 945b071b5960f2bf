/* Limits that turn hostile sizes into errors: a model, an engine file or a
 * frame may ask for tensors of any size, and the library must refuse the
 * absurd ones with a message instead of exhausting memory. */
#ifndef TRT_TENSOR_LIMITS_H
#define TRT_TENSOR_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include <trtinfer/types.h>

/* The environment variable that sets the budget, and its default: 4 GiB,
 * well above any activation of a video model at a sane batch size. */
#define TRT_MAX_TENSOR_BYTES_ENV "TRTINFER_MAX_TENSOR_BYTES"
#define TRT_MAX_TENSOR_BYTES_DEFAULT (UINT64_C(4) << 30)

/* The most bytes one tensor may take: TRTINFER_MAX_TENSOR_BYTES when it
 * holds a positive number (a K, M, G or T suffix multiplies by 1024^n),
 * else the default. Read at each call, so a program may change it. */
uint64_t trt_max_tensor_bytes(void);

/* Bytes of a tensor of `type` and `dims` in *bytes; false when a dim is
 * negative or unknown, or the count overflows 64 bits. */
bool trt_tensor_bytes(const TrtDims *dims, TrtDataType type, uint64_t *bytes);

/* Whether such a tensor fits the budget (false also when trt_tensor_bytes
 * fails); *bytes gets its size when it can be counted, else UINT64_MAX. */
bool trt_tensor_within_budget(const TrtDims *dims, TrtDataType type, uint64_t *bytes);

#endif
