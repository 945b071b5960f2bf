/* Flattening a channels-first value for a MatMul without moving data.
 *
 * A classifier flattens its last feature map [N, H, W, C] into [N, H*W*C]
 * for a MatMul. The network holds that map as [N, C, H, W]; flattening it
 * as it is gives the features in the order (c, h, w) instead of TF's
 * (h, w, c). When every reader of the flattened value is a MatMul by
 * constant weights, the weights' rows are put in the network's order
 * instead (as TensorRT's UFF parser did), and no transpose is made. The
 * value then remembers the order of its features (TfValue.flat_*); should
 * anything else need it in TF's order, tf_plain puts it back. */
#include <stdlib.h>
#include <string.h>

#include "tf-import.h"

/* The node behind `input`, through Identity-like ops. */
static const TfNode *source(const TfGraph *g, const TfInput *input) {
  const TfNode *n = &g->nodes[input->node];
  while ((!strcmp(n->op, "Identity") || !strcmp(n->op, "Snapshot") ||
          !strcmp(n->op, "StopGradient")) &&
         n->nb_inputs == 1)
    n = &g->nodes[n->inputs[0].node];
  return n;
}

/* Whether every reader of the node reads it as the data of a MatMul by a
 * constant. */
static bool read_only_by_matmuls(const TfImporter *imp, const TfNode *node) {
  const TfGraph *g = imp->graph;
  int self = (int)(node - g->nodes), readers = 0;
  for (int i = 0; i < g->nb_nodes; i++) {
    const TfNode *n = &g->nodes[i];
    for (int k = 0; k < n->nb_inputs; k++) {
      if (n->inputs[k].node != self) continue;
      if (strcmp(n->op, "MatMul") != 0 || k != 0 || n->nb_inputs != 2 ||
          tf_attr_bool(n, "transpose_a", false) ||
          strcmp(source(g, &n->inputs[1])->op, "Const") != 0)
        return false;
      readers++;
    }
  }
  return readers > 0;
}

bool tf_try_flatten(TfImporter *imp, const TfNode *node, TrtStatus *status) {
  TfValue *x = tf_in(imp, node, 0);
  *status = TRT_STATUS_OK;
  if (!x->permuted || x->axes[0] != 0 || x->rank < 3 || imp->is_output[node - imp->graph->nodes] ||
      !read_only_by_matmuls(imp, node))
    return false;
  TrtDims dims;
  if (!tf_value_dims(imp, node, x, &dims)) {
    *status = TRT_STATUS_SHAPE_ERROR;
    return true;
  }
  int64_t features = 1;
  for (int i = 1; i < dims.nb_dims; i++) features *= dims.d[i];
  if (!strcmp(node->op, "Reshape")) { /* only to [-1, features] */
    TrtTensor *shape = tf_plain_in(imp, node, 1);
    int64_t want[2];
    if (!shape || shape->role != TRT_TENSOR_CONSTANT || trt_dims_volume(&shape->dims) != 2 ||
        tf_const_ints_in(imp, node, 1, want, 2, "shape") != 2 || want[0] != -1 ||
        (want[1] != -1 && want[1] != features))
      return false;
  }
  TrtAxisParams p = {.axis = 1};
  *status = tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_FLATTEN, &x->tensor, 1, &p));
  if (*status != TRT_STATUS_OK) return true;
  TfValue *v = &imp->values[node - imp->graph->nodes][0];
  v->flat_rank = x->rank - 1;
  for (int i = 0; i < v->flat_rank; i++) {
    v->flat_dims[i] = dims.d[1 + i];
    v->flat_axes[i] = (int8_t)(x->axes[1 + i] - 1);
  }
  return true;
}

/* The position of TF feature t in the value's own order. */
static int64_t own_index(const TfValue *v, int64_t t) {
  int64_t idx[TRT_MAX_DIMS];
  for (int i = v->flat_rank - 1; i >= 0; i--) {
    idx[i] = t % v->flat_dims[i];
    t /= v->flat_dims[i];
  }
  int64_t u = 0;
  for (int i = 0; i < v->flat_rank; i++) u = u * v->flat_dims[v->flat_axes[i]] + idx[v->flat_axes[i]];
  return u;
}

TrtTensor *tf_flat_weights(TfImporter *imp, const TfNode *node, const TfValue *a, TrtTensor *b,
                           bool transpose_b) {
  if (!b || b->role != TRT_TENSOR_CONSTANT || b->type != TRT_DATA_TYPE_FLOAT ||
      b->dims.nb_dims != 2)
    return NULL;
  int64_t rows = b->dims.d[transpose_b ? 1 : 0], cols = b->dims.d[transpose_b ? 0 : 1];
  int64_t features = 1;
  for (int i = 0; i < a->flat_rank; i++) features *= a->flat_dims[i];
  if (rows != features) return NULL; /* the Gemm will report the mismatch */
  int64_t count = rows * cols;
  float *w = malloc((size_t)(count ? count : 1) * sizeof *w);
  if (!w) return NULL;
  const float *src = b->data;
  for (int64_t t = 0; t < rows; t++) {
    int64_t u = own_index(a, t);
    for (int64_t k = 0; k < cols; k++) {
      if (transpose_b)
        w[k * rows + u] = src[k * rows + t];
      else
        w[u * cols + k] = src[t * cols + k];
    }
  }
  TrtTensor *out = tf_constant(imp, node, "weights_chw", TRT_DATA_TYPE_FLOAT, &b->dims, w);
  free(w);
  return out;
}

TrtTensor *tf_unflatten(TfImporter *imp, const TfNode *node, TfValue *v) {
  if (v->copies[0]) return v->copies[0];
  int k = v->flat_rank;
  int64_t own[TRT_MAX_DIMS + 1] = {-1};
  for (int i = 0; i < k; i++) own[1 + i] = v->flat_dims[v->flat_axes[i]];
  int8_t perm[TRT_MAX_DIMS];
  perm[0] = 0;
  for (int i = 0; i < k; i++) perm[1 + v->flat_axes[i]] = (int8_t)(1 + i);
  TrtTensor *in[2] = {v->tensor, tf_const_i64(imp, node, "unflattened_shape", own, k + 1)};
  TrtReshapeParams rp = {0};
  TrtTensor *t = tf_layer(imp, node, "unflattened", TRT_LAYER_RESHAPE, in, 2, &rp);
  t = tf_transpose(imp, node, "unflattened_tf_order", t, perm, k + 1);
  TrtAxisParams fp = {.axis = 1};
  t = t ? tf_layer(imp, node, "flattened_tf_order", TRT_LAYER_FLATTEN, &t, 1, &fp) : NULL;
  v->copies[0] = t;
  return t;
}
