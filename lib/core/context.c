/* Execution contexts.
 *
 * A context owns one arena of the engine backend's memory and, per batch
 * size it has run, a plan: the shapes at that batch, the kernels prepared
 * for them, and (on a device that records graphs) the whole layer sequence
 * recorded once and replayed afterwards. A plan is made the first time a
 * batch size runs and kept until the context is freed, so switching batch
 * sizes costs nothing after the first time.
 *
 * Layers the engine's backend cannot run (engine->layer_backend says CPU in
 * a device engine) run on the CPU reference kernels over page-locked host
 * copies of their tensors: their inputs are downloaded when they were made
 * on the device, the CPU kernel runs from the device's queue (launch_host),
 * and outputs that device layers or bindings read are uploaded again. All
 * of it is queued in order, so it is recorded into graphs like the rest.
 *
 * execute() with host bindings stages them through page-locked buffers;
 * enqueue() with device bindings queues everything on the caller's stream
 * and returns without waiting. execute_images() fills one input from frames
 * with the backend's preprocessing, straight into the input's memory. */
#include <stdlib.h>
#include <string.h>

#include "../vision/vision-impl.h"
#include "engine-impl.h"
#include "util.h"

#define HOST_ALIGN 64

typedef struct TrtPlan TrtPlan;

/* What a CPU layer queued on the device needs when its turn comes. */
typedef struct {
  TrtContext *ctx;
  TrtPlan *plan;
  int layer;
} HostCall;

struct TrtPlan {
  int batch;
  TrtShapeState shapes;  /* shapes and known values at this batch */
  TrtKernelArgs *args;   /* per layer */
  TrtTensorView *views;  /* storage for the args' inputs and outputs */
  bool *folded;          /* per layer: outputs known, nothing to compute */
  bool *prepared;        /* per layer: prepare succeeded (release needed) */
  void **data;           /* per tensor: its bytes in backend memory */
  void **known;          /* per tensor: backend copy of a known value */
  HostCall *calls;       /* per layer, for CPU layers of a device engine */
  size_t workspace_size, host_workspace_size;
  void *graph;           /* the recorded layer sequence, or NULL */
  bool graph_failed;
  int runs;
};

struct TrtContext {
  TrtEngine *engine;
  const TrtBackend *backend; /* the engine's */
  const TrtBackend *cpu;
  void *backend_ctx;
  bool use_graphs;
  uint8_t *arena;       /* backend memory, engine->arena_size bytes */
  void **const_data;    /* per tensor: backend copy of constants */
  TrtPlan **plans;      /* by batch size (index 1 without a batch dim) */
  int nb_plans;
  TrtPlan *current;     /* the plan last run */
  void *workspace;
  size_t workspace_size;
  /* CPU layers in a device engine. */
  bool has_host_layers;
  uint8_t *host_arena;    /* one slot per tensor that a CPU layer touches */
  int64_t *host_offset;   /* per tensor: offset in host_arena, or -1 */
  int *first_host_reader; /* per tensor: first CPU layer reading it, or -1 */
  bool *upload;           /* per tensor: written on the CPU, read on the device */
  void *host_workspace;
  size_t host_workspace_size;
  TrtStatus host_status;  /* first failure of a CPU layer run from the queue */
  /* Page-locked staging of host bindings (device backends). */
  uint8_t *staging;
  size_t *staging_offset; /* per binding */
  /* Per-layer profile (trt_context_set_profiling): ms and runs per layer. */
  bool profiling;
  double *profile_ms;
  int64_t *profile_runs;
};

static bool on_host(const TrtContext *ctx, int layer) {
  return ctx->backend->kind != TRT_BACKEND_CPU &&
         ctx->engine->layer_backend[layer] == TRT_BACKEND_CPU;
}

static const TrtBackend *layer_backend(const TrtContext *ctx, int layer) {
  return on_host(ctx, layer) ? ctx->cpu : ctx->backend;
}

static void *host_alloc(const TrtContext *ctx, size_t size) {
  return ctx->backend->alloc_host ? ctx->backend->alloc_host(size) : ctx->cpu->alloc(size);
}

static void host_free(const TrtContext *ctx, void *ptr) {
  if (!ptr) return;
  if (ctx->backend->free_host)
    ctx->backend->free_host(ptr);
  else
    ctx->cpu->free(ptr);
}

static size_t view_bytes(const TrtShapeView *v) {
  int64_t n = trt_dims_volume(&v->dims);
  return (size_t)(n > 0 ? n : 0) * trt_data_type_size(v->type);
}

