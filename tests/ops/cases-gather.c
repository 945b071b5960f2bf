/* Op cases: gather, gather-elements, scatter-elements (every reduction),
 * one-hot; indices out of range at build and at run time. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "op-test.h"

#define I64(...) OP_I64(OP_DIMS(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), __VA_ARGS__)

static void check(const char *name, TrtLayerType type, const void *params, int nb_inputs,
                  const OpTensor *inputs, OpTensor want, bool bad) {
  OpCase c = {.name = name, .type = type, .params = params, .nb_inputs = nb_inputs,
              .nb_outputs = 1, .expected = {want}, .expect_build_error = bad};
  for (int i = 0; i < nb_inputs; i++) c.inputs[i] = inputs[i];
  op_check(&c);
}

static void gather(const char *name, int axis, OpTensor data, OpTensor indices, OpTensor want) {
  TrtAxisParams p = {.axis = axis};
  check(name, TRT_LAYER_GATHER, &p, 2, (OpTensor[]){data, indices}, want, false);
}

static void gather_elements(const char *name, int axis, OpTensor data, OpTensor indices,
                            OpTensor want) {
  TrtAxisParams p = {.axis = axis};
  check(name, TRT_LAYER_GATHER_ELEMENTS, &p, 2, (OpTensor[]){data, indices}, want, false);
}

static void scatter(const char *name, int axis, TrtScatterReduction reduction, OpTensor data,
                    OpTensor indices, OpTensor updates, OpTensor want) {
  TrtScatterParams p = {.axis = axis, .reduction = reduction};
  check(name, TRT_LAYER_SCATTER_ELEMENTS, &p, 3, (OpTensor[]){data, indices, updates}, want,
        false);
}

static void one_hot(const char *name, int axis, OpTensor indices, OpTensor depth,
                    OpTensor values, OpTensor want) {
  TrtOneHotParams p = {.axis = axis};
  check(name, TRT_LAYER_ONE_HOT, &p, 3, (OpTensor[]){indices, OP_CONST(depth), values}, want,
        false);
}

/* Runs one layer on the CPU with the given input values, which hold an
 * index out of range: the build succeeds, the execution must fail with a
 * message naming the layer, and nothing may be read out of bounds. */
static char errors[1024];
static void capture(TrtSeverity severity, const char *message, void *user_data) {
  (void)severity;
  (void)user_data;
  size_t used = strlen(errors);
  snprintf(errors + used, sizeof errors - used, "%s; ", message);
}

static void run_time_index_error(const char *name, TrtLayerType type, const void *params,
                                 int nb_inputs, const OpTensor *inputs) {
  TrtLogger *logger = trt_logger_new(capture, NULL, TRT_SEVERITY_ERROR);
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(builder);
  TrtBuilderConfig *config = trt_builder_config_new();
  TrtEngine *engine = NULL;
  TrtContext *ctx = NULL;
  TrtTensor *tensors[OP_MAX_TENSORS];
  void *bindings[OP_MAX_TENSORS + 1];
  char why[600] = "build failed";
  errors[0] = 0;
  bool ok = false;
  static uint8_t output[4096];
  trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
  for (int i = 0; i < nb_inputs; i++) {
    char in_name[16];
    snprintf(in_name, sizeof in_name, "in%d", i);
    tensors[i] = trt_network_add_input(net, in_name, inputs[i].type, &inputs[i].dims);
    bindings[i] = (void *)inputs[i].data;
  }
  bindings[nb_inputs] = output;
  TrtLayer *layer = trt_network_add_layer(net, type, tensors, nb_inputs, params, 1);
  if (layer) {
    trt_network_mark_output(net, trt_layer_get_output(layer, 0));
    engine = trt_builder_build_engine(builder, net, config);
  }
  if (engine && (ctx = trt_engine_create_context(engine))) {
    errors[0] = 0;
    TrtStatus s = trt_context_execute(ctx, 1, bindings);
    ok = s != TRT_STATUS_OK && strstr(errors, "out of range") &&
         strstr(errors, trt_layer_get_name(layer));
    snprintf(why, sizeof why, "execute gave %s, log: '%.500s'", trt_status_to_string(s), errors);
  }
  op_report(name, ok, why);
  trt_context_free(ctx);
  trt_engine_free(engine);
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(builder);
  trt_logger_free(logger);
}

