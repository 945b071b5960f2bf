/* Runner of the op test table; see op-test.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op-test.h"

static int passed, failed, skipped;
static const char *filter;       /* substring of case names to run */
static const char *only_backend; /* "cpu" or "cuda" */
static TrtLogger *logger;

/* Deterministic pseudo-random values (xorshift). */
static uint32_t rng_state;
static uint32_t rng_next(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static size_t tensor_bytes(const OpTensor *t) {
  int64_t n = trt_dims_volume(&t->dims);
  return (size_t)(n > 0 ? n : 0) * trt_data_type_size(t->type);
}

/* A copy of the tensor's values, made up when the case gives none. */
static void *input_values(const OpTensor *t) {
  size_t bytes = tensor_bytes(t);
  void *p = calloc(1, bytes ? bytes : 1);
  if (!p) return NULL;
  if (t->data) {
    memcpy(p, t->data, bytes);
    return p;
  }
  int64_t n = trt_dims_volume(&t->dims);
  for (int64_t i = 0; i < n; i++) {
    uint32_t r = rng_next();
    switch (t->type) {
    case TRT_DATA_TYPE_FLOAT: ((float *)p)[i] = (float)(r % 20001) / 10000.0f - 1.0f; break;
    case TRT_DATA_TYPE_INT64: ((int64_t *)p)[i] = r % 4; break;
    case TRT_DATA_TYPE_INT32: ((int32_t *)p)[i] = (int32_t)(r % 4); break;
    case TRT_DATA_TYPE_BOOL: ((uint8_t *)p)[i] = r & 1; break;
    default: ((uint8_t *)p)[i] = (uint8_t)(r % 4); break;
    }
  }
  return p;
}

/* IEEE half bits to double, written out here so the tests do not share the
 * library's own conversion. */
static double half_value(uint16_t h) {
  int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  double sign = (h & 0x8000) ? -1 : 1;
  if (exponent == 0x1f) return mantissa ? NAN : sign * INFINITY;
  if (exponent == 0) return sign * ldexp(mantissa, -24);
  return sign * ldexp(1024 + mantissa, exponent - 25);
}

static double value_at(const void *data, TrtDataType type, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return ((const float *)data)[i];
  case TRT_DATA_TYPE_HALF: return half_value(((const uint16_t *)data)[i]);
  case TRT_DATA_TYPE_INT64: return (double)((const int64_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8:
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i];
  default: return 0;
  }
}

/* Compares; returns true when equal within tolerance, else writes why. */
static bool compare(const OpCase *c, int out, const void *got, const void *want,
                    TrtDataType type, int64_t n, char *why, size_t why_size) {
  double atol = c->atol, rtol = c->rtol;
  if (atol == 0 && rtol == 0) {
    atol = 1e-5;
    rtol = 1e-4;
  }
  bool exact = type != TRT_DATA_TYPE_FLOAT && type != TRT_DATA_TYPE_HALF;
  for (int64_t i = 0; i < n; i++) {
    double g = value_at(got, type, i), w = value_at(want, type, i);
    bool ok;
    if (isnan(w))
      ok = isnan(g);
    else if (isinf(w))
      ok = g == w;
    else if (exact)
      ok = g == w;
    else
      ok = isfinite(g) && fabs(g - w) <= atol + rtol * fabs(w);
    if (!ok) {
      snprintf(why, why_size, "output %d element %lld: got %.7g, want %.7g", out,
               (long long)i, g, w);
      return false;
    }
  }
  return true;
}

/* Builds and runs the case on one backend. Outputs are returned in
 * `results` (malloc'ed). Returns 0 ok, 1 failed (why filled), 2 skipped. */
static int run_on(const OpCase *c, TrtBackendKind kind, void **results,
                  TrtDims *result_dims, char *why, size_t why_size) {
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(builder);
  TrtBuilderConfig *config = trt_builder_config_new();
  TrtEngine *engine = NULL;
  TrtContext *ctx = NULL;
  void *inputs[OP_MAX_TENSORS] = {0};
  void *bindings[2 * OP_MAX_TENSORS] = {0};
  int rc = 1, nb_bound = 0;
  TrtTensor *tensors[OP_MAX_TENSORS] = {0};

  trt_builder_config_set_backend(config, kind);
  trt_builder_config_set_optimization_level(config, 0);
  for (int i = 0; i < c->nb_inputs; i++) {
    const OpTensor *t = &c->inputs[i];
    char name[32];
    snprintf(name, sizeof name, "in%d", i);
    if (t->absent) continue;
    inputs[i] = input_values(t);
    tensors[i] = t->constant
                     ? trt_network_add_constant(net, name, t->type, &t->dims, inputs[i])
                     : trt_network_add_input(net, name, t->type, &t->dims);
    if (!t->constant) bindings[nb_bound++] = inputs[i];
  }
  TrtLayer *layer = trt_network_add_layer(net, c->type, tensors, c->nb_inputs,
                                          c->params, c->nb_outputs);
  if (!layer) {
    snprintf(why, why_size, "add_layer failed");
    rc = c->expect_build_error ? 0 : 1;
    goto done;
  }
  for (int i = 0; i < c->nb_outputs; i++)
    trt_network_mark_output(net, trt_layer_get_output(layer, i));
  engine = trt_builder_build_engine(builder, net, config);
  if (c->expect_build_error) {
    rc = engine ? 1 : 0;
    if (engine) snprintf(why, why_size, "the build should have failed");
    goto done;
  }
  if (!engine) {
    snprintf(why, why_size, "build failed (see log above)");
    goto done;
  }
  for (int i = 0; i < c->nb_outputs; i++) {
    int b = trt_engine_get_nb_inputs(engine) + i;
    TrtDims d = trt_engine_get_binding_dims(engine, b);
    size_t bytes = (size_t)trt_dims_volume(&d) *
                   trt_data_type_size(trt_engine_get_binding_type(engine, b));
    results[i] = calloc(1, bytes ? bytes : 1);
    result_dims[i] = d;
    bindings[nb_bound + i] = results[i];
  }
  ctx = trt_engine_create_context(engine);
  if (!ctx) {
    snprintf(why, why_size, "context creation failed (see log above)");
    goto done;
  }
  TrtStatus s = trt_context_execute(ctx, 1, bindings);
  if (s != TRT_STATUS_OK) {
    snprintf(why, why_size, "execute failed: %s", trt_status_to_string(s));
    goto done;
  }
  for (int i = 0; i < c->nb_outputs; i++) {
    const OpTensor *want = &c->expected[i];
    int b = trt_engine_get_nb_inputs(engine) + i;
    char g[64], w[64];
    if (!trt_dims_equal(&result_dims[i], &want->dims) ||
        trt_engine_get_binding_type(engine, b) != want->type) {
      snprintf(why, why_size, "output %d is %s %s, want %s %s", i,
               trt_data_type_name(trt_engine_get_binding_type(engine, b)),
               trt_dims_format(&result_dims[i], g, sizeof g),
               trt_data_type_name(want->type), trt_dims_format(&want->dims, w, sizeof w));
      goto done;
    }
    if (want->data && !compare(c, i, results[i], want->data, want->type,
                               trt_dims_volume(&want->dims), why, why_size))
      goto done;
  }
  rc = 0;
done:
  trt_context_free(ctx);
  trt_engine_free(engine);
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(builder);
  for (int i = 0; i < OP_MAX_TENSORS; i++) free(inputs[i]);
  return rc;
}

void op_report(const char *name, bool ok, const char *why) {
  if ((filter && !strstr(name, filter)) || (only_backend && strcmp(only_backend, "cpu") != 0))
    return;
  printf(ok ? "PASS %-7s %s\n" : "FAIL %-7s %s: %s\n", "cpu", name, why);
  if (ok)
    passed++;
  else
    failed++;
}

/* The runs of each case. The CPU runs twice: first with its reference
 * kernels alone (TRTINFER_CPU_REFERENCE=1), whose results every later run
 * must match, then as users get it (oneDNN where the build has it). */
static const struct {
  const char *name;
  TrtBackendKind kind;
  bool reference;
} runs[] = {
    {"cpu-ref", TRT_BACKEND_CPU, true},
    {"cpu", TRT_BACKEND_CPU, false},
    {"cuda", TRT_BACKEND_CUDA, false},
};

/* --backend cpu selects both CPU runs. */
static bool selected(int r) {
  if (!only_backend) return true;
  if (strcmp(only_backend, runs[r].name) == 0) return true;
  return strcmp(only_backend, "cpu") == 0 && runs[r].kind == TRT_BACKEND_CPU;
}

/* Runs the case with TRTINFER_CPU_REFERENCE set to "1" or as the user had it. */
static int run_with_reference(const OpCase *c, int r, void **results, TrtDims *dims, char *why,
                              size_t why_size) {
  const char *saved = getenv("TRTINFER_CPU_REFERENCE");
  char *copy = saved ? strdup(saved) : NULL;
  if (runs[r].reference) setenv("TRTINFER_CPU_REFERENCE", "1", 1);
  int rc = run_on(c, runs[r].kind, results, dims, why, why_size);
  if (runs[r].reference) {
    if (copy)
      setenv("TRTINFER_CPU_REFERENCE", copy, 1);
    else
      unsetenv("TRTINFER_CPU_REFERENCE");
  }
  free(copy);
  return rc;
}

void op_check(const OpCase *c) {
  void *reference[OP_MAX_TENSORS] = {0};
  bool have_reference = false;
  if (filter && !strstr(c->name, filter)) return;
  for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
    const char *bname = runs[r].name;
    if (!selected((int)r)) continue;
    void *results[OP_MAX_TENSORS] = {0};
    TrtDims dims[OP_MAX_TENSORS];
    char why[256] = "";
    if (runs[r].kind == TRT_BACKEND_CUDA) {
      /* A backend without a device reports SKIP, never PASS. */
      if (!trt_backend_is_available(TRT_BACKEND_CUDA, 0)) {
        printf("SKIP %-7s %s (no CUDA device)\n", bname, c->name);
        skipped++;
        continue;
      }
    }
    rng_state = 0x9e3779b9u;
    int rc = run_with_reference(c, (int)r, results, dims, why, sizeof why);
    if (rc == 0 && have_reference && !c->expect_build_error) {
      for (int i = 0; i < c->nb_outputs && rc == 0; i++)
        if (!compare(c, i, results[i], reference[i], c->expected[i].type,
                     trt_dims_volume(&dims[i]), why, sizeof why))
          rc = 1;
    }
    if (rc == 0) {
      printf("PASS %-7s %s\n", bname, c->name);
      passed++;
    } else {
      printf("FAIL %-7s %s: %s\n", bname, c->name, why);
      failed++;
    }
    /* The first passing CPU run is what the others must match. */
    bool keep = !have_reference && rc == 0 && runs[r].kind == TRT_BACKEND_CPU &&
                !c->expect_build_error;
    for (int i = 0; i < OP_MAX_TENSORS; i++) {
      if (keep)
        reference[i] = results[i];
      else
        free(results[i]);
    }
    have_reference = have_reference || keep;
  }
  for (int i = 0; i < OP_MAX_TENSORS; i++) free(reference[i]);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc)
      filter = argv[++i];
    else if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc)
      only_backend = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--filter SUBSTRING] [--backend cpu|cpu-ref|cuda]\n", argv[0]);
      return 2;
    }
  }
  logger = trt_logger_new_console(TRT_SEVERITY_ERROR);
  cases_convolution();
  cases_pooling();
  cases_matmul();
  cases_activation();
  cases_softmax();
  cases_normalization();
  cases_elementwise();
  cases_concat();
  cases_slice();
  cases_pad();
  cases_shuffle();
  cases_resize();
  cases_reduce();
  cases_gather();
  cases_topk();
  cases_cast();
  cases_shape();
  cases_ssd();
  cases_channels_last();
  trt_logger_free(logger);
  printf("ops: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed ? 1 : 0;
}
