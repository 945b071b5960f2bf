/* The builder: clones the network, runs the passes, assigns backends, plans
 * memory and checks every kernel once by preparing a context. */
#include <stdlib.h>
#include <string.h>

#include "engine-impl.h"
#include "passes/passes.h"
#include "util.h"

struct TrtBuilder {
  TrtLogger *logger;
};

struct TrtBuilderConfig {
  int max_batch;
  size_t max_workspace;
  TrtPrecision precision;
  TrtBackendKind backend;
  int device_id;
  int optimization_level;
  char *model_hash;
  char *timing_cache;
};

TrtBuilder *trt_builder_new(TrtLogger *logger) {
  TrtBuilder *b = calloc(1, sizeof *b);
  if (b) b->logger = logger;
  return b;
}

void trt_builder_free(TrtBuilder *builder) { free(builder); }

TrtNetwork *trt_builder_create_network(TrtBuilder *builder) {
  TrtNetwork *n = trt_network_new();
  if (n) n->logger = builder->logger;
  return n;
}

TrtBuilderConfig *trt_builder_config_new(void) {
  TrtBuilderConfig *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->max_batch = 1;
  c->max_workspace = (size_t)1 << 30;
  c->optimization_level = 3;
  return c;
}

void trt_builder_config_free(TrtBuilderConfig *c) {
  if (!c) return;
  free(c->model_hash);
  free(c->timing_cache);
  free(c);
}

void trt_builder_config_set_max_batch_size(TrtBuilderConfig *c, int n) {
  c->max_batch = n > 0 ? n : 1;
}
int trt_builder_config_get_max_batch_size(const TrtBuilderConfig *c) {
  return c->max_batch;
}
void trt_builder_config_set_max_workspace_size(TrtBuilderConfig *c, size_t b) {
  c->max_workspace = b;
}
void trt_builder_config_set_precision(TrtBuilderConfig *c, TrtPrecision p) {
  c->precision = p;
}
TrtPrecision trt_builder_config_get_precision(const TrtBuilderConfig *c) {
  return c->precision;
}
void trt_builder_config_set_backend(TrtBuilderConfig *c, TrtBackendKind k) {
  c->backend = k;
}
TrtBackendKind trt_builder_config_get_backend(const TrtBuilderConfig *c) {
  return c->backend;
}
void trt_builder_config_set_device_id(TrtBuilderConfig *c, int id) {
  c->device_id = id;
}
void trt_builder_config_set_optimization_level(TrtBuilderConfig *c, int l) {
  c->optimization_level = l;
}
static void set_string(char **dst, const char *s) {
  free(*dst);
  *dst = s ? trt_strdup(s) : NULL;
}
void trt_builder_config_set_model_hash(TrtBuilderConfig *c, const char *h) {
  set_string(&c->model_hash, h);
}
void trt_builder_config_set_timing_cache(TrtBuilderConfig *c, const char *p) {
  set_string(&c->timing_cache, p);
}

/* Picks the backend: AUTO takes CUDA when a device answers. */
static const TrtBackend *choose_backend(const TrtBuilderConfig *c,
                                        TrtLogger *logger, char *device,
                                        size_t size) {
  const TrtBackend *cuda = trt_backend_cuda();
  if (c->backend == TRT_BACKEND_CUDA || c->backend == TRT_BACKEND_AUTO) {
    if (cuda && cuda->is_available(c->device_id, device, size)) return cuda;
    if (c->backend == TRT_BACKEND_CUDA) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              cuda ? "backend cuda: no usable CUDA device %d (see the messages "
                     "above); use backend cpu or auto"
                   : "backend cuda: this build of trtinfer has no CUDA support "
                     "(device %d); use backend cpu or auto",
              c->device_id);
      return NULL;
    }
    trt_log(logger, TRT_SEVERITY_INFO, "no CUDA device: building for the CPU");
  }
  const TrtBackend *cpu = trt_backend_cpu();
  cpu->is_available(0, device, size);
  return cpu;
}

/* Input dims at the max batch and at batch 1; returns the max batch or 0
 * when no input has a batch dimension, -1 on error. */
static int resolve_input_dims(const TrtNetwork *net, int max_batch,
                              TrtDims *dims_max, TrtDims *dims_one,
                              TrtLogger *logger) {
  int batched = 0;
  for (int i = 0; i < net->nb_inputs; i++) {
    TrtDims d = net->inputs[i]->dims;
    dims_max[i] = dims_one[i] = d;
    if (d.nb_dims > 0 && d.d[0] == -1) {
      dims_max[i].d[0] = max_batch;
      dims_one[i].d[0] = 1;
      batched = 1;
    }
    for (int k = 0; k < d.nb_dims; k++) {
      if (dims_max[i].d[k] < 0) {
        char buf[128];
        trt_log(logger, TRT_SEVERITY_ERROR,
                "input '%s' has dims %s: dimension %d is unknown; give the shape "
                "(e.g. --input-shape %s=...)",
                net->inputs[i]->name, trt_dims_format(&d, buf, sizeof buf), k,
                net->inputs[i]->name);
        return -1;
      }
    }
  }
  return batched ? max_batch : 0;
}

