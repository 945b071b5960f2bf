/* The builder passes one at a time: dead layers, identity elimination,
 * constant folding (and what it must leave alone) and the memory plan. */
#include <stdlib.h>

#include "core/engine-impl.h"
#include "core/passes/passes.h"
#include "unit.h"

static TrtNetwork *new_net(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  return net;
}

static TrtTensor *out(TrtLayer *l) { return trt_layer_get_output(l, 0); }

static TrtLayer *act(TrtNetwork *net, TrtTensor *x, TrtActivationType type) {
  return trt_network_add_activation(net, x, type, 0, 0);
}

static void mark(TrtNetwork *net, TrtTensor *t, const char *name) {
  trt_tensor_set_name(t, name);
  trt_network_mark_output(net, t);
}

static int count_type(const TrtNetwork *net, TrtLayerType type) {
  int n = 0;
  for (int i = 0; i < net->nb_layers; i++) n += net->layers[i]->type == type;
  return n;
}

static void check_ids(const TrtNetwork *net) {
  for (int i = 0; i < net->nb_layers; i++) CHECK_INT(net->layers[i]->id, i);
  for (int i = 0; i < net->nb_tensors; i++) CHECK_INT(net->tensors[i]->id, i);
}

static void test_dead_layers(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3));
  TrtLayer *unused1 = act(net, x, TRT_ACTIVATION_SIGMOID);
  act(net, out(unused1), TRT_ACTIVATION_TANH);
  TrtLayer *relu = act(net, x, TRT_ACTIVATION_RELU);
  TrtTensor *parts[2] = {x, unit_constant(net, "only_for_dead", DIMS(2, 3), 1)};
  trt_network_add_concat(net, parts, 2, 0);
  mark(net, out(relu), "y");
  CHECK_STATUS(trt_pass_dead_layers(net, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(net->nb_layers, 1);
  CHECK(net->layers[0] == relu);
  CHECK_INT(net->nb_tensors, 2); /* x and y: the dead layers' tensors went */
  CHECK(trt_network_find_tensor(net, "only_for_dead") == NULL);
  check_ids(net);
  CHECK_LOG("dead-layer pass: removed 3 layers");
  /* Nothing more to remove: a second run changes nothing. */
  CHECK_STATUS(trt_pass_dead_layers(net, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(net->nb_layers, 1);
  trt_network_free(net);
}

static void test_identity(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3));
  TrtLayer *id1 = trt_network_add_layer(net, TRT_LAYER_IDENTITY, &x, 1, NULL, 1);
  TrtLayer *relu = act(net, out(id1), TRT_ACTIVATION_RELU);
  TrtTensor *r = out(relu);
  TrtLayer *id2 = trt_network_add_layer(net, TRT_LAYER_IDENTITY, &r, 1, NULL, 1);
  mark(net, out(id2), "y");
  /* An input passed straight to an output needs its own copy: kept. */
  TrtLayer *id3 = trt_network_add_layer(net, TRT_LAYER_IDENTITY, &x, 1, NULL, 1);
  mark(net, out(id3), "x_copy");
  CHECK_STATUS(trt_pass_identity(net, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(net->nb_layers, 2);
  CHECK_INT(count_type(net, TRT_LAYER_IDENTITY), 1);
  CHECK(relu->inputs[0] == x);
  CHECK(strcmp(out(relu)->name, "y") == 0 && out(relu)->is_output);
  CHECK(net->outputs[0] == out(relu));
  check_ids(net);

  /* The engine still computes relu(x) and x. */
  TrtEngine *e = unit_build(net, 1, 3);
  CHECK(e != NULL);
  if (e) {
    float in[6] = {-1, 2, -3, 4, 0, -0.5f}, y[6], copy[6];
    float *bindings[3] = {in, y, copy};
    CHECK_INT(trt_engine_get_binding_index(e, "y"), 1);
    CHECK_STATUS(unit_run(e, 1, bindings), TRT_STATUS_OK);
    for (int i = 0; i < 6; i++) {
      CHECK_NEAR(y[i], in[i] > 0 ? in[i] : 0, 0);
      CHECK_NEAR(copy[i], in[i], 0);
    }
  }
  trt_engine_free(e);
  trt_network_free(net);
}

static TrtTensor *i64_constant(TrtNetwork *net, const char *name, int64_t n,
                               const int64_t *values) {
  return trt_network_add_constant(net, name, TRT_DATA_TYPE_INT64, &DIMS(n), values);
}

static TrtLayer *gather0(TrtNetwork *net, TrtTensor *data, TrtTensor *indices) {
  TrtAxisParams p = {.axis = 0};
  TrtTensor *in[2] = {data, indices};
  return trt_network_add_layer(net, TRT_LAYER_GATHER, in, 2, &p, 1);
}

static void test_constant_folding(void) {
  /* neg(A) is known before running; x + neg(A) is not. */
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 2, 3));
  TrtTensor *a = unit_constant(net, "a", DIMS(2, 3), 1);
  TrtLayer *neg = trt_network_add_unary(net, a, TRT_UNARY_NEG);
  TrtLayer *add = trt_network_add_elementwise(net, x, out(neg), TRT_ELEMENTWISE_ADD);
  mark(net, out(add), "y");
  TrtDims at_max = DIMS(4, 2, 3), at_one = DIMS(1, 2, 3);
  CHECK_STATUS(trt_pass_constant_folding(net, &at_max, &at_one, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(net->nb_layers, 1);
  CHECK(net->layers[0] == add);
  const TrtTensor *folded = add->inputs[1];
  CHECK(folded->role == TRT_TENSOR_CONSTANT && folded->data_size == 6 * sizeof(float));
  float want[6];
  unit_fill(want, 6, 1);
  for (int i = 0; i < 6; i++) CHECK_NEAR(((const float *)folded->data)[i], -want[i], 0);
  check_ids(net);
  CHECK_LOG("constant folding: folded 1 layers");
  trt_network_free(net);
}

/* Reshape x[N,2,3] to [N,3,2] with the target made from Shape(x): the
 * batch entry changes with the batch size, so Shape, its Gather and the
 * Concat must stay; the Gather of dim 2 does not and folds. */
static TrtNetwork *reshape_by_shape_net(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 2, 3));
  TrtShapeParams sp = {0};
  TrtLayer *shape = trt_network_add_layer(net, TRT_LAYER_SHAPE, &x, 1, &sp, 1);
  static const int64_t zero[1] = {0}, two[1] = {2}, dim_two[1] = {2};
  TrtLayer *batch = gather0(net, out(shape), i64_constant(net, "i0", 1, zero));
  TrtLayer *last = gather0(net, out(shape), i64_constant(net, "i2", 1, two));
  TrtTensor *parts[3] = {out(batch), out(last), i64_constant(net, "two", 1, dim_two)};
  TrtLayer *target = trt_network_add_concat(net, parts, 3, 0);
  TrtTensor *in[2] = {x, out(target)};
  TrtReshapeParams rp = {0};
  TrtLayer *reshape = trt_network_add_layer(net, TRT_LAYER_RESHAPE, in, 2, &rp, 1);
  TrtLayer *relu = act(net, out(reshape), TRT_ACTIVATION_RELU);
  mark(net, out(relu), "y");
  return net;
}

static void test_constant_folding_keeps_batch_values(void) {
  TrtNetwork *net = reshape_by_shape_net();
  TrtDims at_max = DIMS(4, 2, 3), at_one = DIMS(1, 2, 3);
  CHECK_STATUS(trt_pass_constant_folding(net, &at_max, &at_one, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(count_type(net, TRT_LAYER_SHAPE), 1);
  CHECK_INT(count_type(net, TRT_LAYER_GATHER), 1);
  CHECK_INT(count_type(net, TRT_LAYER_CONCAT), 1);
  CHECK_INT(count_type(net, TRT_LAYER_RESHAPE), 1);
  CHECK_INT(net->nb_layers, 5);
  trt_network_free(net);

  /* Without a batch (one set of input dims) the whole chain is known. */
  net = reshape_by_shape_net();
  CHECK_STATUS(trt_pass_constant_folding(net, &at_max, NULL, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(net->nb_layers, 2); /* reshape and relu */
  trt_network_free(net);

  /* Built with max batch 4, the engine reshapes right at batch 4 and 2. */
  net = reshape_by_shape_net();
  TrtEngine *e = unit_build(net, 4, 3);
  CHECK(e != NULL);
  if (e) {
    CHECK_INT(count_type(e->graph, TRT_LAYER_SHAPE), 1);
    TrtContext *ctx = trt_engine_create_context(e);
    float in[24], y[24];
    unit_fill(in, 24, 3);
    void *bindings[2] = {in, y};
    for (int batch = 4; batch >= 2; batch -= 2) {
      memset(y, 0, sizeof y);
      CHECK_STATUS(trt_context_execute(ctx, batch, bindings), TRT_STATUS_OK);
      TrtDims d = trt_context_get_binding_dims(ctx, 1);
      CHECK(trt_dims_equal(&d, &DIMS(batch, 3, 2)));
      for (int i = 0; i < batch * 6; i++) CHECK_NEAR(y[i], in[i] > 0 ? in[i] : 0, 0);
    }
    trt_context_free(ctx);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

/* ---- memory plan ---------------------------------------------------------- */

/* Whether tensor a is the output of a convolution whose residual input,
 * read last by it, is b (the one pair that may share a slot). */
static bool output_over_residual(const TrtNetwork *g, int a, int b, const int *last) {
  const TrtLayer *l = g->tensors[a]->producer;
  return l && l->type == TRT_LAYER_CONVOLUTION && l->nb_inputs > 3 && l->inputs[3] &&
         l->inputs[3]->id == b && last[b] == l->id;
}

/* Checks the plan against lifetimes computed here: a tensor lives from the
 * layer that writes it (inputs: from the start) to the last layer that
 * reads it (outputs: to the end). Tensors alive at the same time must not
 * share a byte, except a convolution's output taking its residual's very
 * slot; each slot must hold its tensor, all within the arena. */
static void check_plan(const TrtEngine *e) {
  const TrtNetwork *g = e->graph;
  int n = g->nb_tensors;
  int *first = malloc(sizeof(int) * (size_t)n), *last = malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) {
    const TrtTensor *t = g->tensors[i];
    first[i] = t->producer ? t->producer->id : -1;
    last[i] = t->is_output ? g->nb_layers : first[i];
  }
  for (int li = 0; li < g->nb_layers; li++)
    for (int k = 0; k < g->layers[li]->nb_inputs; k++)
      if (g->layers[li]->inputs[k]) last[g->layers[li]->inputs[k]->id] = li;
  uint64_t sum = 0;
  for (int i = 0; i < n; i++) {
    const TrtTensor *t = g->tensors[i];
    const TrtTensorSlot *s = &e->slots[i];
    if (t->role == TRT_TENSOR_CONSTANT) {
      CHECK_INT(s->offset, -1);
      continue;
    }
    uint64_t bytes = (uint64_t)trt_dims_volume(&t->dims) * trt_data_type_size(t->type);
    sum += bytes;
    CHECK(s->offset >= 0 && s->size >= bytes && (uint64_t)s->offset + s->size <= e->arena_size);
    for (int j = 0; j < i; j++) {
      const TrtTensorSlot *o = &e->slots[j];
      if (g->tensors[j]->role == TRT_TENSOR_CONSTANT || !s->size || !o->size) continue;
      bool alive_together = first[i] <= last[j] && first[j] <= last[i];
      bool overlap = s->offset < o->offset + (int64_t)o->size &&
                     o->offset < s->offset + (int64_t)s->size;
      bool same_slot = s->offset == o->offset && s->size == o->size;
      bool in_place = same_slot && (output_over_residual(g, i, j, last) ||
                                    output_over_residual(g, j, i, last));
      if (alive_together && overlap && !in_place) {
        check_failures++;
        fprintf(stderr, "tensors '%s' and '%s' live together and share bytes\n",
                g->tensors[i]->name, g->tensors[j]->name);
      }
      check_count++;
    }
  }
  CHECK(e->arena_size <= e->activations_size);
  CHECK(sum <= e->activations_size);
  free(first);
  free(last);
}

static void test_memory_plan_chain(void) {
  TrtNetwork *net = new_net();
  TrtTensor *t = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 256));
  for (int i = 0; i < 8; i++)
    t = out(act(net, t, i % 2 ? TRT_ACTIVATION_SIGMOID : TRT_ACTIVATION_TANH));
  mark(net, t, "y");
  TrtEngine *e = unit_build(net, 2, 3);
  CHECK(e != NULL);
  if (e) {
    check_plan(e);
    /* A chain needs two buffers at a time (plus the input), not nine. */
    CHECK(e->arena_size <= 3 * 2 * 256 * sizeof(float));
    CHECK(e->arena_size < e->activations_size);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

/* Random DAGs of Tanh and Concat over [1,k,4] tensors: the plan holds its
 * invariants, and the outputs match a reference computed here, which they
 * would not if a live tensor's bytes were reused too early. */
static void test_memory_plan_random(void) {
  uint32_t seed = 1;
  for (int round = 0; round < 20; round++) {
    TrtNetwork *net = new_net();
    enum { MAX_T = 40 };
    TrtTensor *tensors[MAX_T];
    float *ref[MAX_T];
    int64_t len[MAX_T];
    int nb = 0;
    tensors[nb] = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(1, 2, 4));
    len[nb] = 8;
    ref[nb] = malloc(8 * sizeof(float));
    unit_fill(ref[nb], 8, (uint32_t)round);
    float input[8];
    memcpy(input, ref[0], sizeof input);
    nb++;
    while (nb < MAX_T) {
      seed = seed * 1664525u + 1013904223u;
      int a = (int)((seed >> 8) % (uint32_t)nb), b = (int)((seed >> 16) % (uint32_t)nb);
      if ((seed >> 28) % 3 || len[a] + len[b] > 256) {
        tensors[nb] = out(act(net, tensors[a], TRT_ACTIVATION_TANH));
        len[nb] = len[a];
        ref[nb] = malloc((size_t)len[a] * sizeof(float));
        for (int64_t i = 0; i < len[a]; i++) ref[nb][i] = tanhf(ref[a][i]);
      } else {
        TrtTensor *parts[2] = {tensors[a], tensors[b]};
        tensors[nb] = out(trt_network_add_concat(net, parts, 2, 1));
        len[nb] = len[a] + len[b];
        ref[nb] = malloc((size_t)len[nb] * sizeof(float));
        memcpy(ref[nb], ref[a], (size_t)len[a] * sizeof(float));
        memcpy(ref[nb] + len[a], ref[b], (size_t)len[b] * sizeof(float));
      }
      nb++;
    }
    int picks[3] = {nb - 1, nb / 2, nb / 3};
    char name[3][16];
    for (int k = 0; k < 3; k++) {
      snprintf(name[k], sizeof name[k], "out%d", k);
      mark(net, tensors[picks[k]], name[k]);
    }
    TrtEngine *e = unit_build(net, 1, round % 2 ? 3 : 0);
    CHECK(e != NULL);
    if (e) {
      check_plan(e);
      float *outputs[3];
      for (int k = 0; k < 3; k++) outputs[k] = calloc((size_t)len[picks[k]], sizeof(float));
      float *bindings[4] = {input, outputs[0], outputs[1], outputs[2]};
      CHECK_STATUS(unit_run(e, 1, bindings), TRT_STATUS_OK);
      for (int k = 0; k < 3; k++) {
        int bad = 0;
        for (int64_t i = 0; i < len[picks[k]]; i++)
          bad += fabsf(outputs[k][i] - ref[picks[k]][i]) > 1e-6f;
        CHECK_INT(bad, 0);
        free(outputs[k]);
      }
    }
    trt_engine_free(e);
    trt_network_free(net);
    for (int i = 0; i < nb; i++) free(ref[i]);
  }
}

static TrtTensor *conv3x3(TrtNetwork *net, TrtTensor *x, uint32_t seed) {
  TrtConvolutionParams p = trt_convolution_params_default(2);
  p.kernel[0] = p.kernel[1] = 3;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  TrtTensor *w = unit_constant(net, NULL, DIMS(4, 4, 3, 3), seed);
  return out(trt_network_add_convolution(net, x, w, NULL, &p));
}

/* Five residual blocks in a row (CPU engines fuse each add into the
 * block's second convolution), then a convolution writing the output:
 * every block's output from the second on takes the first block's slot,
 * one after the other, and the plan holds. */
static void test_memory_plan_residual_chain(void) {
  TrtNetwork *net = new_net();
  TrtTensor *t = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 4, 6, 6));
  TrtTensor *blocks[5];
  for (int b = 0; b < 5; b++) {
    TrtTensor *inner = out(act(net, conv3x3(net, t, 10 + b), TRT_ACTIVATION_RELU));
    TrtTensor *sum = out(trt_network_add_elementwise(net, conv3x3(net, inner, 20 + b), t,
                                                     TRT_ELEMENTWISE_ADD));
    t = blocks[b] = out(act(net, sum, TRT_ACTIVATION_TANH));
    char name[16];
    snprintf(name, sizeof name, "block%d", b);
    trt_tensor_set_name(t, name);
  }
  trt_network_mark_output(net, conv3x3(net, t, 30));
  TrtEngine *e = unit_build(net, 2, 3);
  CHECK(e != NULL);
  if (e) {
    check_plan(e);
    CHECK_INT(count_type(e->graph, TRT_LAYER_ELEMENTWISE), 0);
    int64_t first = e->slots[trt_network_find_tensor(e->graph, "block0")->id].offset;
    for (int b = 1; b < 5; b++) {
      char name[16];
      snprintf(name, sizeof name, "block%d", b);
      CHECK_INT(e->slots[trt_network_find_tensor(e->graph, name)->id].offset, first);
    }
  }
  trt_engine_free(e);
  trt_network_free(net);
}

UNIT_MAIN(test_dead_layers, test_identity, test_constant_folding,
          test_constant_folding_keeps_batch_values, test_memory_plan_chain,
          test_memory_plan_random, test_memory_plan_residual_chain)
