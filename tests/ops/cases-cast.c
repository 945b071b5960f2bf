/* Op cases: cast and identity. */
#include <math.h>

#include "op-test.h"

#define OP_I8(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_INT8, .dims = d_, .data = (const int8_t[]){__VA_ARGS__}})
#define OP_U8(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = d_, .data = (const uint8_t[]){__VA_ARGS__}})
#define OP_F16(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_HALF, .dims = d_, .data = (const uint16_t[]){__VA_ARGS__}})

static void cast(const char *name, TrtDataType to, OpTensor x, OpTensor want) {
  TrtCastParams p = {.to = to};
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_CAST, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}});
}

static void identity(const char *name, OpTensor x) {
  OpTensor want = x;
  want.constant = false;
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_IDENTITY, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}});
}

void cases_cast(void) {
  cast("cast_float_to_int32_truncates", TRT_DATA_TYPE_INT32,
       OP_F32(OP_DIMS(5), 1.9f, -1.9f, 0.5f, -0.5f, 7),
       OP_I32(OP_DIMS(5), 1, -1, 0, 0, 7));
  cast("cast_float_to_int32_saturates_nan_zero", TRT_DATA_TYPE_INT32,
       OP_F32(OP_DIMS(4), NAN, INFINITY, -INFINITY, 3e9f),
       OP_I32(OP_DIMS(4), 0, INT32_MAX, INT32_MIN, INT32_MAX));
  cast("cast_float_to_int64", TRT_DATA_TYPE_INT64, OP_F32(OP_DIMS(3), -2.7f, 1e10f, NAN),
       OP_I64(OP_DIMS(3), -2, 10000000000LL, 0));
  cast("cast_float_to_uint8_saturates", TRT_DATA_TYPE_UINT8,
       OP_F32(OP_DIMS(3), -1, 300, 12.7f), OP_U8(OP_DIMS(3), 0, 255, 12));
  cast("cast_float_to_bool", TRT_DATA_TYPE_BOOL, OP_F32(OP_DIMS(5), 0, -0.0f, 0.1f, NAN, -3),
       OP_BOOL(OP_DIMS(5), 0, 0, 1, 1, 1));
  cast("cast_int64_to_int32_wraps", TRT_DATA_TYPE_INT32,
       OP_I64(OP_DIMS(3), 4294967297LL, -1, INT64_MIN), OP_I32(OP_DIMS(3), 1, -1, 0));
  cast("cast_int64_to_float_rounds", TRT_DATA_TYPE_FLOAT, OP_I64(OP_DIMS(2), 16777217, -3),
       OP_F32(OP_DIMS(2), 16777216, -3));
  cast("cast_int64_to_int64_beyond_2p53", TRT_DATA_TYPE_INT64,
       OP_I64(OP_DIMS(1), 9007199254740993LL), OP_I64(OP_DIMS(1), 9007199254740993LL));
  cast("cast_int32_to_int64", TRT_DATA_TYPE_INT64, OP_I32(OP_DIMS(2), INT32_MIN, 5),
       OP_I64(OP_DIMS(2), INT32_MIN, 5));
  cast("cast_uint8_to_int8_wraps", TRT_DATA_TYPE_INT8, OP_U8(OP_DIMS(2), 200, 5),
       OP_I8(OP_DIMS(2), -56, 5));
  cast("cast_int8_to_uint8_wraps", TRT_DATA_TYPE_UINT8, OP_I8(OP_DIMS(2), -1, 127),
       OP_U8(OP_DIMS(2), 255, 127));
  cast("cast_int_to_bool", TRT_DATA_TYPE_BOOL, OP_I64(OP_DIMS(3), 0, -5, 256),
       OP_BOOL(OP_DIMS(3), 0, 1, 1));
  cast("cast_bool_to_float", TRT_DATA_TYPE_FLOAT, OP_BOOL(OP_DIMS(2), 1, 0),
       OP_F32(OP_DIMS(2), 1, 0));
  cast("cast_half_to_float", TRT_DATA_TYPE_FLOAT,
       OP_F16(OP_DIMS(6), 0x3C00, 0xC000, 0x7C00, 0x3555, 0x0001, 0x7BFF),
       OP_F32(OP_DIMS(6), 1, -2, INFINITY, 0.333251953125f, 5.9604644775390625e-8f, 65504));
  cast("cast_half_nan_to_float", TRT_DATA_TYPE_FLOAT, OP_F16(OP_DIMS(1), 0x7E00),
       OP_F32(OP_DIMS(1), NAN));
  cast("cast_float_to_half_rounds_and_overflows", TRT_DATA_TYPE_HALF,
       OP_F32(OP_DIMS(5), 1, 0.1f, 70000, -1e-9f, 2049),
       OP_F16(OP_DIMS(5), 0x3C00, 0x2E66, 0x7C00, 0x8000, 0x6800));
  cast("cast_half_to_int32", TRT_DATA_TYPE_INT32, OP_F16(OP_DIMS(2), 0xC0CD, 0x7C00),
       OP_I32(OP_DIMS(2), -2, INT32_MAX));
  cast("cast_int32_to_half", TRT_DATA_TYPE_HALF, OP_I32(OP_DIMS(2), 3, -65504),
       OP_F16(OP_DIMS(2), 0x4200, 0xFBFF));
  cast("cast_same_type_copies", TRT_DATA_TYPE_FLOAT, OP_F32(OP_DIMS(2), 1.5f, NAN),
       OP_F32(OP_DIMS(2), 1.5f, NAN));
  cast("cast_scalar", TRT_DATA_TYPE_INT64, OP_F32(OP_SCALAR, 3.99f), OP_I64(OP_SCALAR, 3));
  cast("cast_empty", TRT_DATA_TYPE_INT32, OP_F32(OP_DIMS(2, 0), 0), OP_I32(OP_DIMS(2, 0), 0));
  cast("cast_random_float_to_half", TRT_DATA_TYPE_HALF, OP_RAND(OP_DIMS(7, 9)),
       OP_ANY(TRT_DATA_TYPE_HALF, OP_DIMS(7, 9)));
  {
    TrtCastParams p = {.to = 42};
    op_check(&(OpCase){.name = "cast_bad_target_type", .type = TRT_LAYER_CAST, .params = &p,
                       .nb_inputs = 1, .inputs = {OP_RAND(OP_DIMS(2))}, .nb_outputs = 1,
                       .expect_build_error = true});
  }

  identity("identity_float", OP_F32(OP_DIMS(2, 2), 1, -2, 3, NAN));
  identity("identity_int64", OP_I64(OP_DIMS(2), INT64_MAX, INT64_MIN));
  identity("identity_scalar", OP_F32(OP_SCALAR, 4));
  identity("identity_empty", OP_I32(OP_DIMS(0), 0));
  identity("identity_constant", OP_CONST(OP_I64(OP_DIMS(3), 1, 2, 3)));
}
