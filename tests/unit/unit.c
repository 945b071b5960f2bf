/* Helpers shared by the unit tests; see unit.h. */
#include <stdlib.h>

#include "unit.h"

static char log_text[1 << 16];
static size_t log_len;
static TrtLogger *logger;

static void keep(TrtSeverity severity, const char *message, void *user_data) {
  (void)user_data;
  int n = snprintf(log_text + log_len, sizeof log_text - log_len, "[%s] %s\n",
                   trt_severity_name(severity), message);
  if (n > 0) log_len += (size_t)n;
  if (log_len >= sizeof log_text) log_len = sizeof log_text - 1; /* full: keep it */
  if (getenv("UNIT_VERBOSE")) fprintf(stderr, "[%s] %s\n", trt_severity_name(severity), message);
}

TrtLogger *unit_logger(void) {
  if (!logger) logger = trt_logger_new(keep, NULL, TRT_SEVERITY_VERBOSE);
  return logger;
}

void unit_log_clear(void) {
  log_len = 0;
  log_text[0] = '\0';
}

bool unit_log_contains(const char *needle) { return strstr(log_text, needle) != NULL; }

const char *unit_log_text(void) { return log_text; }

void unit_fill(float *x, size_t n, uint32_t seed) {
  uint32_t s = seed * 2654435761u + 12345u;
  for (size_t i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    x[i] = (float)((s >> 8) & 0xffff) / 32768.0f - 1.0f;
  }
}

TrtTensor *unit_constant(TrtNetwork *net, const char *name, TrtDims dims, uint32_t seed) {
  size_t n = (size_t)trt_dims_volume(&dims);
  float *data = malloc((n ? n : 1) * sizeof *data);
  unit_fill(data, n, seed);
  TrtTensor *t = trt_network_add_constant(net, name, TRT_DATA_TYPE_FLOAT, &dims, data);
  free(data);
  return t;
}

TrtEngine *unit_build(const TrtNetwork *net, int max_batch, int opt_level) {
  TrtBuilder *b = trt_builder_new(unit_logger());
  TrtBuilderConfig *c = trt_builder_config_new();
  trt_builder_config_set_backend(c, TRT_BACKEND_CPU);
  trt_builder_config_set_max_batch_size(c, max_batch);
  trt_builder_config_set_optimization_level(c, opt_level);
  TrtEngine *e = trt_builder_build_engine(b, net, c);
  trt_builder_config_free(c);
  trt_builder_free(b);
  return e;
}

TrtStatus unit_run(TrtEngine *engine, int batch, float *const *bindings) {
  TrtContext *ctx = trt_engine_create_context(engine);
  if (!ctx) return TRT_STATUS_INTERNAL_ERROR;
  TrtStatus s = trt_context_execute(ctx, batch, (void *const *)bindings);
  trt_context_free(ctx);
  return s;
}