static void plan_free(TrtContext *ctx, TrtPlan *plan) {
  if (!plan) return;
  const TrtNetwork *g = ctx->engine->graph;
  if (plan->graph) ctx->backend->graph_free(plan->graph);
  if (plan->args)
    for (int i = 0; i < g->nb_layers; i++) {
      const TrtKernel *k = layer_backend(ctx, i)->get_kernel(g->layers[i]->type);
      if (plan->prepared[i] && k && k->release) k->release(&plan->args[i]);
    }
  if (plan->known)
    for (int i = 0; i < g->nb_tensors; i++)
      if (plan->known[i]) ctx->backend->free(plan->known[i]);
  trt_shape_state_free(&plan->shapes);
  free(plan->args);
  free(plan->views);
  free(plan->folded);
  free(plan->prepared);
  free(plan->data);
  free(plan->known);
  free(plan->calls);
  free(plan);
}

void trt_context_free(TrtContext *ctx) {
  if (!ctx) return;
  if (ctx->backend_ctx && ctx->backend->synchronize) ctx->backend->synchronize(ctx->backend_ctx);
  for (int b = 0; b < ctx->nb_plans; b++) plan_free(ctx, ctx->plans[b]);
  free(ctx->plans);
  const TrtNetwork *g = ctx->engine->graph;
  if (ctx->const_data && ctx->backend->kind != TRT_BACKEND_CPU)
    for (int i = 0; i < g->nb_tensors; i++)
      if (ctx->const_data[i]) ctx->backend->free(ctx->const_data[i]);
  free(ctx->const_data);
  if (ctx->arena) ctx->backend->free(ctx->arena);
  if (ctx->workspace) ctx->backend->free(ctx->workspace);
  if (ctx->host_workspace) ctx->cpu->free(ctx->host_workspace);
  host_free(ctx, ctx->host_arena);
  host_free(ctx, ctx->staging);
  if (ctx->backend_ctx && ctx->backend->context_free)
    ctx->backend->context_free(ctx->backend_ctx);
  free(ctx->host_offset);
  free(ctx->first_host_reader);
  free(ctx->upload);
  free(ctx->staging_offset);
  free(ctx->profile_ms);
  free(ctx->profile_runs);
  free(ctx);
}

/* Host address of tensor t for a CPU layer of a device engine. */
static void *host_data(TrtContext *ctx, const TrtPlan *plan, const TrtTensor *t) {
  if (t->role == TRT_TENSOR_CONSTANT) return t->data;
  if (plan->known[t->id]) return (void *)plan->shapes.views[t->id].value;
  return ctx->host_arena + ctx->host_offset[t->id];
}

/* Grows the shared workspaces to what a new plan needs. Graphs recorded
 * with the old addresses are dropped (they are recorded again). */
static TrtStatus fit_workspaces(TrtContext *ctx, const TrtPlan *plan) {
  bool moved = false;
  /* Never NULL, even when no layer needs one: kernels offset into it, and
   * an offset from NULL is undefined even when it is 0. */
  size_t need = plan->workspace_size ? plan->workspace_size : HOST_ALIGN;
  size_t host_need = plan->host_workspace_size ? plan->host_workspace_size : HOST_ALIGN;
  if (!ctx->workspace || need > ctx->workspace_size) {
    if (ctx->workspace) ctx->backend->free(ctx->workspace);
    ctx->workspace = ctx->backend->alloc(need);
    ctx->workspace_size = ctx->workspace ? need : 0;
    if (!ctx->workspace) return TRT_STATUS_OUT_OF_MEMORY;
    moved = true;
  }
  if (!ctx->host_workspace || host_need > ctx->host_workspace_size) {
    if (ctx->host_workspace) ctx->cpu->free(ctx->host_workspace);
    ctx->host_workspace = ctx->cpu->alloc(host_need);
    ctx->host_workspace_size = ctx->host_workspace ? host_need : 0;
    if (!ctx->host_workspace) return TRT_STATUS_OUT_OF_MEMORY;
    moved = true;
  }
  if (!moved) return TRT_STATUS_OK;
  const TrtNetwork *g = ctx->engine->graph;
  for (int b = 0; b < ctx->nb_plans; b++) {
    TrtPlan *p = ctx->plans[b];
    if (!p) continue;
    for (int i = 0; i < g->nb_layers; i++)
      p->args[i].workspace = on_host(ctx, i) ? ctx->host_workspace : ctx->workspace;
    if (p->graph) {
      ctx->backend->graph_free(p->graph);
      p->graph = NULL;
    }
  }
  return TRT_STATUS_OK;
}

