/* The backend interface. A backend (CPU, CUDA) is a table of functions and a
 * kernel per layer kind. A kernel has `prepare` (runs when shapes are set:
 * checks, picks a tactic, sizes its workspace, may allocate its state) and
 * `run` (computes only: never allocates, never logs on success). */
#ifndef TRT_BACKEND_IMPL_H
#define TRT_BACKEND_IMPL_H

#include <trtinfer/builder.h>
#include <trtinfer/layers.h>
#include <trtinfer/logger.h>
#include <trtinfer/vision.h>

/* What a kernel sees of one tensor. */
typedef struct {
  TrtDataType type;
  TrtDims dims;
  void *data;             /* backend memory; valid in run only */
  const void *host_value; /* host copy when known at prepare (constants,
                             shape values), else NULL */
  bool present;           /* false for an absent optional input */
  bool channels_last;     /* 4-D, stored N,H,W,C (see TrtTensor) */
} TrtTensorView;

typedef struct TrtKernelArgs {
  TrtLayerType type;
  const char *layer_name;
  const void *params;
  int nb_inputs;
  TrtTensorView *inputs;
  int nb_outputs;
  TrtTensorView *outputs;
  void *state;           /* kernel-private; set by prepare, freed by release */
  size_t workspace_size; /* bytes of scratch the kernel needs; set by prepare */
  void *workspace;       /* that scratch, given to run */
  void *backend_context; /* the backend's per-context state */
  TrtLogger *logger;
  char tactic[64];       /* prepare may name the implementation it chose */
  TrtPrecision precision; /* the engine's: FP16 lets products run on tensor
                             cores (FP32 storage and accumulation) */
  const char *timing_cache; /* file of timed tactics while building, or NULL */
} TrtKernelArgs;

typedef struct {
  TrtStatus (*prepare)(TrtKernelArgs *args); /* optional */
  TrtStatus (*run)(TrtKernelArgs *args);
  void (*release)(TrtKernelArgs *args);      /* optional: frees state */
} TrtKernel;

typedef struct TrtBackend {
  const char *name; /* "cpu", "cuda" */
  TrtBackendKind kind;
  /* Whether a device is present; fills a readable device name. */
  bool (*is_available)(int device_id, char *device_name, size_t size);
  /* The kernel for a layer kind, or NULL when this backend lacks one.
   * `supports` may refine by params/types (optional: NULL means yes). */
  const TrtKernel *(*get_kernel)(TrtLayerType type);
  bool (*supports)(TrtLayerType type, const void *params,
                   const TrtTensorView *inputs, int nb_inputs);
  /* Whether the kernel also runs the layer with its data operands and
   * outputs in float16 (FP16 engines; see passes/half-storage.c). Optional:
   * NULL means never. `inputs` show the float32 operands. */
  bool (*supports_half)(TrtLayerType type, const void *params,
                        const TrtTensorView *inputs, int nb_inputs);
  /* Per-execution-context state (stream, library handles); optional. */
  void *(*context_new)(int device_id, TrtLogger *logger);
  void (*context_free)(void *backend_context);
  /* Memory. CPU: malloc/free/memcpy. */
  void *(*alloc)(size_t size);
  void (*free)(void *ptr);
  TrtStatus (*copy_to_device)(void *dst, const void *src, size_t size,
                              void *backend_context);
  TrtStatus (*copy_to_host)(void *dst, const void *src, size_t size,
                            void *backend_context);
  /* Waits for the queued work; also reports errors that kernels could only
   * record on the device (an index out of range). */
  TrtStatus (*synchronize)(void *backend_context);

  /* Optional, for backends that queue work on a device (NULL elsewhere). */
  /* Page-locked host memory, for staging copies that run asynchronously. */
  void *(*alloc_host)(size_t size);
  void (*free_host)(void *ptr);
  /* Queue later work on `stream` (a cudaStream_t; NULL: the context's own). */
  TrtStatus (*set_stream)(void *backend_context, void *stream);
  /* Runs fn(data) on the host after the work queued before it and before
   * the work queued after it (CPU layers inside a device engine). fn must
   * not call the device API. */
  TrtStatus (*launch_host)(void *backend_context, void (*fn)(void *data),
                           void *data);
  /* Records the work queued between begin and end, without running it, as
   * a graph that launch replays. */
  TrtStatus (*graph_begin)(void *backend_context);
  TrtStatus (*graph_end)(void *backend_context, void **graph);
  TrtStatus (*graph_launch)(void *backend_context, void *graph);
  void (*graph_free)(void *graph);
  /* Converts `count` checked host frames into the NCHW float32 device
   * tensor `dst` as trt_preprocess_batch does, queued before the layers;
   * fills `mappings` (may be NULL). */
  TrtStatus (*preprocess)(void *backend_context, const TrtImageView *images,
                          int count, const TrtPreprocessParams *params,
                          void *dst, TrtImageMapping *mappings);
} TrtBackend;

const TrtBackend *trt_backend_cpu(void);
/* NULL when the library was built without CUDA. */
const TrtBackend *trt_backend_cuda(void);
const TrtBackend *trt_backend_get(TrtBackendKind kind);

/* Whether CPU engines should store the tensors between convolutions
 * channels-last: oneDNN is built in and allowed (its convolutions work in
 * that order; the reference kernels would only pay for transposes). */
bool trt_cpu_prefers_channels_last(void);

/* Runs one layer on the CPU reference kernels with host buffers: used for
 * constant folding and for computing shape values. Outputs must be
 * allocated by the caller with the inferred dims. */
TrtStatus trt_cpu_evaluate(TrtLayerType type, const char *layer_name,
                           const void *params, TrtTensorView *inputs,
                           int nb_inputs, TrtTensorView *outputs,
                           int nb_outputs, TrtLogger *logger);

#endif
