/* The small executor behind the oneDNN kernels: an op is a few primitives
 * run in order (reorders into oneDNN's preferred layouts, the computation,
 * a reorder back) over memory objects whose data comes, at run time, from
 * the kernel's inputs and outputs, from slices of its workspace, or from
 * buffers the op owns (constant weights reordered once at prepare). */
#ifndef TRT_CPU_DNNL_OP_H
#define TRT_CPU_DNNL_OP_H

#include <dnnl.h>

#include "dnnl-kernels.h"
#include "dnnl-threads.h"

/* Whether kernels may use oneDNN (TRTINFER_CPU_REFERENCE not set), and the
 * shared CPU engine (NULL when oneDNN cannot start). */
bool trt_dnnl_allowed(void);
dnnl_engine_t trt_dnnl_engine(void);

typedef enum {
  TRT_DNNL_INPUT,     /* args->inputs[index].data */
  TRT_DNNL_OUTPUT,    /* args->outputs[index].data */
  TRT_DNNL_WORKSPACE, /* a slice of args->workspace */
  TRT_DNNL_OWNED      /* allocated and filled at prepare */
} TrtDnnlSource;

/* A new op for a layer with this work, which picks its thread count
 * (dnnl-threads.h). From here to trt_dnnl_op_done, the calling thread's
 * OpenMP thread count is the op's, so that every primitive descriptor and
 * primitive made for it in between is made for that count. */
TrtDnnlOp *trt_dnnl_op_new(TrtDnnlWork work);

/* A plain row-major f32 descriptor of dims (strides NULL) or of dims with
 * the given element strides. */
dnnl_status_t trt_dnnl_plain_md(dnnl_memory_desc_t *md, int ndims, const int64_t *dims,
                                const int64_t *strides);
/* The f32 descriptor of a 4-D (or other) tensor view as it is stored:
 * row-major, or N,H,W,C when the view is channels-last. */
dnnl_status_t trt_dnnl_view_md(dnnl_memory_desc_t *md, const TrtTensorView *view);
/* The same dims with format "any": the primitive picks the layout. */
dnnl_status_t trt_dnnl_any_md(dnnl_memory_desc_t *md, int ndims, const int64_t *dims);

/* A memory object; returns its handle (>= 0) or -1 on failure. */
int trt_dnnl_op_memory(TrtDnnlOp *op, const dnnl_memory_desc_t *md, TrtDnnlSource source,
                       int index);
/* An input in the layout `want`: the user memory itself when the layouts
 * match, else a workspace copy filled by a reorder step added now. */
int trt_dnnl_op_input(TrtDnnlOp *op, const dnnl_memory_desc_t *user, const dnnl_memory_desc_t *want,
                      int index);
/* A constant input reordered once, now, from `data` into an owned buffer
 * in the layout `want`. */
int trt_dnnl_op_constant(TrtDnnlOp *op, const dnnl_memory_desc_t *user, const void *data,
                         const dnnl_memory_desc_t *want);
/* Where a primitive writes output `index` in layout `have`: the output
 * itself when the layouts match, else a workspace buffer. Call
 * trt_dnnl_op_finish_output after adding the primitive. */
int trt_dnnl_op_output(TrtDnnlOp *op, const dnnl_memory_desc_t *user, const dnnl_memory_desc_t *have,
                       int index);
/* Adds the reorder from that buffer to the output, if one is needed. */
bool trt_dnnl_op_finish_output(TrtDnnlOp *op, int mem, const dnnl_memory_desc_t *user, int index);

/* Adds a step running the primitive of `pd` with the (DNNL_ARG_*, memory)
 * pairs; its scratchpad comes from the workspace. false on failure. */
bool trt_dnnl_op_step(TrtDnnlOp *op, const_dnnl_primitive_desc_t pd, int nargs, const int *kinds,
                      const int *mems);

/* An activation applied by the reference after the steps (when oneDNN
 * cannot fuse it). */
void trt_dnnl_op_activate_after(TrtDnnlOp *op, const TrtActivationParams *act);

/* One oneDNN eltwise operation. */
typedef struct {
  dnnl_alg_kind_t alg;
  float alpha, beta;
} TrtDnnlEltwise;
/* The eltwise operations that compute act, in order: their count (0 for
 * NONE), or -1 when oneDNN has no exact match. */
int trt_dnnl_activation_stages(const TrtActivationParams *act, TrtDnnlEltwise stages[2]);
/* Appends act as eltwise post-ops; false when oneDNN has no exact match. */
bool trt_dnnl_append_activation(dnnl_post_ops_t post_ops, const TrtActivationParams *act);

/* Primitive attributes with the scratchpad in user mode (NULL on failure). */
dnnl_primitive_attr_t trt_dnnl_attr_new(void);

/* Creates the primitive descriptor; NULL when oneDNN has no implementation
 * or only a reference one ("ref:...", "lrn_ref:..."), which our own kernels
 * match. */
dnnl_primitive_desc_t trt_dnnl_pd_create(const_dnnl_op_desc_t desc, const_dnnl_primitive_attr_t attr);

/* Finishes prepare and gives the calling thread its OpenMP thread count
 * back: true when every step was added; then writes the workspace size
 * and "dnnl <impl>" of pd into args and hands the op over; else frees it.
 * Logs the reason for falling back at VERBOSE. */
TrtStatus trt_dnnl_op_done(TrtDnnlOp *op, bool ok, const_dnnl_primitive_desc_t pd,
                           TrtKernelArgs *args, TrtDnnlOp **out);

#endif
