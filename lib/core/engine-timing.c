/* Timing a built engine on its device, for choices the builder makes by
 * measuring (as TensorRT times tactics): runs on zeroed device bindings at
 * the max batch, after a warm-up that lets the context record its graph. */
#include <stdlib.h>

#include "engine-impl.h"
#include "util.h"

#define WARMUP_RUNS 3
#define TIMED_RUNS 10

static size_t binding_bytes(const TrtEngine *e, int i) {
  const TrtTensor *t = trt_engine_binding_tensor(e, i);
  int64_t n = trt_dims_volume(&t->dims); /* dims at the max batch */
  return n > 0 ? (size_t)n * trt_data_type_size(t->type) : 0;
}

double trt_engine_time_runs(TrtEngine *engine, TrtContext *ctx) {
  int n = trt_engine_get_nb_bindings(engine);
  int batch = engine->max_batch ? engine->max_batch : 1;
  void **bindings = calloc((size_t)n + 1, sizeof *bindings);
  double ms = -1;
  bool ok = bindings != NULL;
  for (int i = 0; ok && i < n; i++) {
    size_t bytes = binding_bytes(engine, i);
    void *zeros = calloc(1, bytes + 1);
    bindings[i] = trt_context_alloc_device_memory(ctx, bytes + 1);
    ok = zeros && bindings[i] &&
         trt_context_copy_to_device(ctx, bindings[i], zeros, bytes) == TRT_STATUS_OK;
    free(zeros);
  }
  for (int r = 0; ok && r < WARMUP_RUNS; r++)
    ok = trt_context_enqueue(ctx, batch, bindings, NULL) == TRT_STATUS_OK &&
         trt_context_synchronize(ctx) == TRT_STATUS_OK;
  double start = trt_now_ms();
  for (int r = 0; ok && r < TIMED_RUNS; r++)
    ok = trt_context_enqueue(ctx, batch, bindings, NULL) == TRT_STATUS_OK;
  if (ok && trt_context_synchronize(ctx) == TRT_STATUS_OK) ms = (trt_now_ms() - start) / TIMED_RUNS;
  for (int i = 0; bindings && i < n; i++) trt_context_free_device_memory(ctx, bindings[i]);
  free(bindings);
  return ms;
}
