/* Execution contexts: one arena per context, kernels prepared whenever the
 * batch size changes, then run layer by layer. */
#include <stdlib.h>
#include <string.h>

#include "engine-impl.h"

struct TrtContext {
  TrtEngine *engine;
  const TrtBackend *backend;
  void *backend_ctx;
  uint8_t *arena;         /* backend memory, engine->arena_size bytes */
  void **const_data;      /* per tensor: backend copy of constants */
  int batch;              /* batch the kernels are prepared for; 0: none */
  TrtShapeState shapes;   /* shapes and known values at that batch */
  TrtKernelArgs *args;    /* per layer */
  TrtTensorView *views;   /* storage for the args' inputs and outputs */
  bool *folded;           /* per layer: outputs known, copied not computed */
  void *workspace;
  size_t workspace_size;
};

static void release_kernels(TrtContext *ctx) {
  const TrtNetwork *g = ctx->engine->graph;
  if (!ctx->args) return;
  for (int i = 0; i < g->nb_layers; i++) {
    const TrtKernel *k = ctx->backend->get_kernel(g->layers[i]->type);
    if (k && k->release && !ctx->folded[i]) k->release(&ctx->args[i]);
    ctx->args[i].state = NULL;
  }
}

void trt_context_free(TrtContext *ctx) {
  if (!ctx) return;
  release_kernels(ctx);
  const TrtNetwork *g = ctx->engine->graph;
  if (ctx->const_data && ctx->backend->kind != TRT_BACKEND_CPU)
    for (int i = 0; i < g->nb_tensors; i++) ctx->backend->free(ctx->const_data[i]);
  free(ctx->const_data);
  if (ctx->arena) ctx->backend->free(ctx->arena);
  if (ctx->workspace) ctx->backend->free(ctx->workspace);
  if (ctx->backend_ctx && ctx->backend->context_free)
    ctx->backend->context_free(ctx->backend_ctx);
  trt_shape_state_free(&ctx->shapes);
  free(ctx->args);
  free(ctx->views);
  free(ctx->folded);
  free(ctx);
}

/* Where tensor t's bytes live in this context. */
static void *tensor_data(TrtContext *ctx, const TrtTensor *t) {
  if (t->role == TRT_TENSOR_CONSTANT) return ctx->const_data[t->id];
  return ctx->arena + ctx->engine->slots[t->id].offset;
}

