/* The oneDNN executor: engine, memories, steps, run. See dnnl-op.h.
 *
 * Threads: Debian's oneDNN runs its primitives on OpenMP threads
 * (libgomp); OMP_NUM_THREADS limits them, and each op uses as many of them
 * as its work is worth (dnnl-threads.h). Each op has its own stream, and
 * each execution context its own ops, so contexts may run concurrently. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnnl-op.h"

#define MAX_MEMS 16
#define MAX_STEPS 8
#define MAX_ARGS 8
#define ALIGN 64

struct TrtDnnlOp {
  dnnl_stream_t stream;
  int nb_mems;
  struct {
    dnnl_memory_t mem;
    TrtDnnlSource source;
    int index;
    size_t offset; /* WORKSPACE */
  } mems[MAX_MEMS];
  int nb_steps;
  struct {
    dnnl_primitive_t prim;
    int nargs;
    dnnl_exec_arg_t args[MAX_ARGS];
  } steps[MAX_STEPS];
  size_t workspace;
  TrtActivationParams after;
  int threads;      /* OpenMP threads it was created for and runs on */
  int saved_threads; /* the caller's, while prepare builds the op */
};

bool trt_dnnl_allowed(void) {
  const char *v = getenv("TRTINFER_CPU_REFERENCE");
  return !v || !v[0] || strcmp(v, "0") == 0;
}

static dnnl_engine_t engine;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void engine_init(void) {
  if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) engine = NULL;
}

dnnl_engine_t trt_dnnl_engine(void) {
  pthread_once(&engine_once, engine_init);
  return engine;
}

TrtDnnlOp *trt_dnnl_op_new(TrtDnnlWork work) {
  TrtDnnlOp *op = calloc(1, sizeof *op);
  if (!op) return NULL;
  if (!trt_dnnl_engine() ||
      dnnl_stream_create(&op->stream, trt_dnnl_engine(), dnnl_stream_default_flags) !=
          dnnl_success) {
    free(op);
    return NULL;
  }
  op->threads = trt_dnnl_threads_for(work);
  op->saved_threads = trt_dnnl_threads_set(op->threads);
  return op;
}

void trt_dnnl_op_free(TrtDnnlOp *op) {
  if (!op) return;
  for (int i = 0; i < op->nb_steps; i++) dnnl_primitive_destroy(op->steps[i].prim);
  for (int i = 0; i < op->nb_mems; i++) dnnl_memory_destroy(op->mems[i].mem);
  dnnl_stream_destroy(op->stream);
  free(op);
}

dnnl_status_t trt_dnnl_plain_md(dnnl_memory_desc_t *md, int ndims, const int64_t *dims,
                                const int64_t *strides) {
  dnnl_dims_t d, s;
  int64_t stride = 1;
  for (int i = ndims - 1; i >= 0; i--) {
    d[i] = dims[i];
    s[i] = strides ? strides[i] : stride;
    stride *= dims[i];
  }
  return dnnl_memory_desc_init_by_strides(md, ndims, d, dnnl_f32, s);
}

dnnl_status_t trt_dnnl_view_md(dnnl_memory_desc_t *md, const TrtTensorView *v) {
  const int64_t *d = v->dims.d;
  if (!v->channels_last || v->dims.nb_dims != 4)
    return trt_dnnl_plain_md(md, v->dims.nb_dims, d, NULL);
  int64_t strides[4] = {d[1] * d[2] * d[3], 1, d[3] * d[1], d[1]};
  return trt_dnnl_plain_md(md, 4, d, strides);
}

dnnl_status_t trt_dnnl_any_md(dnnl_memory_desc_t *md, int ndims, const int64_t *dims) {
  dnnl_dims_t d;
  for (int i = 0; i < ndims; i++) d[i] = dims[i];
  return dnnl_memory_desc_init_by_tag(md, ndims, d, dnnl_f32, dnnl_format_tag_any);
}

