/* trtinfer — umbrella header: everything a user of the library needs. */
#ifndef TRTINFER_TRTINFER_H
#define TRTINFER_TRTINFER_H

#include <trtinfer/builder.h>
#include <trtinfer/layers.h>
#include <trtinfer/logger.h>
#include <trtinfer/network.h>
#include <trtinfer/parsers.h>
#include <trtinfer/runtime.h>
#include <trtinfer/types.h>
#include <trtinfer/vision.h>

#define TRT_VERSION_MAJOR 0
#define TRT_VERSION_MINOR 1
#define TRT_VERSION_PATCH 0

#ifdef __cplusplus
extern "C" {
#endif
/* "0.1.0" */
TRT_API const char *trt_version_string(void);
#ifdef __cplusplus
}
#endif
#endif
