/* Unit tests of the CLI's element conversion (tools/convert.c) and NumPy
 * files (tools/npy.c): hand-checked values, including half rounding,
 * saturation, NaN, and a write/read round trip of every type. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int failures;

#define CHECK(cond, ...)                                                      \
  do {                                                                        \
    if (!(cond)) {                                                            \
      failures++;                                                             \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                             \
      printf(__VA_ARGS__);                                                    \
      printf("\n");                                                           \
    }                                                                         \
  } while (0)

static void test_half(void) {
  /* float -> IEEE half bits, worked out by hand. */
  static const struct {
    float in;
    uint16_t bits;
  } cases[] = {
      {0.0f, 0x0000},      {-0.0f, 0x8000},       {1.0f, 0x3c00},
      {-2.5f, 0xc100},     {65504.0f, 0x7bff},    {65520.0f, 0x7c00}, /* rounds to Inf */
      {1e-8f, 0x0000},     {0x1p-24f, 0x0001},    {0x1p-14f, 0x0400},
      {1.00048828125f, 0x3c00}, /* halfway, to even */
      {1.00146484375f, 0x3c02}, /* halfway, to even (up) */
      {INFINITY, 0x7c00},  {-INFINITY, 0xfc00},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint16_t h;
    cli_convert_elements(TRT_DATA_TYPE_FLOAT, &cases[i].in, TRT_DATA_TYPE_HALF, &h, 1);
    CHECK(h == cases[i].bits, "half(%g) = %04x, expected %04x", cases[i].in, h,
          cases[i].bits);
  }
  uint16_t nan_half;
  float nan_in = NAN, back;
  cli_convert_elements(TRT_DATA_TYPE_FLOAT, &nan_in, TRT_DATA_TYPE_HALF, &nan_half, 1);
  cli_convert_elements(TRT_DATA_TYPE_HALF, &nan_half, TRT_DATA_TYPE_FLOAT, &back, 1);
  CHECK(isnan(back), "NaN through half is %g", back);
  uint16_t sub = 0x0001;
  cli_convert_elements(TRT_DATA_TYPE_HALF, &sub, TRT_DATA_TYPE_FLOAT, &back, 1);
  CHECK(back == 0x1p-24f, "smallest subnormal half is %g", back);
}

static void test_integers(void) {
  const float in[] = {3.7f, -3.7f, 1e20f, -1e20f, NAN, 300.0f, -300.0f};
  const int8_t want8[] = {3, -3, 127, -128, 0, 127, -128};
  const uint8_t want_u8[] = {3, 0, 255, 0, 0, 255, 0};
  const int32_t want32[] = {3, -3, INT32_MAX, INT32_MIN, 0, 300, -300};
  const int64_t want64[] = {3, -3, INT64_MAX, INT64_MIN, 0, 300, -300};
  int8_t i8[7];
  uint8_t u8[7], b[7];
  int32_t i32[7];
  int64_t i64[7];
  cli_convert_elements(TRT_DATA_TYPE_FLOAT, in, TRT_DATA_TYPE_INT8, i8, 7);
  cli_convert_elements(TRT_DATA_TYPE_FLOAT, in, TRT_DATA_TYPE_UINT8, u8, 7);
  cli_convert_elements(TRT_DATA_TYPE_FLOAT, in, TRT_DATA_TYPE_INT32, i32, 7);
  cli_convert_elements(TRT_DATA_TYPE_FLOAT, in, TRT_DATA_TYPE_INT64, i64, 7);
  cli_convert_elements(TRT_DATA_TYPE_FLOAT, in, TRT_DATA_TYPE_BOOL, b, 7);
  for (int i = 0; i < 7; i++) {
    CHECK(i8[i] == want8[i], "int8(%g) = %d", in[i], i8[i]);
    CHECK(u8[i] == want_u8[i], "uint8(%g) = %d", in[i], u8[i]);
    CHECK(i32[i] == want32[i], "int32(%g) = %d", in[i], i32[i]);
    CHECK(i64[i] == want64[i], "int64(%g) = %lld", in[i], (long long)i64[i]);
    CHECK(b[i] == 1, "bool(%g) = %d", in[i], b[i]);
  }
  /* int64 -> int32 saturates; int64 values past 2^53 stay exact. */
  const int64_t big[] = {9007199254740993LL, -5, INT64_MIN};
  int32_t narrow[3];
  cli_convert_elements(TRT_DATA_TYPE_INT64, big, TRT_DATA_TYPE_INT32, narrow, 3);
  CHECK(narrow[0] == INT32_MAX && narrow[1] == -5 && narrow[2] == INT32_MIN,
        "int32 of int64: %d %d %d", narrow[0], narrow[1], narrow[2]);
  const int32_t small[] = {-1, 0, 7};
  int64_t wide[3];
  cli_convert_elements(TRT_DATA_TYPE_INT32, small, TRT_DATA_TYPE_INT64, wide, 3);
  CHECK(wide[0] == -1 && wide[1] == 0 && wide[2] == 7, "int64 of int32");
  float f[3];
  cli_convert_elements(TRT_DATA_TYPE_INT32, small, TRT_DATA_TYPE_FLOAT, f, 3);
  CHECK(f[0] == -1.0f && f[1] == 0.0f && f[2] == 7.0f, "float of int32");
}

/* Every type written as .npy reads back with the same type, dims and bytes. */
static void test_npy_round_trip(const char *dir) {
  const TrtDataType types[] = {TRT_DATA_TYPE_FLOAT, TRT_DATA_TYPE_HALF,
                               TRT_DATA_TYPE_INT8,  TRT_DATA_TYPE_UINT8,
                               TRT_DATA_TYPE_INT32, TRT_DATA_TYPE_INT64,
                               TRT_DATA_TYPE_BOOL};
  const TrtDims shapes[] = {{0, {0}}, {1, {5}}, {3, {2, 0, 3}}, {4, {1, 2, 1, 3}}};
  for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
      TrtHostTensor out = {.type = types[t], .dims = shapes[s]};
      int64_t n = trt_dims_volume(&out.dims);
      out.size = (size_t)n * trt_data_type_size(out.type);
      out.data = malloc(out.size + 1);
      for (size_t k = 0; k < out.size; k++)
        ((uint8_t *)out.data)[k] = out.type == TRT_DATA_TYPE_BOOL ? k % 2 : (uint8_t)(k * 37 + 1);
      char path[4096];
      snprintf(path, sizeof path, "%s/t%zu-%zu.npy", dir, t, s);
      CHECK(cli_npy_write(path, &out), "write %s", path);
      TrtHostTensor in;
      size_t size;
      void *bytes = cli_read_file(path, &size);
      CHECK(bytes && (size - out.size) % 64 == 0, "%s: data not 64-aligned", path);
      bool ok = bytes && cli_npy_read_memory(bytes, size, path, &in);
      CHECK(ok, "read %s", path);
      if (ok) {
        CHECK(in.type == out.type, "%s: type %d", path, in.type);
        CHECK(trt_dims_equal(&in.dims, &out.dims), "%s: dims", path);
        CHECK(in.size == out.size && memcmp(in.data, out.data, out.size) == 0,
              "%s: data", path);
        trt_host_tensor_free(&in);
      }
      free(bytes);
      free(out.data);
    }
  }
}

int main(int argc, char **argv) {
  cli_report_init("convert-test");
  test_half();
  test_integers();
  test_npy_round_trip(argc > 1 ? argv[1] : ".");
  if (failures) printf("%d checks failed\n", failures);
  else printf("all checks passed\n");
  return failures ? 1 : 0;
}