/* Infers shapes for `batch` and prepares every kernel. */
static TrtStatus configure(TrtContext *ctx, int batch) {
  TrtEngine *e = ctx->engine;
  const TrtNetwork *g = e->graph;
  TrtLogger *logger = e->logger;
  release_kernels(ctx);
  trt_shape_state_free(&ctx->shapes);
  ctx->batch = 0;

  TrtDims *dims = malloc(((size_t)g->nb_inputs + 1) * sizeof *dims);
  if (!dims) return TRT_STATUS_OUT_OF_MEMORY;
  for (int i = 0; i < g->nb_inputs; i++) {
    dims[i] = g->inputs[i]->dims;
    if (e->max_batch && e->declared_dims[i].nb_dims > 0 &&
        e->declared_dims[i].d[0] == -1)
      dims[i].d[0] = batch;
  }
  TrtStatus s = trt_infer_network(g, dims, false, &ctx->shapes, logger);
  free(dims);
  if (s != TRT_STATUS_OK) return s;

  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtShapeView *v = &ctx->shapes.views[i];
    if (e->slots[i].offset < 0) continue;
    uint64_t need = (uint64_t)trt_dims_volume(&v->dims) * trt_data_type_size(v->type);
    if (need > e->slots[i].size) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              "tensor '%s' needs %llu bytes at batch %d but the engine planned "
              "%llu: rebuild the engine",
              g->tensors[i]->name, (unsigned long long)need, batch,
              (unsigned long long)e->slots[i].size);
      return TRT_STATUS_SHAPE_ERROR;
    }
  }

  size_t workspace = 0;
  TrtTensorView *view = ctx->views;
  for (int li = 0; li < g->nb_layers; li++) {
    const TrtLayer *l = g->layers[li];
    TrtKernelArgs *a = &ctx->args[li];
    memset(a, 0, sizeof *a);
    a->type = l->type;
    a->layer_name = l->name;
    a->params = l->params;
    a->logger = logger;
    a->backend_context = ctx->backend_ctx;
    memcpy(a->tactic, e->layer_tactic[li], sizeof a->tactic);
    a->nb_inputs = l->nb_inputs;
    a->inputs = view;
    view += l->nb_inputs;
    a->nb_outputs = l->nb_outputs;
    a->outputs = view;
    view += l->nb_outputs;
    for (int i = 0; i < l->nb_inputs; i++) {
      const TrtTensor *t = l->inputs[i];
      memset(&a->inputs[i], 0, sizeof a->inputs[i]);
      if (!t) continue;
      const TrtShapeView *v = &ctx->shapes.views[t->id];
      a->inputs[i] = (TrtTensorView){.type = v->type, .dims = v->dims,
                                     .data = tensor_data(ctx, t),
                                     .host_value = v->value, .present = true};
    }
    bool all_known = true;
    for (int i = 0; i < l->nb_outputs; i++) {
      const TrtTensor *t = l->outputs[i];
      const TrtShapeView *v = &ctx->shapes.views[t->id];
      a->outputs[i] = (TrtTensorView){.type = v->type, .dims = v->dims,
                                      .data = tensor_data(ctx, t),
                                      .host_value = NULL, .present = true};
      if (!v->value) all_known = false;
    }
    ctx->folded[li] = all_known;
    if (all_known) continue;
    const TrtKernel *k = ctx->backend->get_kernel(l->type);
    if (!k) {
      trt_log(logger, TRT_SEVERITY_ERROR, "layer '%s' (%s): no %s kernel", l->name,
              trt_layer_type_name(l->type), ctx->backend->name);
      return TRT_STATUS_UNSUPPORTED;
    }
    if (k->prepare) {
      s = k->prepare(a);
      if (s != TRT_STATUS_OK) {
        /* Make sure the user learns which layer failed even when the kernel
         * did not log. */
        trt_log(logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) cannot run on %s: %s",
                l->name, trt_layer_type_name(l->type), ctx->backend->name,
                trt_status_to_string(s));
        a->state = NULL;
        return s;
      }
    }
    if (!e->layer_tactic[li][0] && a->tactic[0])
      memcpy(e->layer_tactic[li], a->tactic, sizeof a->tactic);
    if (a->workspace_size > workspace) workspace = a->workspace_size;
  }
  if (workspace > ctx->workspace_size) {
    if (ctx->workspace) ctx->backend->free(ctx->workspace);
    ctx->workspace = ctx->backend->alloc(workspace);
    ctx->workspace_size = ctx->workspace ? workspace : 0;
    if (!ctx->workspace) return TRT_STATUS_OUT_OF_MEMORY;
  }
  for (int li = 0; li < g->nb_layers; li++) ctx->args[li].workspace = ctx->workspace;
  ctx->batch = batch;
  return TRT_STATUS_OK;
}

TrtContext *trt_engine_create_context(TrtEngine *engine) {
  if (!engine) return NULL;
  const TrtNetwork *g = engine->graph;
  TrtLogger *logger = engine->logger;
  TrtContext *ctx = calloc(1, sizeof *ctx);
  if (!ctx) return NULL;
  ctx->engine = engine;
  ctx->backend = trt_backend_get(engine->backend);
  if (!ctx->backend) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "the engine needs the %s backend, which this build of trtinfer lacks",
            trt_backend_kind_name(engine->backend));
    free(ctx);
    return NULL;
  }
  for (int i = 0; i < g->nb_layers; i++) {
    if (engine->layer_backend[i] != engine->backend) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              "layer '%s' falls back to another backend, which contexts do not "
              "support yet", g->layers[i]->name);
      free(ctx);
      return NULL;
    }
  }
  int nb_views = 0;
  for (int i = 0; i < g->nb_layers; i++)
    nb_views += g->layers[i]->nb_inputs + g->layers[i]->nb_outputs;
  ctx->args = calloc((size_t)g->nb_layers + 1, sizeof *ctx->args);
  ctx->views = calloc((size_t)nb_views + 1, sizeof *ctx->views);
  ctx->folded = calloc((size_t)g->nb_layers + 1, sizeof *ctx->folded);
  ctx->const_data = calloc((size_t)g->nb_tensors + 1, sizeof *ctx->const_data);
  if (!ctx->args || !ctx->views || !ctx->folded || !ctx->const_data) goto fail;
  if (ctx->backend->context_new) {
    ctx->backend_ctx = ctx->backend->context_new(engine->device_id, logger);
    if (!ctx->backend_ctx) goto fail;
  }
  ctx->arena = ctx->backend->alloc(engine->arena_size ? engine->arena_size : 64);
  if (!ctx->arena) {
    trt_log(logger, TRT_SEVERITY_ERROR, "cannot allocate the %llu-byte arena",
            (unsigned long long)engine->arena_size);
    goto fail;
  }
  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtTensor *t = g->tensors[i];
    if (t->role != TRT_TENSOR_CONSTANT) continue;
    if (ctx->backend->kind == TRT_BACKEND_CPU) {
      ctx->const_data[i] = t->data;
    } else {
      ctx->const_data[i] = ctx->backend->alloc(t->data_size ? t->data_size : 1);
      if (!ctx->const_data[i] ||
          ctx->backend->copy_to_device(ctx->const_data[i], t->data, t->data_size,
                                       ctx->backend_ctx) != TRT_STATUS_OK)
        goto fail;
    }
  }
  if (configure(ctx, engine->max_batch ? engine->max_batch : 1) != TRT_STATUS_OK)
    goto fail;
  return ctx;