int trt_dnnl_op_memory(TrtDnnlOp *op, const dnnl_memory_desc_t *md, TrtDnnlSource source,
                       int index) {
  if (op->nb_mems == MAX_MEMS) return -1;
  int h = op->nb_mems;
  void *handle = source == TRT_DNNL_OWNED ? DNNL_MEMORY_ALLOCATE : DNNL_MEMORY_NONE;
  if (dnnl_memory_create(&op->mems[h].mem, md, trt_dnnl_engine(), handle) != dnnl_success)
    return -1;
  op->mems[h].source = source;
  op->mems[h].index = index;
  if (source == TRT_DNNL_WORKSPACE) {
    op->mems[h].offset = op->workspace;
    op->workspace += (dnnl_memory_desc_get_size(md) + ALIGN - 1) / ALIGN * ALIGN;
  }
  op->nb_mems++;
  return h;
}

dnnl_primitive_attr_t trt_dnnl_attr_new(void) {
  dnnl_primitive_attr_t attr;
  if (dnnl_primitive_attr_create(&attr) != dnnl_success) return NULL;
  if (dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user) != dnnl_success) {
    dnnl_primitive_attr_destroy(attr);
    return NULL;
  }
  return attr;
}

static dnnl_primitive_desc_t reorder_pd(const dnnl_memory_desc_t *from,
                                        const dnnl_memory_desc_t *to) {
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_primitive_desc_t pd = NULL;
  if (!attr) return NULL;
  if (dnnl_reorder_primitive_desc_create(&pd, from, trt_dnnl_engine(), to, trt_dnnl_engine(),
                                         attr) != dnnl_success)
    pd = NULL;
  dnnl_primitive_attr_destroy(attr);
  return pd;
}

bool trt_dnnl_op_step(TrtDnnlOp *op, const_dnnl_primitive_desc_t pd, int nargs, const int *kinds,
                      const int *mems) {
  if (op->nb_steps == MAX_STEPS || nargs + 1 > MAX_ARGS) return false;
  for (int i = 0; i < nargs; i++)
    if (mems[i] < 0) return false;
  int s = op->nb_steps;
  if (dnnl_primitive_create(&op->steps[s].prim, pd) != dnnl_success) return false;
  op->nb_steps++;
  for (int i = 0; i < nargs; i++)
    op->steps[s].args[i] = (dnnl_exec_arg_t){kinds[i], op->mems[mems[i]].mem};
  op->steps[s].nargs = nargs;
  const dnnl_memory_desc_t *scratch = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
  if (scratch && dnnl_memory_desc_get_size(scratch) > 0) {
    int h = trt_dnnl_op_memory(op, scratch, TRT_DNNL_WORKSPACE, 0);
    if (h < 0) return false;
    op->steps[s].args[op->steps[s].nargs++] =
        (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, op->mems[h].mem};
  }
  return true;
}

/* Adds a reorder step from memory `from` to memory `to`. */
static bool add_reorder(TrtDnnlOp *op, int from, const dnnl_memory_desc_t *from_md, int to,
                        const dnnl_memory_desc_t *to_md) {
  dnnl_primitive_desc_t pd = reorder_pd(from_md, to_md);
  if (!pd) return false;
  bool ok = trt_dnnl_op_step(op, pd, 2, (const int[]){DNNL_ARG_FROM, DNNL_ARG_TO},
                             (const int[]){from, to});
  dnnl_primitive_desc_destroy(pd);
  return ok;
}

int trt_dnnl_op_input(TrtDnnlOp *op, const dnnl_memory_desc_t *user, const dnnl_memory_desc_t *want,
                      int index) {
  int src = trt_dnnl_op_memory(op, user, TRT_DNNL_INPUT, index);
  if (src < 0 || dnnl_memory_desc_equal(user, want)) return src;
  int dst = trt_dnnl_op_memory(op, want, TRT_DNNL_WORKSPACE, 0);
  return dst >= 0 && add_reorder(op, src, user, dst, want) ? dst : -1;
}

