/* Op cases: shape, constant-of-shape, range. */
#include <math.h>
#include <stdio.h>

#include "op-test.h"

static void shape(const char *name, TrtShapeParams p, OpTensor x, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_SHAPE, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}});
}

static void constant_of_shape(const char *name, TrtConstantOfShapeParams p, OpTensor s,
                              OpTensor want, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_CONSTANT_OF_SHAPE, .params = &p,
                     .nb_inputs = 1, .inputs = {s}, .nb_outputs = 1, .expected = {want},
                     .expect_build_error = bad});
}

static void range(const char *name, OpTensor start, OpTensor limit, OpTensor delta,
                  OpTensor want, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_RANGE, .nb_inputs = 3,
                     .inputs = {OP_CONST(start), OP_CONST(limit), OP_CONST(delta)},
                     .nb_outputs = 1, .expected = {want}, .expect_build_error = bad});
}

static TrtConstantOfShapeParams fill_f32(float v) {
  TrtConstantOfShapeParams p = {.type = TRT_DATA_TYPE_FLOAT};
  union { float f; uint8_t b[4]; } u = {.f = v};
  for (int i = 0; i < 4; i++) p.value[i] = u.b[i];
  return p;
}

/* Shape of a runtime input feeding a layer that needs known values: the
 * builder must compute Shape's value from dims alone. Builds
 * x[2,5] -> Shape(start=1) -> Range(0, that, 1) -> ConstantOfShape(Shape(x))
 * checks: Range gives 0..4, ConstantOfShape gives a 2x5 tensor of 7s. */
static void shape_values_propagate(void) {
  const char *name = "shape_value_feeds_range_and_constant_of_shape";
  TrtLogger *logger = trt_logger_new_console(TRT_SEVERITY_ERROR);
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(builder);
  TrtBuilderConfig *config = trt_builder_config_new();
  TrtEngine *engine = NULL;
  TrtContext *ctx = NULL;
  char why[128] = "build failed (see log above)";
  bool ok = false;
  trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
  TrtDims xd = OP_DIMS(2, 5), sd = OP_SCALAR;
  int64_t zero = 0, one = 1;
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &xd);
  TrtShapeParams tail = {.start = 1}, all = {0};
  TrtLayer *shape_tail = trt_network_add_layer(net, TRT_LAYER_SHAPE, &x, 1, &tail, 1);
  TrtLayer *shape_all = trt_network_add_layer(net, TRT_LAYER_SHAPE, &x, 1, &all, 1);
  TrtTensor *range_in[3] = {
      trt_network_add_constant(net, "start", TRT_DATA_TYPE_INT64, &sd, &zero),
      shape_tail ? trt_layer_get_output(shape_tail, 0) : NULL,
      trt_network_add_constant(net, "delta", TRT_DATA_TYPE_INT64, &sd, &one)};
  TrtLayer *range = trt_network_add_layer(net, TRT_LAYER_RANGE, range_in, 3, NULL, 1);
  TrtConstantOfShapeParams fill = {.type = TRT_DATA_TYPE_INT32, .value = {7}};
  TrtTensor *dims = shape_all ? trt_layer_get_output(shape_all, 0) : NULL;
  TrtLayer *filled =
      trt_network_add_layer(net, TRT_LAYER_CONSTANT_OF_SHAPE, &dims, 1, &fill, 1);
  if (range && filled) {
    trt_network_mark_output(net, trt_layer_get_output(range, 0));
    trt_network_mark_output(net, trt_layer_get_output(filled, 0));
    engine = trt_builder_build_engine(builder, net, config);
  }
  if (engine) {
    float xv[10] = {0};
    int64_t rv[5] = {0};
    int32_t fv[10] = {0};
    void *bindings[3] = {xv, rv, fv};
    TrtDims r = trt_engine_get_binding_dims(engine, 1), f = trt_engine_get_binding_dims(engine, 2);
    ctx = trt_engine_create_context(engine);
    ok = trt_dims_equal(&r, &OP_DIMS(5)) && trt_dims_equal(&f, &xd) && ctx &&
         trt_context_execute(ctx, 1, bindings) == TRT_STATUS_OK;
    for (int i = 0; i < 10 && ok; i++) ok = fv[i] == 7 && (i >= 5 || rv[i] == i);
    snprintf(why, sizeof why, "wrong dims or values");
  }
  op_report(name, ok, why);
  trt_context_free(ctx);
  trt_engine_free(engine);
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(builder);
  trt_logger_free(logger);
}

