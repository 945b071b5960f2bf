/* trtinfer — engines, their files, the runtime that loads them and the
 * execution contexts that run them. */
#ifndef TRTINFER_RUNTIME_H
#define TRTINFER_RUNTIME_H

#include <trtinfer/logger.h>
#include <trtinfer/types.h>
#include <trtinfer/vision.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TrtEngine TrtEngine;
typedef struct TrtRuntime TrtRuntime;
typedef struct TrtContext TrtContext;

TRT_API void trt_engine_free(TrtEngine *engine);

/* Bindings: the network's inputs first, then its outputs, in network
 * order. Dims are at the max batch size. */
TRT_API int trt_engine_get_nb_bindings(const TrtEngine *engine);
TRT_API int trt_engine_get_binding_index(const TrtEngine *engine,
                                         const char *name);
TRT_API const char *trt_engine_get_binding_name(const TrtEngine *engine, int i);
TRT_API bool trt_engine_binding_is_input(const TrtEngine *engine, int i);
TRT_API TrtDims trt_engine_get_binding_dims(const TrtEngine *engine, int i);
TRT_API TrtDataType trt_engine_get_binding_type(const TrtEngine *engine, int i);
TRT_API int trt_engine_get_nb_inputs(const TrtEngine *engine);
TRT_API int trt_engine_get_nb_outputs(const TrtEngine *engine);
/* Largest batch the engine runs; 0 when its inputs have no batch dim. */
TRT_API int trt_engine_get_max_batch_size(const TrtEngine *engine);
/* Name of the backend the engine was built for ("cpu", "cuda"). */
TRT_API const char *trt_engine_get_backend_name(const TrtEngine *engine);
/* A value of the engine's header ("library_version", "device", ...). */
TRT_API const char *trt_engine_get_header(const TrtEngine *engine,
                                          const char *key);

/* Engine files. `serialize` returns a malloc'ed buffer (free() it). */
TRT_API TrtStatus trt_engine_serialize(const TrtEngine *engine, void **data,
                                       size_t *size);
TRT_API TrtStatus trt_engine_save(const TrtEngine *engine, const char *path);
/* Human-readable report: header, layers with kernels, shapes, precision,
 * memory plan. Returns a malloc'ed string. */
TRT_API char *trt_engine_describe(const TrtEngine *engine);

TRT_API TrtRuntime *trt_runtime_new(TrtLogger *logger);
TRT_API void trt_runtime_free(TrtRuntime *runtime);
/* NULL (with the reason in the log) for a corrupt, truncated, foreign-version
 * or wrong-device engine. */
TRT_API TrtEngine *trt_runtime_deserialize_engine(TrtRuntime *runtime,
                                                  const void *data,
                                                  size_t size);
TRT_API TrtEngine *trt_runtime_load_engine(TrtRuntime *runtime,
                                           const char *path);

/* An execution context owns the activation memory and per-stream state. */
TRT_API TrtContext *trt_engine_create_context(TrtEngine *engine);
TRT_API void trt_context_free(TrtContext *context);
/* Runs `batch_size` items (1..max batch; ignored for engines without a batch
 * dim). `bindings[i]` are host buffers laid out as the binding's dims with
 * the batch dim replaced by batch_size. */
TRT_API TrtStatus trt_context_execute(TrtContext *context, int batch_size,
                                      void *const *bindings);
/* As execute, but asynchronous on `stream` (a cudaStream_t) where the
 * backend has streams; on the CPU it runs synchronously. Buffers are device
 * pointers for device backends. */
TRT_API TrtStatus trt_context_enqueue(TrtContext *context, int batch_size,
                                      void *const *bindings, void *stream);
/* Per-layer timing, as trtexec --dumpProfile. While profiling is on, runs
 * go layer by layer (no CUDA graph), each layer waited for, and its wall
 * time (launch to completion, so a few microseconds of overhead each) is
 * added to its total. */
typedef struct {
  const char *name;    /* the engine's layer (valid while the engine lives) */
  const char *kind;    /* "Convolution", "Cast", ... */
  const char *backend; /* "cuda", "cpu" */
  double total_ms;
  int64_t runs;
} TrtLayerProfile;
TRT_API void trt_context_set_profiling(TrtContext *context, bool enabled);
/* Fills up to `capacity` entries in layer order; returns the number of
 * layers (0 before profiling was turned on). */
TRT_API int trt_context_get_profile(const TrtContext *context, TrtLayerProfile *profile,
                                    int capacity);
/* Waits for the work trt_context_enqueue queued with stream NULL (the
 * context's own stream) and reports its errors. */
TRT_API TrtStatus trt_context_synchronize(TrtContext *context);
/* Memory where the engine runs (device memory on CUDA, host memory on the
 * CPU), for the bindings of trt_context_enqueue; NULL on failure. Free it
 * with trt_context_free_device_memory before the context. */
TRT_API void *trt_context_alloc_device_memory(TrtContext *context, size_t size);
TRT_API void trt_context_free_device_memory(TrtContext *context, void *ptr);
/* Copies host bytes into such memory (synchronously). */
TRT_API TrtStatus trt_context_copy_to_device(TrtContext *context, void *dst, const void *src,
                                             size_t size);
/* As execute, with input binding `input` (float32 [N,C,H,W] or [C,H,W])
 * made from `count` frames (the batch size) by lib/vision's preprocessing,
 * which runs on the engine's device: the frames are copied there once and
 * converted into the input's memory by one kernel. bindings[input] is not
 * used (may be NULL). `mappings` (may be NULL) gets one entry per frame. */
TRT_API TrtStatus trt_context_execute_images(TrtContext *context, int input,
                                             const TrtImageView *images, int count,
                                             const TrtPreprocessParams *params,
                                             void *const *bindings,
                                             TrtImageMapping *mappings);
/* Dims of a binding for the last batch size run (or max batch). */
TRT_API TrtDims trt_context_get_binding_dims(const TrtContext *context, int i);

#ifdef __cplusplus
}
#endif
#endif