/* Shapes at `batch`, where every tensor lives, and the kernels prepared. */
static TrtStatus plan_prepare(TrtContext *ctx, TrtPlan *plan) {
  TrtEngine *e = ctx->engine;
  const TrtNetwork *g = e->graph;
  TrtLogger *logger = e->logger;
  TrtDims *dims = malloc(((size_t)g->nb_inputs + 1) * sizeof *dims);
  if (!dims) return TRT_STATUS_OUT_OF_MEMORY;
  for (int i = 0; i < g->nb_inputs; i++) {
    dims[i] = g->inputs[i]->dims;
    if (e->max_batch && e->declared_dims[i].nb_dims > 0 && e->declared_dims[i].d[0] == -1)
      dims[i].d[0] = plan->batch;
  }
  TrtStatus s = trt_infer_network(g, dims, false, &plan->shapes, logger);
  free(dims);
  if (s != TRT_STATUS_OK) return s;

  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtShapeView *v = &plan->shapes.views[i];
    if (e->slots[i].offset < 0) continue;
    if (view_bytes(v) > e->slots[i].size) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              "tensor '%s' needs %llu bytes at batch %d but the engine planned %llu: rebuild "
              "the engine",
              g->tensors[i]->name, (unsigned long long)view_bytes(v), plan->batch,
              (unsigned long long)e->slots[i].size);
      return TRT_STATUS_SHAPE_ERROR;
    }
  }

  /* A layer whose outputs are all known is not run: its outputs are copied
   * to the backend once, here. */
  for (int li = 0; li < g->nb_layers; li++) {
    const TrtLayer *l = g->layers[li];
    bool known = true;
    for (int i = 0; i < l->nb_outputs; i++)
      if (!plan->shapes.views[l->outputs[i]->id].value) known = false;
    plan->folded[li] = known;
  }
  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtTensor *t = g->tensors[i];
    if (t->role == TRT_TENSOR_CONSTANT) {
      plan->data[i] = ctx->const_data[i];
    } else if (t->producer && plan->folded[t->producer->id]) {
      const TrtShapeView *v = &plan->shapes.views[i];
      plan->known[i] = ctx->backend->alloc(view_bytes(v) ? view_bytes(v) : 1);
      if (!plan->known[i]) return TRT_STATUS_OUT_OF_MEMORY;
      s = ctx->backend->copy_to_device(plan->known[i], v->value, view_bytes(v), ctx->backend_ctx);
      if (s != TRT_STATUS_OK) return s;
      plan->data[i] = plan->known[i];
    } else {
      plan->data[i] = ctx->arena + e->slots[i].offset;
    }
  }
  if (ctx->backend->synchronize && (s = ctx->backend->synchronize(ctx->backend_ctx)) != TRT_STATUS_OK)
    return s;

  TrtTensorView *view = plan->views;
  for (int li = 0; li < g->nb_layers; li++) {
    const TrtLayer *l = g->layers[li];
    TrtKernelArgs *a = &plan->args[li];
    bool host = on_host(ctx, li);
    memset(a, 0, sizeof *a);
    a->type = l->type;
    a->layer_name = l->name;
    a->params = l->params;
    a->logger = logger;
    a->backend_context = host ? NULL : ctx->backend_ctx;
    memcpy(a->tactic, e->layer_tactic[li], sizeof a->tactic);
    a->precision = e->precision;
    a->timing_cache = e->timing_cache;
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
      const TrtShapeView *v = &plan->shapes.views[t->id];
      a->inputs[i] = (TrtTensorView){.type = v->type, .dims = v->dims,
                                     .data = host ? host_data(ctx, plan, t) : plan->data[t->id],
                                     .host_value = v->value, .present = true,
                                     .channels_last = t->channels_last};
    }
    for (int i = 0; i < l->nb_outputs; i++) {
      const TrtTensor *t = l->outputs[i];
      const TrtShapeView *v = &plan->shapes.views[t->id];
      a->outputs[i] = (TrtTensorView){.type = v->type, .dims = v->dims,
                                      .data = host ? host_data(ctx, plan, t) : plan->data[t->id],
                                      .present = true, .channels_last = t->channels_last};
    }
    plan->calls[li] = (HostCall){.ctx = ctx, .plan = plan, .layer = li};
    if (plan->folded[li]) continue;
    const TrtBackend *b = layer_backend(ctx, li);
    const TrtKernel *k = b->get_kernel(l->type);
    if (!k) {
      trt_log(logger, TRT_SEVERITY_ERROR, "layer '%s' (%s): no %s kernel", l->name,
              trt_layer_type_name(l->type), b->name);
      return TRT_STATUS_UNSUPPORTED;
    }
    if (k->prepare) {
      s = k->prepare(a);
      if (s != TRT_STATUS_OK) {
        /* The user learns which layer failed even when the kernel did not
         * log; what the kernel did set up is released. */
        trt_log(logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) cannot run on %s: %s", l->name,
                trt_layer_type_name(l->type), b->name, trt_status_to_string(s));
        if (k->release) k->release(a);
        return s;
      }
    }
    plan->prepared[li] = true;
    if (!e->layer_tactic[li][0] && a->tactic[0])
      memcpy(e->layer_tactic[li], a->tactic, sizeof a->tactic);
    size_t *ws = host ? &plan->host_workspace_size : &plan->workspace_size;
    if (a->workspace_size > *ws) *ws = a->workspace_size;
  }
  s = fit_workspaces(ctx, plan);
  if (s != TRT_STATUS_OK) return s;
  for (int li = 0; li < g->nb_layers; li++)
    plan->args[li].workspace = on_host(ctx, li) ? ctx->host_workspace : ctx->workspace;
  return TRT_STATUS_OK;
}