/* data[4,5,3] gathered along axis 1 by indices[2,2] (negative ones too),
 * against a loop. */
static void gather_random(void) {
  static float data[60], want[48];
  static const int64_t idx[4] = {4, -5, 2, -1};
  uint32_t seed = 21;
  for (int i = 0; i < 60; i++) {
    seed = seed * 1664525u + 1013904223u;
    data[i] = (float)(seed >> 8) / (float)(1u << 24);
  }
  for (int a = 0; a < 4; a++)
    for (int k = 0; k < 4; k++)
      for (int c = 0; c < 3; c++) {
        int64_t j = idx[k] < 0 ? idx[k] + 5 : idx[k];
        want[(a * 4 + k) * 3 + c] = data[(a * 5 + j) * 3 + c];
      }
  gather("gather_axis1_2d_indices_random", 1,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(4, 5, 3), .data = data},
         (OpTensor){.type = TRT_DATA_TYPE_INT64, .dims = OP_DIMS(2, 2), .data = idx},
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(4, 2, 2, 3), .data = want});
}

static void gather_cases(void) {
  OpTensor d32 = OP_F32(OP_DIMS(3, 2), 1, 2, 3, 4, 5, 6), d23 = OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6);
  gather("gather_axis0", 0, d32, I64(2, 0), OP_F32(OP_DIMS(2, 2), 5, 6, 1, 2));
  gather("gather_axis1_negative_int32", -1, d23, OP_I32(OP_DIMS(2), -1, 0),
         OP_F32(OP_DIMS(2, 2), 3, 1, 6, 4));
  gather("gather_scalar_index", 0, OP_F32(OP_DIMS(3), 7, 8, 9), OP_I64(OP_SCALAR, 1),
         OP_F32(OP_SCALAR, 8));
  gather("gather_2d_indices", 1, d23, OP_I64(OP_DIMS(2, 2), 0, 1, 2, 0),
         OP_F32(OP_DIMS(2, 2, 2), 1, 2, 3, 1, 4, 5, 6, 4));
  gather("gather_int64_data", 0, OP_I64(OP_DIMS(2), 9007199254740993LL, -1), I64(1, 0, 0),
         OP_I64(OP_DIMS(3), -1, 9007199254740993LL, 9007199254740993LL));
  gather("gather_bool_data", 0, OP_BOOL(OP_DIMS(2), 0, 1), I64(1, 1, 0),
         OP_BOOL(OP_DIMS(3), 1, 1, 0));
  gather("gather_empty_indices", 0, d32, OP_I64(OP_DIMS(0), 0), OP_F32(OP_DIMS(0, 2), 0));
  gather("gather_constant_indices", 0, d32, OP_CONST(I64(-3)), OP_F32(OP_DIMS(1, 2), 1, 2));
  gather_random();
  gather("gather_random_compared_across_backends", -2, OP_RAND(OP_DIMS(4, 5, 6)),
         OP_I64(OP_DIMS(3), 0, 3, 1), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(4, 3, 6)));

  TrtAxisParams a0 = {0}, a2 = {2};
  check("gather_axis_out_of_range", TRT_LAYER_GATHER, &a2, 2, (OpTensor[]){d32, I64(0)},
        OP_ABSENT, true);
  check("gather_float_indices", TRT_LAYER_GATHER, &a0, 2,
        (OpTensor[]){d32, OP_F32(OP_DIMS(1), 0)}, OP_ABSENT, true);
  check("gather_constant_index_out_of_range", TRT_LAYER_GATHER, &a0, 2,
        (OpTensor[]){d32, OP_CONST(I64(3))}, OP_ABSENT, true);
  check("gather_scalar_data", TRT_LAYER_GATHER, &a0, 2,
        (OpTensor[]){OP_F32(OP_SCALAR, 1), I64(0)}, OP_ABSENT, true);
  run_time_index_error("gather_run_time_index_too_large", TRT_LAYER_GATHER, &a0, 2,
                       (OpTensor[]){d32, I64(0, 3)});
  run_time_index_error("gather_run_time_index_too_negative", TRT_LAYER_GATHER, &a0, 2,
                       (OpTensor[]){d32, OP_I32(OP_DIMS(1), -4)});
}