void cases_shape(void) {
  OpTensor x = OP_RAND(OP_DIMS(2, 3, 4));
  shape("shape_all", (TrtShapeParams){0}, x, OP_I64(OP_DIMS(3), 2, 3, 4));
  shape("shape_start_1", (TrtShapeParams){.start = 1}, x, OP_I64(OP_DIMS(2), 3, 4));
  shape("shape_start_negative", (TrtShapeParams){.start = -1}, x, OP_I64(OP_DIMS(1), 4));
  shape("shape_end_negative", (TrtShapeParams){.end = -1, .has_end = 1}, x,
        OP_I64(OP_DIMS(2), 2, 3));
  shape("shape_clamped", (TrtShapeParams){.start = -10, .end = 10, .has_end = 1}, x,
        OP_I64(OP_DIMS(3), 2, 3, 4));
  shape("shape_start_past_end_is_empty", (TrtShapeParams){.start = 2, .end = 1, .has_end = 1},
        x, OP_I64(OP_DIMS(0), 0));
  shape("shape_of_scalar", (TrtShapeParams){0}, OP_F32(OP_SCALAR, 1), OP_I64(OP_DIMS(0), 0));
  shape("shape_of_empty_int", (TrtShapeParams){0},
        (OpTensor){.type = TRT_DATA_TYPE_INT32, .dims = OP_DIMS(5, 0)},
        OP_I64(OP_DIMS(2), 5, 0));

  constant_of_shape("constant_of_shape_float", fill_f32(1.5f),
                    OP_CONST(OP_I64(OP_DIMS(2), 2, 3)),
                    OP_F32(OP_DIMS(2, 3), 1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f), false);
  constant_of_shape("constant_of_shape_default_zero",
                    (TrtConstantOfShapeParams){.type = TRT_DATA_TYPE_FLOAT},
                    OP_CONST(OP_I64(OP_DIMS(1), 3)), OP_F32(OP_DIMS(3), 0, 0, 0), false);
  constant_of_shape("constant_of_shape_int64",
                    (TrtConstantOfShapeParams){.type = TRT_DATA_TYPE_INT64, .value = {7}},
                    OP_CONST(OP_I64(OP_DIMS(1), 2)), OP_I64(OP_DIMS(2), 7, 7), false);
  constant_of_shape("constant_of_shape_bool_is_0_or_1",
                    (TrtConstantOfShapeParams){.type = TRT_DATA_TYPE_BOOL, .value = {0x80}},
                    OP_CONST(OP_I64(OP_DIMS(1), 2)), OP_BOOL(OP_DIMS(2), 1, 1), false);
  constant_of_shape("constant_of_shape_empty_shape_is_scalar", fill_f32(2),
                    OP_CONST(OP_I64(OP_DIMS(0), 0)), OP_F32(OP_SCALAR, 2), false);
  constant_of_shape("constant_of_shape_zero_dim", fill_f32(2),
                    OP_CONST(OP_I64(OP_DIMS(2), 0, 4)), OP_F32(OP_DIMS(0, 4), 0), false);
  constant_of_shape("constant_of_shape_negative_dim", fill_f32(2),
                    OP_CONST(OP_I64(OP_DIMS(2), 2, -1)), OP_F32(OP_DIMS(1), 0), true);
  constant_of_shape("constant_of_shape_2d_shape", fill_f32(2),
                    OP_CONST(OP_I64(OP_DIMS(1, 2), 2, 2)), OP_F32(OP_DIMS(1), 0), true);
  constant_of_shape("constant_of_shape_runtime_shape", fill_f32(2),
                    OP_I64(OP_DIMS(2), 2, 2), OP_F32(OP_DIMS(1), 0), true);
  constant_of_shape("constant_of_shape_bad_type",
                    (TrtConstantOfShapeParams){.type = 99}, OP_CONST(OP_I64(OP_DIMS(1), 2)),
                    OP_F32(OP_DIMS(1), 0), true);

  range("range_int64", OP_I64(OP_SCALAR, 0), OP_I64(OP_SCALAR, 5), OP_I64(OP_SCALAR, 2),
        OP_I64(OP_DIMS(3), 0, 2, 4), false);
  range("range_int32_negative_delta", OP_I32(OP_SCALAR, 10), OP_I32(OP_SCALAR, 4),
        OP_I32(OP_SCALAR, -3), OP_I32(OP_DIMS(2), 10, 7), false);
  range("range_float", OP_F32(OP_SCALAR, 1), OP_F32(OP_SCALAR, 2), OP_F32(OP_SCALAR, 0.25f),
        OP_F32(OP_DIMS(4), 1, 1.25f, 1.5f, 1.75f), false);
  range("range_float_partial_step", OP_F32(OP_SCALAR, 0), OP_F32(OP_SCALAR, 1),
        OP_F32(OP_SCALAR, 0.3f), OP_F32(OP_DIMS(4), 0, 0.3f, 0.6f, 0.9f), false);
  range("range_empty", OP_I64(OP_SCALAR, 5), OP_I64(OP_SCALAR, 1), OP_I64(OP_SCALAR, 1),
        OP_I64(OP_DIMS(0), 0), false);
  range("range_int64_exact_beyond_2p53", OP_I64(OP_SCALAR, 9007199254740993LL),
        OP_I64(OP_SCALAR, 9007199254740996LL), OP_I64(OP_SCALAR, 1),
        OP_I64(OP_DIMS(3), 9007199254740993LL, 9007199254740994LL, 9007199254740995LL),
        false);
  range("range_int64_extremes", OP_I64(OP_SCALAR, INT64_MIN), OP_I64(OP_SCALAR, INT64_MAX),
        OP_I64(OP_SCALAR, INT64_MAX), OP_I64(OP_DIMS(3), INT64_MIN, -1, INT64_MAX - 1), false);
  range("range_one_element_tensors", OP_I64(OP_DIMS(1), 3), OP_I64(OP_DIMS(1), 5),
        OP_I64(OP_DIMS(1), 1), OP_I64(OP_DIMS(2), 3, 4), false);
  range("range_zero_delta", OP_I64(OP_SCALAR, 0), OP_I64(OP_SCALAR, 5), OP_I64(OP_SCALAR, 0),
        OP_I64(OP_DIMS(1), 0), true);
  range("range_float_nan", OP_F32(OP_SCALAR, 0), OP_F32(OP_SCALAR, NAN),
        OP_F32(OP_SCALAR, 1), OP_F32(OP_DIMS(1), 0), true);
  range("range_too_long", OP_I64(OP_SCALAR, 0), OP_I64(OP_SCALAR, INT64_MAX),
        OP_I64(OP_SCALAR, 1), OP_I64(OP_DIMS(1), 0), true);
  range("range_types_differ", OP_I64(OP_SCALAR, 0), OP_I32(OP_SCALAR, 5),
        OP_I64(OP_SCALAR, 1), OP_I64(OP_DIMS(1), 0), true);
  range("range_not_scalar", OP_I64(OP_DIMS(2), 0, 1), OP_I64(OP_SCALAR, 5),
        OP_I64(OP_SCALAR, 1), OP_I64(OP_DIMS(1), 0), true);
  op_check(&(OpCase){.name = "range_runtime_limit", .type = TRT_LAYER_RANGE, .nb_inputs = 3,
                     .inputs = {OP_CONST(OP_I64(OP_SCALAR, 0)), OP_I64(OP_SCALAR, 5),
                                OP_CONST(OP_I64(OP_SCALAR, 1))},
                     .nb_outputs = 1, .expect_build_error = true});
  shape_values_propagate();
}