fail:
  trt_context_free(ctx);
  return NULL;
}

static size_t view_bytes(const TrtShapeView *v) {
  return (size_t)trt_dims_volume(&v->dims) * trt_data_type_size(v->type);
}

static TrtStatus run(TrtContext *ctx, int batch_size, void *const *bindings,
                     bool host_bindings) {
  TrtEngine *e = ctx->engine;
  const TrtNetwork *g = e->graph;
  TrtStatus s;
  if (!bindings) return TRT_STATUS_INVALID_ARGUMENT;
  if (!e->max_batch) {
    batch_size = 1;
  } else if (batch_size < 1 || batch_size > e->max_batch) {
    trt_log(e->logger, TRT_SEVERITY_ERROR,
            "batch size %d is outside 1..%d, the engine's max batch size",
            batch_size, e->max_batch);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  if (ctx->batch != batch_size && (s = configure(ctx, batch_size)) != TRT_STATUS_OK)
    return s;
  TrtStatus (*to_dev)(void *, const void *, size_t, void *) =
      host_bindings ? ctx->backend->copy_to_device : ctx->backend->copy_to_host;
  for (int i = 0; i < g->nb_inputs; i++) {
    const TrtTensor *t = g->inputs[i];
    if (!bindings[i]) return TRT_STATUS_INVALID_ARGUMENT;
    /* Device-to-device copies go through copy_to_host on a device backend:
     * both are plain memcpy kinds the backend resolves from the pointers. */
    s = to_dev(tensor_data(ctx, t), bindings[i], view_bytes(&ctx->shapes.views[t->id]),
               ctx->backend_ctx);
    if (s != TRT_STATUS_OK) return s;
  }
  for (int li = 0; li < g->nb_layers; li++) {
    TrtKernelArgs *a = &ctx->args[li];
    const TrtLayer *l = g->layers[li];
    if (ctx->folded[li]) {
      for (int i = 0; i < l->nb_outputs; i++) {
        const TrtShapeView *v = &ctx->shapes.views[l->outputs[i]->id];
        s = ctx->backend->copy_to_device(a->outputs[i].data, v->value, view_bytes(v),
                                         ctx->backend_ctx);
        if (s != TRT_STATUS_OK) return s;
      }
      continue;
    }
    s = ctx->backend->get_kernel(l->type)->run(a);
    if (s != TRT_STATUS_OK) {
      trt_log(e->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) failed: %s", l->name,
              trt_layer_type_name(l->type), trt_status_to_string(s));
      return s;
    }
  }
  for (int i = 0; i < g->nb_outputs; i++) {
    const TrtTensor *t = g->outputs[i];
    void *dst = bindings[g->nb_inputs + i];
    if (!dst) return TRT_STATUS_INVALID_ARGUMENT;
    const TrtShapeView *v = &ctx->shapes.views[t->id];
    if (t->role == TRT_TENSOR_CONSTANT && host_bindings)
      memcpy(dst, t->data, view_bytes(v));
    else if ((s = ctx->backend->copy_to_host(dst, tensor_data(ctx, t), view_bytes(v),
                                             ctx->backend_ctx)) != TRT_STATUS_OK)
      return s;
  }
  return host_bindings && ctx->backend->synchronize
             ? ctx->backend->synchronize(ctx->backend_ctx)
             : TRT_STATUS_OK;
}

TrtStatus trt_context_execute(TrtContext *ctx, int batch_size,
                              void *const *bindings) {
  if (!ctx) return TRT_STATUS_INVALID_ARGUMENT;
  return run(ctx, batch_size, bindings, true);
}

TrtStatus trt_context_enqueue(TrtContext *ctx, int batch_size,
                              void *const *bindings, void *stream) {
  (void)stream; /* TODO(cuda): per-call stream */
  if (!ctx) return TRT_STATUS_INVALID_ARGUMENT;
  return run(ctx, batch_size, bindings, ctx->backend->kind == TRT_BACKEND_CPU);
}

TrtDims trt_context_get_binding_dims(const TrtContext *ctx, int i) {
  const TrtTensor *t = trt_engine_binding_tensor(ctx->engine, i);
  TrtDims none = {0};
  if (!t) return none;
  return ctx->shapes.views ? ctx->shapes.views[t->id].dims : t->dims;
}