static TrtStatus apply_shapes(TrtNetwork *graph, const TrtDims *dims_max,
                              TrtLogger *logger) {
  TrtShapeState st;
  TrtStatus s = trt_infer_network(graph, dims_max, false, &st, logger);
  if (s == TRT_STATUS_OK)
    for (int i = 0; i < graph->nb_tensors; i++) {
      graph->tensors[i]->dims = st.views[i].dims;
      graph->tensors[i]->type = st.views[i].type;
    }
  trt_shape_state_free(&st);
  return s;
}

static bool half_channels_last(const TrtTensor *t) {
  return t && t->channels_last && t->type == TRT_DATA_TYPE_HALF;
}

/* Layers the CPU kernels cannot run: float16 operands of kinds that read
 * float32 only (a network built that way by hand), and float16 tensors
 * stored channels-last (the half-storage pass's, for device kernels). */
static bool cpu_refuses_half(const TrtLayer *l) {
  bool half = false;
  for (int k = 0; k < l->nb_inputs; k++)
    if (l->inputs[k] && l->inputs[k]->type == TRT_DATA_TYPE_HALF) half = true;
  for (int k = 0; k < l->nb_inputs; k++)
    if (half_channels_last(l->inputs[k])) return true;
  for (int k = 0; k < l->nb_outputs; k++)
    if (half_channels_last(l->outputs[k])) return true;
  if (!half) return false;
  switch (l->type) {
  case TRT_LAYER_CONVOLUTION:
  case TRT_LAYER_POOLING:
  case TRT_LAYER_ACTIVATION: return true;
  case TRT_LAYER_ELEMENTWISE:
    return ((const TrtElementwiseParams *)l->params)->activation.type != TRT_ACTIVATION_NONE;
  default: return false;
  }
}

typedef struct {
  const TrtBackend *backend;
  TrtTensorView *views;
} HalfQuery;

static bool backend_takes_half(const TrtLayer *l, void *user) {
  HalfQuery *q = user;
  const TrtBackend *b = q->backend;
  if (!b->supports_half || !b->get_kernel(l->type)) return false;
  for (int k = 0; k < l->nb_inputs; k++) {
    const TrtTensor *t = l->inputs[k];
    q->views[k] = t ? (TrtTensorView){.type = t->type, .dims = t->dims,
                                      .host_value = t->role == TRT_TENSOR_CONSTANT ? t->data : NULL,
                                      .present = true}
                    : (TrtTensorView){0};
  }
  return (!b->supports || b->supports(l->type, l->params, q->views, l->nb_inputs)) &&
         b->supports_half(l->type, l->params, q->views, l->nb_inputs);
}

/* FP16 on a device: chains of layers the backend runs in float16 store
 * their tensors in float16. */
static TrtStatus store_half(TrtNetwork *graph, const TrtBackend *backend) {
  int most = 1;
  for (int i = 0; i < graph->nb_layers; i++)
    if (graph->layers[i]->nb_inputs > most) most = graph->layers[i]->nb_inputs;
  HalfQuery q = {backend, calloc((size_t)most, sizeof *q.views)};
  if (!q.views) return TRT_STATUS_OUT_OF_MEMORY;
  TrtStatus s = trt_pass_half_storage(graph, backend_takes_half, &q);
  free(q.views);
  return s;
}

/* Each layer runs on the chosen backend when it has a kernel that takes
 * the layer's params and operands (whose known values it may need), else
 * on the CPU. */