int trt_dnnl_op_constant(TrtDnnlOp *op, const dnnl_memory_desc_t *user, const void *data,
                         const dnnl_memory_desc_t *want) {
  int dst = trt_dnnl_op_memory(op, want, TRT_DNNL_OWNED, 0);
  if (dst < 0) return -1;
  dnnl_memory_t src = NULL;
  dnnl_primitive_desc_t pd = NULL;
  dnnl_primitive_t prim = NULL;
  bool ok = dnnl_memory_create(&src, user, trt_dnnl_engine(), (void *)data) == dnnl_success &&
            dnnl_reorder_primitive_desc_create(&pd, user, trt_dnnl_engine(), want,
                                               trt_dnnl_engine(), NULL) == dnnl_success &&
            dnnl_primitive_create(&prim, pd) == dnnl_success;
  if (ok) {
    dnnl_exec_arg_t a[2] = {{DNNL_ARG_FROM, src}, {DNNL_ARG_TO, op->mems[dst].mem}};
    ok = dnnl_primitive_execute(prim, op->stream, 2, a) == dnnl_success &&
         dnnl_stream_wait(op->stream) == dnnl_success;
  }
  dnnl_primitive_destroy(prim);
  dnnl_primitive_desc_destroy(pd);
  dnnl_memory_destroy(src);
  return ok ? dst : -1;
}

int trt_dnnl_op_output(TrtDnnlOp *op, const dnnl_memory_desc_t *user, const dnnl_memory_desc_t *have,
                       int index) {
  if (dnnl_memory_desc_equal(user, have)) return trt_dnnl_op_memory(op, user, TRT_DNNL_OUTPUT, index);
  return trt_dnnl_op_memory(op, have, TRT_DNNL_WORKSPACE, 0);
}

bool trt_dnnl_op_finish_output(TrtDnnlOp *op, int mem, const dnnl_memory_desc_t *user, int index) {
  if (op->mems[mem].source == TRT_DNNL_OUTPUT) return true;
  int dst = trt_dnnl_op_memory(op, user, TRT_DNNL_OUTPUT, index);
  dnnl_memory_desc_t have;
  const dnnl_memory_desc_t *md;
  if (dst < 0 || dnnl_memory_get_memory_desc(op->mems[mem].mem, &md) != dnnl_success) return false;
  have = *md;
  return add_reorder(op, mem, &have, dst, user);
}

void trt_dnnl_op_activate_after(TrtDnnlOp *op, const TrtActivationParams *act) {
  op->after = *act;
}

int trt_dnnl_activation_stages(const TrtActivationParams *act, TrtDnnlEltwise stages[2]) {
  float a = act->alpha, b = act->beta;
  switch ((TrtActivationType)act->type) {
  case TRT_ACTIVATION_NONE: return 0;
  case TRT_ACTIVATION_RELU: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_relu, 0, 0}; return 1;
  case TRT_ACTIVATION_LEAKY_RELU: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_relu, a, 0}; return 1;
  case TRT_ACTIVATION_SIGMOID: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_logistic, 0, 0}; return 1;
  case TRT_ACTIVATION_TANH: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_tanh, 0, 0}; return 1;
  case TRT_ACTIVATION_CLIP:
    /* oneDNN's clip differs from min(max(x, lo), hi) only when lo > hi. */
    if (a > b) return -1;
    stages[0] = (TrtDnnlEltwise){dnnl_eltwise_clip, a, b};
    return 1;
  case TRT_ACTIVATION_ELU: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_elu, a, 0}; return 1;
  case TRT_ACTIVATION_SELU: /* gamma * elu_alpha(x) */
    stages[0] = (TrtDnnlEltwise){dnnl_eltwise_elu, a, 0};
    stages[1] = (TrtDnnlEltwise){dnnl_eltwise_linear, b, 0};
    return 2;
  case TRT_ACTIVATION_SOFTPLUS: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_soft_relu, 0, 0}; return 1;
  case TRT_ACTIVATION_HARD_SIGMOID: /* clip(alpha x + beta, 0, 1) */
    stages[0] = (TrtDnnlEltwise){dnnl_eltwise_linear, a, b};
    stages[1] = (TrtDnnlEltwise){dnnl_eltwise_clip, 0, 1};
    return 2;
  case TRT_ACTIVATION_HARD_SWISH: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_hardswish, 0, 0}; return 1;
  case TRT_ACTIVATION_GELU:
    stages[0] = (TrtDnnlEltwise){b != 0 ? dnnl_eltwise_gelu_tanh : dnnl_eltwise_gelu_erf, 0, 0};
    return 1;
  case TRT_ACTIVATION_MISH: stages[0] = (TrtDnnlEltwise){dnnl_eltwise_mish, 0, 0}; return 1;
  default: return -1;
  }
}

