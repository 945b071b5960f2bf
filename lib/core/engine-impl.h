/* Internal layout of engines and contexts. */
#ifndef TRT_ENGINE_IMPL_H
#define TRT_ENGINE_IMPL_H

#include <trtinfer/builder.h>
#include <trtinfer/runtime.h>

#include "backend-impl.h"
#include "mapped-file.h"
#include "network-impl.h"
#include "shape-inference.h"

#define TRT_ENGINE_MAX_HEADER 32

/* Where a tensor lives during execution. */
typedef struct {
  int64_t offset; /* byte offset in the context's arena; -1: not in the arena
                     (constants) */
  uint64_t size;  /* bytes at the max batch size */
} TrtTensorSlot;

struct TrtEngine {
  TrtNetwork *graph;       /* optimized network, dims at the max batch */
  TrtDims *declared_dims;  /* per graph input: dims with -1 for the batch */
  int max_batch;           /* 0: inputs have no batch dimension */
  TrtBackendKind backend;  /* CPU or CUDA, never AUTO */
  int device_id;
  TrtPrecision precision;
  TrtTensorSlot *slots;    /* per tensor id */
  uint64_t arena_size;
  uint64_t activations_size; /* sum of all slot sizes, for comparison */
  uint8_t *layer_backend;  /* per layer id: TrtBackendKind that runs it */
  char (*layer_tactic)[64];/* per layer id: chosen implementation */
  int nb_header;
  char *header_keys[TRT_ENGINE_MAX_HEADER];
  char *header_values[TRT_ENGINE_MAX_HEADER];
  TrtLogger *logger;
  const char *timing_cache; /* while the builder prepares: the config's file */
  TrtMappedFile file;      /* loaded from a file: its mapping, where the
                              constants' data lies (data_borrowed) */
};

/* Sets (or replaces) a header value. */
TrtStatus trt_engine_set_header(TrtEngine *engine, const char *key,
                                const char *value);
/* An engine around `graph` (ownership taken) with per-tensor and per-layer
 * arrays allocated; NULL on out of memory. */
TrtEngine *trt_engine_new(TrtNetwork *graph, TrtLogger *logger);
/* Fills the standard header keys from the engine's fields and this build. */
TrtStatus trt_engine_fill_header(TrtEngine *engine, const char *model_hash,
                                 const char *device_name);

/* Milliseconds per run of the engine at its max batch on `ctx` (zeroed
 * device bindings, after a warm-up), or -1 when a run fails. */
double trt_engine_time_runs(TrtEngine *engine, TrtContext *ctx);

/* Binding i -> tensor. */
TrtTensor *trt_engine_binding_tensor(const TrtEngine *engine, int i);

#endif