static void gather_elements_cases(void) {
  OpTensor d22 = OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4),
           d33 = OP_F32(OP_DIMS(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
  gather_elements("gather_elements_axis1", 1, d22, OP_I64(OP_DIMS(2, 2), 0, 0, 1, 0),
                  OP_F32(OP_DIMS(2, 2), 1, 1, 4, 3));
  gather_elements("gather_elements_axis0", 0, d33, OP_I32(OP_DIMS(2, 3), 1, 2, 0, 2, 0, 0),
                  OP_F32(OP_DIMS(2, 3), 4, 8, 3, 7, 2, 3));
  gather_elements("gather_elements_negative_indices", 0, d33,
                  OP_I64(OP_DIMS(2, 3), -1, -2, 0, -2, 0, 0), OP_F32(OP_DIMS(2, 3), 7, 5, 3, 4, 2, 3));
  gather_elements("gather_elements_smaller_indices", -2, d33, OP_I64(OP_DIMS(1, 2), 2, 1),
                  OP_F32(OP_DIMS(1, 2), 7, 5));
  gather_elements("gather_elements_int64_data_3d", 2,
                  OP_I64(OP_DIMS(1, 2, 2), 10, 11, 12, 9007199254740993LL),
                  OP_I64(OP_DIMS(1, 2, 3), 1, 0, 1, 1, 1, 0),
                  OP_I64(OP_DIMS(1, 2, 3), 11, 10, 11, 9007199254740993LL,
                         9007199254740993LL, 12));
  gather_elements("gather_elements_empty", 0, d33, OP_I64(OP_DIMS(0, 3), 0),
                  OP_F32(OP_DIMS(0, 3), 0));

  TrtAxisParams a0 = {0};
  check("gather_elements_rank_differs", TRT_LAYER_GATHER_ELEMENTS, &a0, 2,
        (OpTensor[]){d33, I64(0)}, OP_ABSENT, true);
  check("gather_elements_indices_larger_off_axis", TRT_LAYER_GATHER_ELEMENTS, &a0, 2,
        (OpTensor[]){d22, OP_I64(OP_DIMS(1, 3), 0, 0, 0)}, OP_ABSENT, true);
  run_time_index_error("gather_elements_run_time_index_out_of_range", TRT_LAYER_GATHER_ELEMENTS,
                       &a0, 2, (OpTensor[]){d22, OP_I64(OP_DIMS(1, 2), 0, 2)});
}

static void scatter_cases(void) {
  OpTensor row = OP_F32(OP_DIMS(1, 5), 1, 2, 3, 4, 5), dup = OP_I64(OP_DIMS(1, 2), 1, 1),
           upd = OP_F32(OP_DIMS(1, 2), 1.1f, 2.1f);
  scatter("scatter_elements_axis0", 0, TRT_SCATTER_NONE,
          OP_F32(OP_DIMS(3, 3), 0, 0, 0, 0, 0, 0, 0, 0, 0),
          OP_I64(OP_DIMS(2, 3), 1, 0, 2, 0, 2, 1),
          OP_F32(OP_DIMS(2, 3), 1.0f, 1.1f, 1.2f, 2.0f, 2.1f, 2.2f),
          OP_F32(OP_DIMS(3, 3), 2.0f, 1.1f, 0, 1.0f, 0, 2.2f, 0, 2.1f, 1.2f));
  scatter("scatter_elements_axis1_negative", 1, TRT_SCATTER_NONE, row,
          OP_I32(OP_DIMS(1, 2), 1, -3), upd, OP_F32(OP_DIMS(1, 5), 1, 1.1f, 2.1f, 4, 5));
  scatter("scatter_elements_add_duplicates", 1, TRT_SCATTER_ADD, row, dup, upd,
          OP_F32(OP_DIMS(1, 5), 1, 5.2f, 3, 4, 5));
  scatter("scatter_elements_mul_duplicates", 1, TRT_SCATTER_MUL, row, dup, upd,
          OP_F32(OP_DIMS(1, 5), 1, 4.62f, 3, 4, 5));
  scatter("scatter_elements_max", 1, TRT_SCATTER_MAX, row, dup, upd,
          OP_F32(OP_DIMS(1, 5), 1, 2.1f, 3, 4, 5));
  scatter("scatter_elements_min", 1, TRT_SCATTER_MIN, row, dup, upd,
          OP_F32(OP_DIMS(1, 5), 1, 1.1f, 3, 4, 5));
  scatter("scatter_elements_max_nan_propagates", 0, TRT_SCATTER_MAX, OP_F32(OP_DIMS(2), 1, 2),
          I64(0), OP_F32(OP_DIMS(1), NAN), OP_F32(OP_DIMS(2), NAN, 2));
  scatter("scatter_elements_int32_add_wraps", 0, TRT_SCATTER_ADD,
          OP_I32(OP_DIMS(2), 2147483647, 5), OP_I64(OP_DIMS(2), 0, 1), OP_I32(OP_DIMS(2), 1, -7),
          OP_I32(OP_DIMS(2), -2147483647 - 1, -2));
  scatter("scatter_elements_int64_exact", 0, TRT_SCATTER_ADD,
          OP_I64(OP_DIMS(1), 9007199254740992LL), I64(0), I64(1),
          OP_I64(OP_DIMS(1), 9007199254740993LL));
  scatter("scatter_elements_bool_max_is_or", 0, TRT_SCATTER_MAX, OP_BOOL(OP_DIMS(2), 0, 1),
          I64(0, 1), OP_BOOL(OP_DIMS(2), 1, 0), OP_BOOL(OP_DIMS(2), 1, 1));
  scatter("scatter_elements_bool_min_is_and", 0, TRT_SCATTER_MIN, OP_BOOL(OP_DIMS(2), 1, 1),
          I64(0), OP_BOOL(OP_DIMS(1), 0), OP_BOOL(OP_DIMS(2), 0, 1));
  scatter("scatter_elements_empty_updates", 0, TRT_SCATTER_NONE, OP_F32(OP_DIMS(2), 1, 2),
          OP_I64(OP_DIMS(0), 0), OP_F32(OP_DIMS(0), 0), OP_F32(OP_DIMS(2), 1, 2));

  TrtScatterParams bad = {.reduction = 9}, add = {.reduction = TRT_SCATTER_ADD},
                   none = {.reduction = TRT_SCATTER_NONE};
  check("scatter_elements_unknown_reduction", TRT_LAYER_SCATTER_ELEMENTS, &bad, 3,
        (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), I64(0), OP_F32(OP_DIMS(1), 1)}, OP_ABSENT, true);
  check("scatter_elements_bool_add", TRT_LAYER_SCATTER_ELEMENTS, &add, 3,
        (OpTensor[]){OP_BOOL(OP_DIMS(2), 1, 0), I64(0), OP_BOOL(OP_DIMS(1), 1)}, OP_ABSENT, true);
  check("scatter_elements_updates_shape_differs", TRT_LAYER_SCATTER_ELEMENTS, &none, 3,
        (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), I64(0), OP_F32(OP_DIMS(2), 1, 1)}, OP_ABSENT, true);
  check("scatter_elements_updates_type_differs", TRT_LAYER_SCATTER_ELEMENTS, &none, 3,
        (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), I64(0), I64(1)}, OP_ABSENT, true);
  run_time_index_error("scatter_elements_run_time_index_out_of_range",
                       TRT_LAYER_SCATTER_ELEMENTS, &none, 3,
                       (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), I64(-3), OP_F32(OP_DIMS(1), 1)});
}