/* The plan for `batch`, made on first use. */
static TrtStatus get_plan(TrtContext *ctx, int batch, TrtPlan **out) {
  if (ctx->plans[batch]) {
    *out = ctx->plans[batch];
    return TRT_STATUS_OK;
  }
  const TrtNetwork *g = ctx->engine->graph;
  int nb_views = 0;
  for (int i = 0; i < g->nb_layers; i++)
    nb_views += g->layers[i]->nb_inputs + g->layers[i]->nb_outputs;
  size_t layers = (size_t)g->nb_layers + 1, tensors = (size_t)g->nb_tensors + 1;
  TrtPlan *plan = calloc(1, sizeof *plan);
  if (!plan) return TRT_STATUS_OUT_OF_MEMORY;
  plan->batch = batch;
  plan->args = calloc(layers, sizeof *plan->args);
  plan->views = calloc((size_t)nb_views + 1, sizeof *plan->views);
  plan->folded = calloc(layers, sizeof *plan->folded);
  plan->prepared = calloc(layers, sizeof *plan->prepared);
  plan->calls = calloc(layers, sizeof *plan->calls);
  plan->data = calloc(tensors, sizeof *plan->data);
  plan->known = calloc(tensors, sizeof *plan->known);
  TrtStatus s = TRT_STATUS_OUT_OF_MEMORY;
  if (plan->args && plan->views && plan->folded && plan->prepared && plan->calls && plan->data &&
      plan->known)
    s = plan_prepare(ctx, plan);
  if (s != TRT_STATUS_OK) {
    plan_free(ctx, plan);
    return s;
  }
  ctx->plans[batch] = plan;
  *out = plan;
  return TRT_STATUS_OK;
}

/* Decides where CPU layers of a device engine keep their tensors. */
static TrtStatus plan_host_layers(TrtContext *ctx) {
  const TrtEngine *e = ctx->engine;
  const TrtNetwork *g = e->graph;
  size_t n = (size_t)g->nb_tensors + 1;
  ctx->host_offset = malloc(n * sizeof *ctx->host_offset);
  ctx->first_host_reader = malloc(n * sizeof *ctx->first_host_reader);
  ctx->upload = calloc(n, sizeof *ctx->upload);
  if (!ctx->host_offset || !ctx->first_host_reader || !ctx->upload)
    return TRT_STATUS_OUT_OF_MEMORY;
  for (int i = 0; i < g->nb_tensors; i++) {
    ctx->host_offset[i] = -1;
    ctx->first_host_reader[i] = -1;
  }
  uint64_t size = 0;
  for (int li = 0; li < g->nb_layers; li++) {
    const TrtLayer *l = g->layers[li];
    bool host = on_host(ctx, li);
    for (int k = 0; k < l->nb_inputs + l->nb_outputs; k++) {
      const TrtTensor *t = k < l->nb_inputs ? l->inputs[k] : l->outputs[k - l->nb_inputs];
      if (!t || t->role == TRT_TENSOR_CONSTANT) continue;
      bool written_on_host = t->producer && on_host(ctx, t->producer->id);
      if (!host) {
        if (k < l->nb_inputs && written_on_host) ctx->upload[t->id] = true;
        continue;
      }
      ctx->has_host_layers = true;
      if (k < l->nb_inputs && ctx->first_host_reader[t->id] < 0)
        ctx->first_host_reader[t->id] = li;
      if (ctx->host_offset[t->id] < 0) {
        ctx->host_offset[t->id] = (int64_t)size;
        size += (e->slots[t->id].size + HOST_ALIGN - 1) / HOST_ALIGN * HOST_ALIGN;
      }
    }
  }
  for (int i = 0; i < g->nb_outputs; i++) {
    const TrtTensor *t = g->outputs[i];
    if (t->producer && on_host(ctx, t->producer->id)) ctx->upload[t->id] = true;
  }
  if (!ctx->has_host_layers) return TRT_STATUS_OK;
  ctx->host_arena = host_alloc(ctx, size ? size : HOST_ALIGN);
  return ctx->host_arena ? TRT_STATUS_OK : TRT_STATUS_OUT_OF_MEMORY;
}