static TrtStatus assign_backends(TrtEngine *engine, const TrtBackend *backend,
                                 const TrtDims *dims_max, TrtLogger *logger) {
  const TrtNetwork *g = engine->graph;
  TrtShapeState st;
  TrtStatus s = TRT_STATUS_OK;
  TrtTensorView *views = NULL;
  if (backend->kind != TRT_BACKEND_CPU &&
      (s = trt_infer_network(g, dims_max, false, &st, logger)) != TRT_STATUS_OK) {
    trt_shape_state_free(&st);
    return s;
  }
  for (int i = 0; i < g->nb_layers; i++) {
    const TrtLayer *l = g->layers[i];
    engine->layer_backend[i] = (uint8_t)backend->kind;
    if (backend->kind == TRT_BACKEND_CPU) {
      if (cpu_refuses_half(l)) {
        trt_log(logger, TRT_SEVERITY_ERROR,
                "layer '%s' (%s): float16 operands run only on the CUDA backend",
                l->name, trt_layer_type_name(l->type));
        s = TRT_STATUS_UNSUPPORTED;
        break;
      }
      continue;
    }
    bool ok = backend->get_kernel(l->type) != NULL;
    if (ok && backend->supports) {
      free(views);
      views = calloc((size_t)l->nb_inputs + 1, sizeof *views);
      if (!views) {
        s = TRT_STATUS_OUT_OF_MEMORY;
        break;
      }
      for (int k = 0; k < l->nb_inputs; k++) {
        const TrtTensor *t = l->inputs[k];
        if (!t) continue;
        const TrtShapeView *v = &st.views[t->id];
        views[k] = (TrtTensorView){.type = v->type, .dims = v->dims,
                                   .host_value = v->value, .present = true};
      }
      ok = backend->supports(l->type, l->params, views, l->nb_inputs);
    }
    if (!ok && cpu_refuses_half(l)) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              "layer '%s' (%s) has float16 operands but no %s kernel for its parameters",
              l->name, trt_layer_type_name(l->type), backend->name);
      s = TRT_STATUS_UNSUPPORTED;
      break;
    }
    if (!ok) {
      engine->layer_backend[i] = TRT_BACKEND_CPU;
      trt_log(logger, TRT_SEVERITY_INFO,
              "layer '%s' (%s) has no %s kernel for its parameters: it runs on the CPU",
              l->name, trt_layer_type_name(l->type), backend->name);
    }
  }
  free(views);
  if (backend->kind != TRT_BACKEND_CPU) trt_shape_state_free(&st);
  return s;
}

/* What building one engine from an optimized graph needs. */
typedef struct {
  const TrtNetwork *network; /* the user's, for the declared input dims */
  const TrtBuilderConfig *config;
  const TrtBackend *backend;
  const char *device;
  int max_batch;
  const TrtDims *dims_max;
  TrtLogger *logger;
} EngineBuild;

static TrtEngine *finish_engine(const EngineBuild *b, TrtNetwork *graph, double *ms);
static TrtEngine *build_fp16(const EngineBuild *b, TrtNetwork *graph);

TrtEngine *trt_builder_build_engine(TrtBuilder *builder,
                                    const TrtNetwork *network,
                                    const TrtBuilderConfig *config) {
  TrtLogger *logger = builder ? builder->logger : NULL;
  if (!builder || !network || !config) return NULL;
  if (network->nb_outputs == 0) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "the network has no outputs: mark at least one (--outputs NAME)");
    return NULL;
  }
  char device[256] = "";
  const TrtBackend *backend = choose_backend(config, logger, device, sizeof device);
  if (!backend) return NULL;
  if (config->precision == TRT_PRECISION_INT8) {
    trt_log(logger, TRT_SEVERITY_WARNING,
            "int8 precision needs calibration, which is not available yet: "
            "building in fp32");
  } else if (config->precision == TRT_PRECISION_FP16 &&
             backend->kind == TRT_BACKEND_CPU) {
    trt_log(logger, TRT_SEVERITY_INFO,
            "fp16 precision: the CPU backend computes in fp32");
  }

  TrtNetwork *graph = trt_network_clone(network);
  TrtDims *dims_max = calloc((size_t)network->nb_inputs + 1, sizeof *dims_max);
  TrtDims *dims_one = calloc((size_t)network->nb_inputs + 1, sizeof *dims_one);
  TrtEngine *engine = NULL;
  if (!graph || !dims_max || !dims_one) goto fail;
  graph->logger = logger;
  int max_batch = resolve_input_dims(graph, config->max_batch, dims_max,
                                     dims_one, logger);
  if (max_batch < 0) goto fail;

  /* Check shapes before optimizing, so errors name the user's layers. */
  if (apply_shapes(graph, dims_max, logger) != TRT_STATUS_OK) goto fail;
  if (config->optimization_level > 0) {
    if (trt_pass_dead_layers(graph, logger) != TRT_STATUS_OK ||
        trt_pass_identity(graph, logger) != TRT_STATUS_OK ||
        trt_pass_constant_folding(graph, dims_max, max_batch ? dims_one : NULL,
                                  logger) != TRT_STATUS_OK ||
        apply_shapes(graph, dims_max, logger) != TRT_STATUS_OK ||
        trt_pass_fusion(graph, backend->kind == TRT_BACKEND_CPU, logger) != TRT_STATUS_OK ||
        trt_pass_dead_layers(graph, logger) != TRT_STATUS_OK)
      goto fail;
  }
  if (apply_shapes(graph, dims_max, logger) != TRT_STATUS_OK) goto fail;
  EngineBuild build = {network, config, backend, device, max_batch, dims_max, logger};
  if (config->precision == TRT_PRECISION_FP16 && backend->kind != TRT_BACKEND_CPU) {
    engine = build_fp16(&build, graph);
    graph = NULL;
  } else {
    engine = finish_engine(&build, graph, NULL);
    graph = NULL;
  }
  free(dims_max);
  free(dims_one);
  return engine;