static void one_hot_cases(void) {
  OpTensor f01 = OP_F32(OP_DIMS(2), 0, 1);
  one_hot("one_hot_last_axis_negative_index", -1, I64(0, 2, -1), OP_I64(OP_SCALAR, 3), f01,
          OP_F32(OP_DIMS(3, 3), 1, 0, 0, 0, 0, 1, 0, 0, 1));
  one_hot("one_hot_out_of_range_is_all_off", -1, I64(3, -4), OP_I64(OP_DIMS(1), 3),
          OP_F32(OP_DIMS(2), -1, 1), OP_F32(OP_DIMS(2, 3), -1, -1, -1, -1, -1, -1));
  one_hot("one_hot_axis_0", 0, I64(1, 0), OP_I64(OP_SCALAR, 3), f01,
          OP_F32(OP_DIMS(3, 2), 0, 1, 1, 0, 0, 0));
  one_hot("one_hot_axis_middle_2d", 1, OP_I32(OP_DIMS(2, 2), 0, 1, 2, 0), OP_I32(OP_SCALAR, 3),
          OP_I32(OP_DIMS(2), -1, 5),
          OP_I32(OP_DIMS(2, 3, 2), 5, -1, -1, 5, -1, -1, -1, 5, -1, -1, 5, -1));
  one_hot("one_hot_float_indices_and_depth", -1, OP_F32(OP_DIMS(2), 1.7f, NAN),
          OP_F32(OP_SCALAR, 3), f01, OP_F32(OP_DIMS(2, 3), 0, 1, 0, 0, 0, 0));
  one_hot("one_hot_int64_values", -1, I64(1), OP_I64(OP_SCALAR, 2),
          I64(0, 9007199254740993LL), OP_I64(OP_DIMS(1, 2), 0, 9007199254740993LL));
  one_hot("one_hot_scalar_indices", 0, OP_I64(OP_SCALAR, 1), OP_I64(OP_SCALAR, 2), f01,
          OP_F32(OP_DIMS(2), 0, 1));

  TrtOneHotParams last = {.axis = -1}, far = {.axis = 2};
  check("one_hot_depth_known_only_at_run_time", TRT_LAYER_ONE_HOT, &last, 3,
        (OpTensor[]){I64(0), OP_I64(OP_SCALAR, 3), f01}, OP_ABSENT, true);
  check("one_hot_negative_depth", TRT_LAYER_ONE_HOT, &last, 3,
        (OpTensor[]){I64(0), OP_CONST(OP_I64(OP_SCALAR, -1)), f01}, OP_ABSENT, true);
  check("one_hot_three_values", TRT_LAYER_ONE_HOT, &last, 3,
        (OpTensor[]){I64(0), OP_CONST(OP_I64(OP_SCALAR, 3)), OP_F32(OP_DIMS(3), 0, 1, 2)},
        OP_ABSENT, true);
  check("one_hot_axis_out_of_range", TRT_LAYER_ONE_HOT, &far, 3,
        (OpTensor[]){I64(0), OP_CONST(OP_I64(OP_SCALAR, 3)), f01}, OP_ABSENT, true);
}

void cases_gather(void) {
  gather_cases();
  gather_elements_cases();
  scatter_cases();
  one_hot_cases();
}