/* Page-locked buffers for the bindings of execute() on a device. */
static TrtStatus plan_staging(TrtContext *ctx) {
  const TrtEngine *e = ctx->engine;
  int nb = trt_engine_get_nb_bindings(e);
  ctx->staging_offset = calloc((size_t)nb + 1, sizeof *ctx->staging_offset);
  if (!ctx->staging_offset) return TRT_STATUS_OUT_OF_MEMORY;
  size_t size = 0;
  for (int i = 0; i < nb; i++) {
    const TrtTensor *t = trt_engine_binding_tensor(e, i);
    int64_t vol = trt_dims_volume(&t->dims);
    ctx->staging_offset[i] = size;
    size += ((size_t)(vol > 0 ? vol : 0) * trt_data_type_size(t->type) + HOST_ALIGN - 1) /
            HOST_ALIGN * HOST_ALIGN;
  }
  ctx->staging = host_alloc(ctx, size ? size : HOST_ALIGN);
  return ctx->staging ? TRT_STATUS_OK : TRT_STATUS_OUT_OF_MEMORY;
}

TrtContext *trt_engine_create_context(TrtEngine *engine) {
  if (!engine) return NULL;
  const TrtNetwork *g = engine->graph;
  TrtLogger *logger = engine->logger;
  TrtContext *ctx = calloc(1, sizeof *ctx);
  if (!ctx) return NULL;
  ctx->engine = engine;
  ctx->cpu = trt_backend_cpu();
  ctx->backend = trt_backend_get(engine->backend);
  if (!ctx->backend) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "the engine needs the %s backend, which this build of trtinfer lacks",
            trt_backend_kind_name(engine->backend));
    free(ctx);
    return NULL;
  }
  /* TRTINFER_CUDA_GRAPHS=0 runs layer by layer (for debugging and timing). */
  const char *graphs = getenv("TRTINFER_CUDA_GRAPHS");
  ctx->use_graphs = ctx->backend->graph_begin && !(graphs && strcmp(graphs, "0") == 0);
  ctx->nb_plans = (engine->max_batch ? engine->max_batch : 1) + 1;
  ctx->plans = calloc((size_t)ctx->nb_plans, sizeof *ctx->plans);
  ctx->const_data = calloc((size_t)g->nb_tensors + 1, sizeof *ctx->const_data);
  if (!ctx->plans || !ctx->const_data) goto fail;
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
  if (ctx->backend->kind != TRT_BACKEND_CPU &&
      (plan_host_layers(ctx) != TRT_STATUS_OK ||
       (ctx->backend->alloc_host && plan_staging(ctx) != TRT_STATUS_OK)))
    goto fail;
  TrtPlan *plan;
  if (get_plan(ctx, engine->max_batch ? engine->max_batch : 1, &plan) != TRT_STATUS_OK) goto fail;
  ctx->current = plan;
  return ctx;
fail:
  trt_context_free(ctx);
  return NULL;
}

/* Runs one CPU layer of a device engine, from the device's queue. */
static void run_host_layer(void *data) {
  HostCall *call = data;
  TrtContext *ctx = call->ctx;
  if (ctx->host_status != TRT_STATUS_OK) return;
  const TrtLayer *l = ctx->engine->graph->layers[call->layer];
  TrtStatus s = ctx->cpu->get_kernel(l->type)->run(&call->plan->args[call->layer]);
  if (s != TRT_STATUS_OK) {
    trt_log(ctx->engine->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) failed on cpu: %s",
            l->name, trt_layer_type_name(l->type), trt_status_to_string(s));
    ctx->host_status = s;
  }
}

/* Queues a CPU layer of a device engine with its copies. */
static TrtStatus enqueue_host_layer(TrtContext *ctx, TrtPlan *plan, int li) {
  const TrtLayer *l = ctx->engine->graph->layers[li];
  const TrtBackend *b = ctx->backend;
  TrtStatus s;
  for (int i = 0; i < l->nb_inputs; i++) {
    const TrtTensor *t = l->inputs[i];
    if (!t || t->role == TRT_TENSOR_CONSTANT || plan->known[t->id]) continue;
    bool on_device = !t->producer || !on_host(ctx, t->producer->id);
    if (on_device && ctx->first_host_reader[t->id] == li &&
        (s = b->copy_to_host(host_data(ctx, plan, t), plan->data[t->id],
                             view_bytes(&plan->shapes.views[t->id]), ctx->backend_ctx)) !=
            TRT_STATUS_OK)
      return s;
  }
  if ((s = b->launch_host(ctx->backend_ctx, run_host_layer, &plan->calls[li])) != TRT_STATUS_OK)
    return s;
  for (int i = 0; i < l->nb_outputs; i++) {
    const TrtTensor *t = l->outputs[i];
    if (ctx->upload[t->id] &&
        (s = b->copy_to_device(plan->data[t->id], host_data(ctx, plan, t),
                               view_bytes(&plan->shapes.views[t->id]), ctx->backend_ctx)) !=
            TRT_STATUS_OK)
      return s;
  }
  return TRT_STATUS_OK;
}

