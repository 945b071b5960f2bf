/* trtinfer — the builder: optimizes a network into an engine for a device. */
#ifndef TRTINFER_BUILDER_H
#define TRTINFER_BUILDER_H

#include <trtinfer/logger.h>
#include <trtinfer/network.h>
#include <trtinfer/runtime.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  TRT_BACKEND_AUTO = 0, /* CUDA when a GPU is there, else the CPU */
  TRT_BACKEND_CPU = 1,
  TRT_BACKEND_CUDA = 2
} TrtBackendKind;

typedef enum {
  TRT_PRECISION_FP32 = 0,
  TRT_PRECISION_FP16 = 1,
  TRT_PRECISION_INT8 = 2
} TrtPrecision;

TRT_API const char *trt_backend_kind_name(TrtBackendKind kind);
/* Whether this build has the backend and a device for it (CPU: always). */
TRT_API bool trt_backend_is_available(TrtBackendKind kind, int device_id);
TRT_API const char *trt_precision_name(TrtPrecision precision);
/* Parse "auto|cpu|cuda" and "fp32|fp16|int8"; false on other text. */
TRT_API bool trt_backend_kind_parse(const char *text, TrtBackendKind *kind);
TRT_API bool trt_precision_parse(const char *text, TrtPrecision *precision);

typedef struct TrtBuilder TrtBuilder;
typedef struct TrtBuilderConfig TrtBuilderConfig;

TRT_API TrtBuilder *trt_builder_new(TrtLogger *logger);
TRT_API void trt_builder_free(TrtBuilder *builder);
/* A new, empty network that logs to the builder's logger. */
TRT_API TrtNetwork *trt_builder_create_network(TrtBuilder *builder);

TRT_API TrtBuilderConfig *trt_builder_config_new(void);
TRT_API void trt_builder_config_free(TrtBuilderConfig *config);
TRT_API void trt_builder_config_set_max_batch_size(TrtBuilderConfig *c, int n);
TRT_API int trt_builder_config_get_max_batch_size(const TrtBuilderConfig *c);
TRT_API void trt_builder_config_set_max_workspace_size(TrtBuilderConfig *c,
                                                       size_t bytes);
TRT_API void trt_builder_config_set_precision(TrtBuilderConfig *c,
                                              TrtPrecision p);
TRT_API TrtPrecision trt_builder_config_get_precision(const TrtBuilderConfig *c);
TRT_API void trt_builder_config_set_backend(TrtBuilderConfig *c,
                                            TrtBackendKind kind);
TRT_API TrtBackendKind trt_builder_config_get_backend(const TrtBuilderConfig *c);
TRT_API void trt_builder_config_set_device_id(TrtBuilderConfig *c, int id);
/* 0: no optimization passes (for debugging); default 3: all. */
TRT_API void trt_builder_config_set_optimization_level(TrtBuilderConfig *c,
                                                       int level);
/* Hash of the model the network came from; stored in the engine header. */
TRT_API void trt_builder_config_set_model_hash(TrtBuilderConfig *c,
                                               const char *hash);
/* File where timings of tactics are kept between builds (NULL: none). */
TRT_API void trt_builder_config_set_timing_cache(TrtBuilderConfig *c,
                                                 const char *path);

/* Builds an engine; NULL (and the reason in the log) on failure. The
 * network is not modified. A tensor larger than the per-tensor memory
 * budget fails the build: 4 GiB, or the number of bytes in the environment
 * variable TRTINFER_MAX_TENSOR_BYTES (K, M, G, T suffixes), which also
 * bounds the tensors of loaded engine files. */
TRT_API TrtEngine *trt_builder_build_engine(TrtBuilder *builder,
                                            const TrtNetwork *network,
                                            const TrtBuilderConfig *config);

#ifdef __cplusplus
}
#endif
#endif