fail:
  trt_network_free(graph);
  free(dims_max);
  free(dims_one);
  return NULL;
}

/* The engine around an optimized graph (ownership taken): backends,
 * memory plan, header, and every kernel prepared once. With `ms`, also
 * times a run at the max batch. */
static TrtEngine *finish_engine(const EngineBuild *b, TrtNetwork *graph, double *ms) {
  const TrtNetwork *network = b->network;
  const TrtBuilderConfig *config = b->config;
  const TrtBackend *backend = b->backend;
  TrtLogger *logger = b->logger;
  const TrtDims *dims_max = b->dims_max;
  int max_batch = b->max_batch;
  TrtEngine *engine = NULL;
  TrtDims *declared = malloc(((size_t)graph->nb_inputs + 1) * sizeof *declared);
  if (!declared) goto fail;
  for (int i = 0; i < graph->nb_inputs; i++) declared[i] = network->inputs[i]->dims;
  engine = trt_engine_new(graph, logger);
  if (!engine) {
    free(declared);
    goto fail;
  }
  graph = NULL;
  engine->declared_dims = declared;
  engine->max_batch = max_batch;
  engine->backend = backend->kind;
  engine->device_id = config->device_id;
  engine->precision =
      backend->kind == TRT_BACKEND_CPU ? TRT_PRECISION_FP32 : config->precision;
  if (engine->precision == TRT_PRECISION_INT8) engine->precision = TRT_PRECISION_FP32;

  if (assign_backends(engine, backend, dims_max, logger) != TRT_STATUS_OK) goto fail;
  if (backend->kind == TRT_BACKEND_CPU && trt_cpu_prefers_channels_last() &&
      trt_pass_cpu_channels_last(engine->graph) != TRT_STATUS_OK)
    goto fail;
  if (trt_pass_memory_plan(engine) != TRT_STATUS_OK) goto fail;
  if (trt_engine_fill_header(engine, config->model_hash, b->device) != TRT_STATUS_OK)
    goto fail;

  /* Prepare every kernel once: unsupported layers fail here, at build time,
   * and the tactics chosen are recorded in the engine. */
  engine->timing_cache = config->timing_cache;
  TrtContext *probe = trt_engine_create_context(engine);
  engine->timing_cache = NULL;
  if (!probe) goto fail;
  if (ms) *ms = trt_engine_time_runs(engine, probe);
  trt_context_free(probe);
  trt_log(logger, TRT_SEVERITY_INFO,
          "built engine: %d layers on %s, arena %llu bytes (activations %llu)",
          engine->graph->nb_layers, backend->name,
          (unsigned long long)engine->arena_size,
          (unsigned long long)engine->activations_size);
  return engine;

fail:
  trt_network_free(graph);
  trt_engine_free(engine);
  return NULL;
}

/* FP16 on a device: float16 storage between layers (passes/half-storage.c)
 * wins on large batches, while small ones may run faster on float32
 * tensors that cuDNN converts itself. Both engines are built and timed at
 * the max batch, and the faster kept, as TensorRT times its tactics. */
static TrtEngine *build_fp16(const EngineBuild *b, TrtNetwork *graph) {
  TrtNetwork *half = trt_network_clone(graph);
  if (!half) {
    trt_network_free(graph);
    return NULL;
  }
  double half_ms = -1, float_ms = -1;
  TrtEngine *with_half = NULL;
  if (store_half(half, b->backend) == TRT_STATUS_OK &&
      apply_shapes(half, b->dims_max, b->logger) == TRT_STATUS_OK)
    with_half = finish_engine(b, half, &half_ms);
  else
    trt_network_free(half);
  TrtEngine *with_float = finish_engine(b, graph, &float_ms);
  if (!with_half || !with_float) {
    trt_engine_free(with_half);
    trt_engine_free(with_float);
    return NULL;
  }
  bool keep_half = half_ms >= 0 && (float_ms < 0 || half_ms <= float_ms);
  trt_log(b->logger, TRT_SEVERITY_INFO,
          "fp16: a run at batch %d takes %.3f ms with float16 tensors between layers, "
          "%.3f ms with float32 ones: keeping %s",
          b->max_batch ? b->max_batch : 1, half_ms, float_ms, keep_half ? "float16" : "float32");
  trt_engine_free(keep_half ? with_float : with_half);
  return keep_half ? with_half : with_float;
}