/* Queues (or, on the CPU, runs) every layer of the plan. */
static TrtStatus enqueue_layers(TrtContext *ctx, TrtPlan *plan) {
  const TrtNetwork *g = ctx->engine->graph;
  for (int li = 0; li < g->nb_layers; li++) {
    if (plan->folded[li]) continue;
    const TrtLayer *l = g->layers[li];
    TrtStatus s = on_host(ctx, li)
                      ? enqueue_host_layer(ctx, plan, li)
                      : ctx->backend->get_kernel(l->type)->run(&plan->args[li]);
    if (s != TRT_STATUS_OK) {
      trt_log(ctx->engine->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) failed: %s", l->name,
              trt_layer_type_name(l->type), trt_status_to_string(s));
      return s;
    }
  }
  return TRT_STATUS_OK;
}

/* Runs the layers one by one, waiting for each, and adds up their times. */
static TrtStatus profile_layers(TrtContext *ctx, TrtPlan *plan) {
  const TrtBackend *b = ctx->backend;
  const TrtNetwork *g = ctx->engine->graph;
  TrtStatus s = b->synchronize ? b->synchronize(ctx->backend_ctx) : TRT_STATUS_OK;
  for (int li = 0; li < g->nb_layers && s == TRT_STATUS_OK; li++) {
    if (plan->folded[li]) continue;
    double start = trt_now_ms();
    const TrtLayer *l = g->layers[li];
    s = on_host(ctx, li) ? enqueue_host_layer(ctx, plan, li)
                         : b->get_kernel(l->type)->run(&plan->args[li]);
    if (s == TRT_STATUS_OK && b->synchronize) s = b->synchronize(ctx->backend_ctx);
    ctx->profile_ms[li] += trt_now_ms() - start;
    ctx->profile_runs[li]++;
    if (s != TRT_STATUS_OK)
      trt_log(ctx->engine->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) failed: %s", l->name,
              trt_layer_type_name(l->type), trt_status_to_string(s));
  }
  return s;
}

void trt_context_set_profiling(TrtContext *ctx, bool enabled) {
  if (!ctx) return;
  int n = ctx->engine->graph->nb_layers;
  if (enabled && !ctx->profile_ms) {
    ctx->profile_ms = calloc((size_t)n + 1, sizeof *ctx->profile_ms);
    ctx->profile_runs = calloc((size_t)n + 1, sizeof *ctx->profile_runs);
    if (!ctx->profile_ms || !ctx->profile_runs) {
      free(ctx->profile_ms);
      free(ctx->profile_runs);
      ctx->profile_ms = NULL;
      ctx->profile_runs = NULL;
      trt_log(ctx->engine->logger, TRT_SEVERITY_ERROR, "profiling: out of memory");
      return;
    }
  }
  ctx->profiling = enabled;
}

int trt_context_get_profile(const TrtContext *ctx, TrtLayerProfile *out, int capacity) {
  if (!ctx || !ctx->profile_ms) return 0;
  const TrtEngine *e = ctx->engine;
  int n = e->graph->nb_layers;
  for (int i = 0; i < n && i < capacity && out; i++) {
    const TrtLayer *l = e->graph->layers[i];
    out[i] = (TrtLayerProfile){.name = l->name,
                               .kind = trt_layer_type_name(l->type),
                               .backend = trt_backend_get(e->layer_backend[i])->name,
                               .total_ms = ctx->profile_ms[i],
                               .runs = ctx->profile_runs[i]};
  }
  return n;
}

/* Replays the plan's graph, recording it on the second run (the first one
 * lets libraries finish their lazy setup). A backend that cannot record
 * this engine runs it layer by layer from then on. */
static TrtStatus run_layers(TrtContext *ctx, TrtPlan *plan) {
  const TrtBackend *b = ctx->backend;
  if (ctx->profiling) return profile_layers(ctx, plan);
  if (ctx->use_graphs && !plan->graph && !plan->graph_failed && plan->runs >= 1) {
    TrtStatus s = b->graph_begin(ctx->backend_ctx);
    if (s == TRT_STATUS_OK) {
      s = enqueue_layers(ctx, plan);
      void *graph = NULL;
      TrtStatus end = b->graph_end(ctx->backend_ctx, &graph);
      if (s == TRT_STATUS_OK && end == TRT_STATUS_OK) {
        plan->graph = graph;
      } else {
        b->graph_free(graph);
        plan->graph_failed = true;
        trt_log(ctx->engine->logger, TRT_SEVERITY_INFO,
                "batch %d: the layers cannot be recorded as a graph; running them one by one",
                plan->batch);
      }
    } else {
      plan->graph_failed = true;
    }
  }
  return plan->graph ? b->graph_launch(ctx->backend_ctx, plan->graph) : enqueue_layers(ctx, plan);
}