bool trt_dnnl_append_activation(dnnl_post_ops_t po, const TrtActivationParams *act) {
  TrtDnnlEltwise stages[2];
  int n = trt_dnnl_activation_stages(act, stages);
  for (int i = 0; i < n; i++)
    if (dnnl_post_ops_append_eltwise(po, 1, stages[i].alg, stages[i].alpha, stages[i].beta) !=
        dnnl_success)
      return false;
  return n >= 0;
}

dnnl_primitive_desc_t trt_dnnl_pd_create(const_dnnl_op_desc_t desc, const_dnnl_primitive_attr_t attr) {
  dnnl_primitive_desc_t pd = NULL;
  const char *impl = NULL;
  if (dnnl_primitive_desc_create(&pd, desc, attr, trt_dnnl_engine(), NULL) != dnnl_success)
    return NULL;
  if (dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl) != dnnl_success || !impl ||
      strncmp(impl, "ref", 3) == 0 || strstr(impl, "_ref:")) {
    dnnl_primitive_desc_destroy(pd);
    return NULL;
  }
  return pd;
}

TrtStatus trt_dnnl_op_done(TrtDnnlOp *op, bool ok, const_dnnl_primitive_desc_t pd,
                           TrtKernelArgs *args, TrtDnnlOp **out) {
  const char *impl = NULL;
  if (op) trt_dnnl_threads_restore(op->saved_threads);
  if (ok && pd) ok = dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl) == dnnl_success;
  if (!ok || !pd) {
    trt_log(args->logger, TRT_SEVERITY_VERBOSE,
            "layer '%s': oneDNN cannot run it as given; using the reference kernel",
            args->layer_name ? args->layer_name : "?");
    trt_dnnl_op_free(op);
    *out = NULL;
    return TRT_STATUS_OK;
  }
  args->workspace_size = op->workspace;
  if (op->threads > 0)
    snprintf(args->tactic, sizeof args->tactic, "dnnl %s, %d thread%s", impl, op->threads,
             op->threads == 1 ? "" : "s");
  else
    snprintf(args->tactic, sizeof args->tactic, "dnnl %s", impl);
  *out = op;
  return TRT_STATUS_OK;
}

TrtStatus trt_dnnl_op_run(TrtDnnlOp *op, const TrtKernelArgs *args) {
  for (int i = 0; i < op->nb_mems; i++) {
    void *p;
    switch (op->mems[i].source) {
    case TRT_DNNL_INPUT: p = args->inputs[op->mems[i].index].data; break;
    case TRT_DNNL_OUTPUT: p = args->outputs[op->mems[i].index].data; break;
    case TRT_DNNL_WORKSPACE: p = (char *)args->workspace + op->mems[i].offset; break;
    default: continue;
    }
    if (dnnl_memory_set_data_handle_v2(op->mems[i].mem, p, op->stream) != dnnl_success)
      return trt_cpu_fail(args, TRT_STATUS_BACKEND_ERROR, "oneDNN rejected a data pointer");
  }
  int saved = trt_dnnl_threads_set(op->threads);
  int failed = -1;
  for (int s = 0; s < op->nb_steps && failed < 0; s++)
    if (dnnl_primitive_execute(op->steps[s].prim, op->stream, op->steps[s].nargs,
                               op->steps[s].args) != dnnl_success)
      failed = s;
  bool waited = dnnl_stream_wait(op->stream) == dnnl_success;
  trt_dnnl_threads_restore(saved);
  if (failed >= 0)
    return trt_cpu_fail(args, TRT_STATUS_BACKEND_ERROR, "oneDNN step %d failed", failed);
  if (!waited) return trt_cpu_fail(args, TRT_STATUS_BACKEND_ERROR, "oneDNN stream failed");
  if (op->after.type != TRT_ACTIVATION_NONE)
    trt_cpu_activate_array(args->outputs[0].data, trt_dims_volume(&args->outputs[0].dims),
                           &op->after);
  return TRT_STATUS_OK;
}
