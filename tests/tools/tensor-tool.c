/* Test helper for the CLI tests: compares tensors in .pb/.npy files.
 *
 *   tensor-tool compare ACTUAL EXPECTED [TOLERANCE]
 *     exit 0 when the shapes are equal and every |a - e| <= TOLERANCE *
 *     max(1, max |e|) (default 1e-4; 0 asks for identical values, NaN equal
 *     to NaN); prints the largest difference either way.
 *   tensor-tool argmax FILE
 *     prints the index of the largest value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int compare(const char *actual_path, const char *expected_path,
                   double tolerance) {
  TrtHostTensor a, e;
  if (!cli_tensor_read(actual_path, &a)) return 2;
  if (!cli_tensor_read(expected_path, &e)) {
    trt_host_tensor_free(&a);
    return 2;
  }
  char da[128], de[128];
  trt_dims_format(&a.dims, da, sizeof da);
  trt_dims_format(&e.dims, de, sizeof de);
  int code = 0;
  if (!trt_dims_equal(&a.dims, &e.dims)) {
    printf("shape %s differs from the expected %s\n", da, de);
    code = 1;
  } else {
    int64_t n = trt_dims_volume(&a.dims);
    double scale = 1, worst = 0;
    int64_t worst_at = -1;
    for (int64_t i = 0; i < n; i++)
      scale = fmax(scale, fabs(cli_element_as_double(e.type, e.data, i)));
    for (int64_t i = 0; i < n; i++) {
      double x = cli_element_as_double(a.type, a.data, i);
      double y = cli_element_as_double(e.type, e.data, i);
      double diff = (isnan(x) && isnan(y)) ? 0 : isnan(x) || isnan(y) ? INFINITY
                                                                      : fabs(x - y);
      if (diff > worst || worst_at < 0) {
        worst = diff;
        worst_at = i;
      }
    }
    printf("%s vs %s: %s, %lld values, largest difference %g (at %lld), allowed %g\n",
           actual_path, expected_path, da, (long long)n, worst, (long long)worst_at,
           tolerance * scale);
    if (worst > tolerance * scale) code = 1;
  }
  trt_host_tensor_free(&a);
  trt_host_tensor_free(&e);
  return code;
}

static int argmax(const char *path) {
  TrtHostTensor t;
  if (!cli_tensor_read(path, &t)) return 2;
  int64_t n = trt_dims_volume(&t.dims), best = 0;
  for (int64_t i = 1; i < n; i++)
    if (cli_element_as_double(t.type, t.data, i) >
        cli_element_as_double(t.type, t.data, best))
      best = i;
  printf("%lld\n", (long long)best);
  trt_host_tensor_free(&t);
  return n > 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  cli_report_init("tensor-tool");
  if (argc >= 4 && strcmp(argv[1], "compare") == 0)
    return compare(argv[2], argv[3], argc > 4 ? strtod(argv[4], NULL) : 1e-4);
  if (argc == 3 && strcmp(argv[1], "argmax") == 0) return argmax(argv[2]);
  fprintf(stderr, "usage: tensor-tool compare ACTUAL EXPECTED [TOLERANCE]\n"
                  "       tensor-tool argmax FILE\n");
  return 2;
}