/* Frames that fill an input binding (execute_images). */
typedef struct {
  int binding;
  const TrtImageView *images;
  const TrtPreprocessParams *params;
  TrtImageMapping *mappings;
} Frames;

/* Preprocesses the frames into the input tensor: on the device where the
 * backend can, else (CPU memory) with lib/vision. */
static TrtStatus fill_from_frames(TrtContext *ctx, const Frames *f, int batch, void *dst) {
  const TrtBackend *b = ctx->backend;
  if (b->preprocess)
    return b->preprocess(ctx->backend_ctx, f->images, batch, f->params, dst, f->mappings);
  if (b->kind == TRT_BACKEND_CPU)
    return trt_preprocess_batch(f->images, batch, f->params, dst, f->mappings,
                                ctx->engine->logger);
  trt_log(ctx->engine->logger, TRT_SEVERITY_ERROR, "backend %s cannot preprocess frames",
          b->name);
  return TRT_STATUS_UNSUPPORTED;
}

static TrtStatus run(TrtContext *ctx, int batch_size, void *const *bindings, bool host_bindings,
                     void *stream, const Frames *frames) {
  TrtEngine *e = ctx->engine;
  const TrtNetwork *g = e->graph;
  const TrtBackend *b = ctx->backend;
  TrtStatus s;
  if (!bindings) return TRT_STATUS_INVALID_ARGUMENT;
  if (!e->max_batch) {
    batch_size = 1;
  } else if (batch_size < 1 || batch_size > e->max_batch) {
    trt_log(e->logger, TRT_SEVERITY_ERROR,
            "batch size %d is outside 1..%d, the engine's max batch size", batch_size,
            e->max_batch);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  for (int i = 0; i < g->nb_inputs + g->nb_outputs; i++)
    if (!bindings[i] && !(frames && i == frames->binding)) {
      trt_log(e->logger, TRT_SEVERITY_ERROR, "binding %d ('%s') is NULL", i,
              trt_engine_get_binding_name(e, i));
      return TRT_STATUS_INVALID_ARGUMENT;
    }
  if (b->set_stream && (s = b->set_stream(ctx->backend_ctx, stream)) != TRT_STATUS_OK) return s;
  TrtPlan *plan;
  if ((s = get_plan(ctx, batch_size, &plan)) != TRT_STATUS_OK) return s;
  ctx->current = plan;
  ctx->host_status = TRT_STATUS_OK;
  bool staged = host_bindings && ctx->staging;
  for (int i = 0; i < g->nb_inputs; i++) {
    const TrtTensor *t = g->inputs[i];
    size_t bytes = view_bytes(&plan->shapes.views[t->id]);
    if (frames && i == frames->binding) {
      if ((s = fill_from_frames(ctx, frames, batch_size, plan->data[t->id])) != TRT_STATUS_OK)
        return s;
      continue;
    }
    const void *src = bindings[i];
    if (staged) {
      memcpy(ctx->staging + ctx->staging_offset[i], src, bytes);
      src = ctx->staging + ctx->staging_offset[i];
    }
    /* Device-to-device on a device backend: it tells the kinds apart. */
    if ((s = b->copy_to_device(plan->data[t->id], src, bytes, ctx->backend_ctx)) != TRT_STATUS_OK)
      return s;
  }
  if ((s = run_layers(ctx, plan)) != TRT_STATUS_OK) return s;
  for (int i = 0; i < g->nb_outputs; i++) {
    const TrtTensor *t = g->outputs[i];
    int binding = g->nb_inputs + i;
    void *dst = staged ? ctx->staging + ctx->staging_offset[binding] : bindings[binding];
    s = b->copy_to_host(dst, plan->data[t->id], view_bytes(&plan->shapes.views[t->id]),
                        ctx->backend_ctx);
    if (s != TRT_STATUS_OK) return s;
  }
  plan->runs++;
  if (!host_bindings && b->kind != TRT_BACKEND_CPU) return TRT_STATUS_OK; /* enqueue */
  if (b->synchronize && (s = b->synchronize(ctx->backend_ctx)) != TRT_STATUS_OK) return s;
  if (ctx->host_status != TRT_STATUS_OK) return ctx->host_status;
  if (staged)
    for (int i = 0; i < g->nb_outputs; i++) {
      int binding = g->nb_inputs + i;
      memcpy(bindings[binding], ctx->staging + ctx->staging_offset[binding],
             view_bytes(&plan->shapes.views[g->outputs[i]->id]));
    }
  return TRT_STATUS_OK;
}

TrtStatus trt_context_execute(TrtContext *ctx, int batch_size, void *const *bindings) {
  if (!ctx) return TRT_STATUS_INVALID_ARGUMENT;
  return run(ctx, batch_size, bindings, true, NULL, NULL);
}

TrtStatus trt_context_execute_images(TrtContext *ctx, int input, const TrtImageView *images,
                                     int count, const TrtPreprocessParams *params,
                                     void *const *bindings, TrtImageMapping *mappings) {
  if (!ctx || !images || !params || !bindings) return TRT_STATUS_INVALID_ARGUMENT;
  TrtEngine *e = ctx->engine;
  const TrtTensor *t = trt_engine_binding_tensor(e, input);
  if (!t || !trt_engine_binding_is_input(e, input) || t->type != TRT_DATA_TYPE_FLOAT) {
    trt_log(e->logger, TRT_SEVERITY_ERROR,
            "execute_images: binding %d is not a float32 input of the engine", input);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  const TrtDims *d = &t->dims;
  int64_t fixed_batch = d->nb_dims == 4 && !e->max_batch ? d->d[0] : 1;
  if ((d->nb_dims != 3 && d->nb_dims != 4) ||
      d->d[d->nb_dims - 3] != trt_color_format_channels(params->color_format) ||
      d->d[d->nb_dims - 2] != params->height || d->d[d->nb_dims - 1] != params->width ||
      count < 1 || (!e->max_batch && count != fixed_batch) ||
      (e->max_batch && count > e->max_batch) || count > 65535) {
    char text[128];
    trt_log(e->logger, TRT_SEVERITY_ERROR,
            "execute_images: input '%s' %s does not take %d frame(s) of %d channel(s) at "
            "%dx%d",
            t->name, trt_dims_format(d, text, sizeof text), count,
            trt_color_format_channels(params->color_format), params->width, params->height);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  for (int i = 0; i < count; i++) {
    TrtStatus s = trt_preprocess_check(&images[i], params, e->logger);
    if (s != TRT_STATUS_OK) return s;
  }
  Frames frames = {input, images, params, mappings};
  return run(ctx, count, bindings, true, NULL, &frames);
}

TrtStatus trt_context_enqueue(TrtContext *ctx, int batch_size, void *const *bindings,
                              void *stream) {
  if (!ctx) return TRT_STATUS_INVALID_ARGUMENT;
  return run(ctx, batch_size, bindings, ctx->backend->kind == TRT_BACKEND_CPU, stream, NULL);
}

TrtStatus trt_context_synchronize(TrtContext *ctx) {
  if (!ctx) return TRT_STATUS_INVALID_ARGUMENT;
  const TrtBackend *b = ctx->backend;
  if (b->set_stream) {
    TrtStatus s = b->set_stream(ctx->backend_ctx, NULL);
    if (s != TRT_STATUS_OK) return s;
  }
  TrtStatus s = b->synchronize ? b->synchronize(ctx->backend_ctx) : TRT_STATUS_OK;
  return s != TRT_STATUS_OK ? s : ctx->host_status;
}

void *trt_context_alloc_device_memory(TrtContext *ctx, size_t size) {
  return ctx ? ctx->backend->alloc(size ? size : 1) : NULL;
}

void trt_context_free_device_memory(TrtContext *ctx, void *ptr) {
  if (ctx && ptr) ctx->backend->free(ptr);
}

TrtStatus trt_context_copy_to_device(TrtContext *ctx, void *dst, const void *src, size_t size) {
  if (!ctx || (size && (!dst || !src))) return TRT_STATUS_INVALID_ARGUMENT;
  const TrtBackend *b = ctx->backend;
  if (b->set_stream) {
    TrtStatus s = b->set_stream(ctx->backend_ctx, NULL);
    if (s != TRT_STATUS_OK) return s;
  }
  TrtStatus s = b->copy_to_device(dst, src, size, ctx->backend_ctx);
  if (s == TRT_STATUS_OK && b->synchronize) s = b->synchronize(ctx->backend_ctx);
  return s;
}

TrtDims trt_context_get_binding_dims(const TrtContext *ctx, int i) {
  const TrtTensor *t = trt_engine_binding_tensor(ctx->engine, i);
  TrtDims none = {0};
  if (!t) return none;
  return ctx->current ? ctx->current->shapes.views[t->id].dims : t->dims;
}
