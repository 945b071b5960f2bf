/* trtinfer bench MODEL|ENGINE [model options] [--batch N] [--warmup MS]
 *                 [--duration S] [--threads N] [--device-buffers] [--json] */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char bench_usage[] =
    "Usage: trtinfer bench MODEL|ENGINE [model options] [--batch N]\n"
    "                      [--warmup MS] [--duration S] [--threads N]\n"
    "                      [--device-buffers] [--profile] [--json]\n\n"
    "Runs the engine on random inputs in a loop (trt_context_execute, host\n"
    "buffers in and out, so copies to and from a device are included) and\n"
    "reports throughput and latency.\n\n"
    "  --batch N       batch size per run (default 1; a MODEL is built with a max\n"
    "                  batch of at least N). With fixed input shapes, N must be\n"
    "                  their first dim (--input-shape data=8x3x224x224 --batch 8)\n"
    "  --warmup MS     untimed runs first, for this long (default 200)\n"
    "  --duration S    timed runs for this long (default 3; at least one run)\n"
    "  --threads N     CPU threads: sets OMP_NUM_THREADS, which the oneDNN\n"
    "                  kernels follow; layers with too little work for that\n"
    "                  many run on fewer (see `inspect`), the reference C\n"
    "                  kernels on one\n"
    "  --device-buffers  bindings in the engine's device memory, run with\n"
    "                  trt_context_enqueue: no copies between host and device\n"
    "                  are timed (the engine alone, as trtexec --noDataTransfers)\n"
    "  --profile       then run layer by layer for --duration more and print each\n"
    "                  kind's and the slowest layers' share of the time (stderr)\n"
    "  --json          print one JSON object on stdout: throughput_qps and\n"
    "                  latency_ms {min, mean, median, p90, p95, p99}, with\n"
    "                  iterations, batch, duration_s, backend and model\n\n"
    "Latency is per run (one batch), in milliseconds; percentiles take the\n"
    "nearest rank. Throughput counts inferences (batch items) per second.\n\n";

typedef struct {
  CliModelOptions model;
  int batch;         /* 0: not given */
  double warmup_ms;
  double duration_s;
  int threads;       /* 0: the library's default */
  bool device_buffers;
  bool profile;
  bool json;
} BenchOptions;

typedef struct {
  double min, mean, median, p90, p95, p99;
} LatencyStats;

static CliMatch bench_option(CliArgs *args, BenchOptions *o) {
  const char *v;
  CliMatch m;
  if ((m = cli_option(args, "--batch", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !cli_parse_int("--batch", v, 1, 1 << 20, &o->batch))
      return CLI_BAD;
    return m;
  }
  if ((m = cli_option(args, "--warmup", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED &&
        !cli_parse_double("--warmup", v, 0, 3600e3, &o->warmup_ms))
      return CLI_BAD;
    return m;
  }
  if ((m = cli_option(args, "--duration", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED &&
        !cli_parse_double("--duration", v, 0, 86400, &o->duration_s))
      return CLI_BAD;
    return m;
  }
  if ((m = cli_option(args, "--threads", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !cli_parse_int("--threads", v, 1, 4096, &o->threads))
      return CLI_BAD;
    return m;
  }
  if ((m = cli_flag(args, "--profile")) != CLI_NO_MATCH) {
    o->profile = true;
    return m;
  }
  if ((m = cli_flag(args, "--device-buffers")) != CLI_NO_MATCH) {
    o->device_buffers = true;
    return m;
  }
  if ((m = cli_flag(args, "--json")) != CLI_NO_MATCH) {
    o->json = true;
    return m;
  }
  return CLI_NO_MATCH;
}

/* OpenMP reads OMP_NUM_THREADS when it is loaded, which is before main():
 * so the variable is set for anything started later and the running
 * OpenMP, if any, is told directly. */
static void set_cpu_threads(int threads) {
  char text[16];
  snprintf(text, sizeof text, "%d", threads);
  setenv("OMP_NUM_THREADS", text, 1);
  void (*omp_set_num_threads)(int) =
      (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
  if (omp_set_num_threads) omp_set_num_threads(threads);
}

/* Deterministic inputs: floats uniform in [0, 1), integers 0 (a valid
 * index for any gather or embedding). */
static void fill_inputs(const TrtEngine *e, CliBindings *b) {
  uint32_t state = 12345;
  for (int i = 0; i < trt_engine_get_nb_inputs(e); i++) {
    TrtDataType type = trt_engine_get_binding_type(e, i);
    if (type != TRT_DATA_TYPE_FLOAT && type != TRT_DATA_TYPE_HALF) continue;
    TrtDims d = trt_engine_get_binding_dims(e, i);
    int64_t n = trt_dims_volume(&d);
    float *values = malloc((size_t)(n > 0 ? n : 1) * sizeof *values);
    if (!values) continue; /* stays zero */
    for (int64_t k = 0; k < n; k++) {
      state = state * 1664525u + 1013904223u;
      values[k] = (float)(state >> 8) * 0x1p-24f;
    }
    cli_convert_elements(TRT_DATA_TYPE_FLOAT, values, type, b->buffers[i], n);
    free(values);
  }
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values. */
static double percentile(const double *sorted, size_t n, double p) {
  size_t rank = (size_t)ceil(p / 100.0 * (double)n);
  return sorted[rank > 0 ? rank - 1 : 0];
}

static LatencyStats compute_stats(double *ms, size_t n) {
  LatencyStats s;
  double sum = 0;
  qsort(ms, n, sizeof *ms, compare_doubles);
  for (size_t i = 0; i < n; i++) sum += ms[i];
  s.min = ms[0];
  s.mean = sum / (double)n;
  s.median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  s.p90 = percentile(ms, n, 90);
  s.p95 = percentile(ms, n, 95);
  s.p99 = percentile(ms, n, 99);
  return s;
}

static void print_json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void report(const BenchOptions *o, const CliEngine *e, int batch,
                   size_t iterations, double seconds, const LatencyStats *s) {
  double qps = (double)iterations * batch / seconds;
  const char *backend = trt_engine_get_backend_name(e->engine);
  if (o->json) {
    printf("{\"model\": ");
    print_json_string(o->model.path);
    printf(", \"kind\": \"%s\", \"backend\": ", cli_model_kind_name(e->kind));
    print_json_string(backend);
    printf(", \"device_buffers\": %s", o->device_buffers ? "true" : "false");
    printf(", \"batch\": %d, \"threads\": %d, \"iterations\": %zu, "
           "\"duration_s\": %.6f, \"throughput_qps\": %.6g, \"latency_ms\": "
           "{\"min\": %.6g, \"mean\": %.6g, \"median\": %.6g, \"p90\": %.6g, "
           "\"p95\": %.6g, \"p99\": %.6g}}\n",
           batch, o->threads, iterations, seconds, qps, s->min, s->mean, s->median,
           s->p90, s->p95, s->p99);
    return;
  }
  printf("model       %s (%s, %s backend)\n", o->model.path,
         cli_model_kind_name(e->kind), backend);
  printf("batch       %d\n", batch);
  if (o->device_buffers) printf("bindings    in device memory (no host copies timed)\n");
  if (o->threads)
    printf("threads     %d\n", o->threads);
  printf("runs        %zu in %.3f s, after %.0f ms of warm-up\n", iterations, seconds,
         o->warmup_ms);
  printf("throughput  %.2f inferences/s\n", qps);
  printf("latency ms  min %.4g  mean %.4g  median %.4g  p90 %.4g  p95 %.4g  p99 %.4g\n",
         s->min, s->mean, s->median, s->p90, s->p95, s->p99);
}

/* Runs until `seconds` have passed (at least once); records latencies in
 * ms when `times` is given. Returns the exit code. */
static int loop(TrtContext *ctx, const CliBindings *b, void *const *device, const char *path,
                double seconds, double **times, size_t *count) {
  size_t n = 0, cap = 0;
  double start = cli_now(), now = start;
  do {
    if (times && n == cap) {
      cap = cap ? cap * 2 : 1024;
      double *grown = realloc(*times, cap * sizeof **times);
      if (!grown) return cli_fail("out of memory");
      *times = grown;
    }
    double t0 = cli_now();
    TrtStatus s = device ? trt_context_enqueue(ctx, b->batch, device, NULL)
                         : trt_context_execute(ctx, b->batch, b->buffers);
    if (device && s == TRT_STATUS_OK) s = trt_context_synchronize(ctx);
    now = cli_now();
    if (s != TRT_STATUS_OK)
      return cli_fail_library(path, "execution failed: %s", trt_status_to_string(s));
    if (times) (*times)[n] = (now - t0) * 1e3;
    n++;
  } while (now - start < seconds);
  if (count) *count = n;
  return 0;
}

/* Device copies of the bindings, inputs filled from the host's. */
static int device_bindings_alloc(TrtContext *ctx, const TrtEngine *e, const CliBindings *b,
                                 void ***out) {
  void **device = calloc((size_t)b->nb_bindings + 1, sizeof *device);
  if (!device) return cli_fail("out of memory");
  *out = device;
  for (int i = 0; i < b->nb_bindings; i++) {
    size_t bytes = cli_binding_bytes(e, i);
    device[i] = trt_context_alloc_device_memory(ctx, bytes + 1);
    if (!device[i])
      return cli_fail("out of device memory for binding '%s' (%zu bytes)",
                      trt_engine_get_binding_name(e, i), bytes);
    if (trt_engine_binding_is_input(e, i) &&
        trt_context_copy_to_device(ctx, device[i], b->buffers[i], bytes) != TRT_STATUS_OK)
      return cli_fail("cannot copy binding '%s' to the device", trt_engine_get_binding_name(e, i));
  }
  return 0;
}

static void device_bindings_free(TrtContext *ctx, void **device, int n) {
  if (!device) return;
  for (int i = 0; i < n; i++) trt_context_free_device_memory(ctx, device[i]);
  free(device);
}

/* Whether fixed input shapes already hold `batch` items: every input's
 * first dim is `batch` (as after --input-shape data=8x3x224x224). */
static bool shapes_hold_batch(const CliEngine *e, int batch) {
  for (int i = 0; i < trt_engine_get_nb_inputs(e->engine); i++) {
    TrtDims d = trt_engine_get_binding_dims(e->engine, i);
    if (d.nb_dims < 1 || d.d[0] != batch) return false;
  }
  return true;
}

static int bench(BenchOptions *o) {
  CliEngine e;
  CliBindings b = {0};
  TrtContext *ctx = NULL;
  double *times = NULL;
  size_t iterations = 0;
  int shape_batch = 0;
  if (o->threads) set_cpu_threads(o->threads);
  if (o->batch && !o->model.max_batch) o->model.max_batch = o->batch;
  int code = cli_engine_open(&o->model, &e);
  if (code) return code;
  if (e.kind == CLI_MODEL_ENGINE)
    code = cli_engine_check_shapes(&e, &o->model, &shape_batch);
  int max_batch = trt_engine_get_max_batch_size(e.engine);
  int batch = o->batch ? o->batch : shape_batch ? shape_batch : 1;
  if (!code && !cli_engine_has_batch(&e) && batch > 1 && !shapes_hold_batch(&e, batch))
    code = cli_usage_error("--batch %d: %s has fixed input shapes (no batch "
                           "dimension); give the batch in --input-shape", batch,
                           o->model.path);
  else if (!code && cli_engine_has_batch(&e) && batch > max_batch)
    code = cli_usage_error("--batch %d: the engine's max batch is %d", batch, max_batch);
  if (!code) code = cli_bindings_alloc(&e, &b);
  if (!code) {
    b.batch = batch;
    fill_inputs(e.engine, &b);
    cli_report_clear();
    ctx = trt_engine_create_context(e.engine);
    if (!ctx) code = cli_fail_library(o->model.path, "cannot create an execution context");
  }
  void **device = NULL;
  if (!code && o->device_buffers) code = device_bindings_alloc(ctx, e.engine, &b, &device);
  double seconds = 0;
  if (!code) code = loop(ctx, &b, device, o->model.path, o->warmup_ms / 1e3, NULL, NULL);
  if (!code) {
    double start = cli_now();
    code = loop(ctx, &b, device, o->model.path, o->duration_s, &times, &iterations);
    seconds = cli_now() - start;
  }
  if (!code) {
    LatencyStats stats = compute_stats(times, iterations);
    report(o, &e, batch, iterations, seconds, &stats);
  }
  if (!code && o->profile) {
    trt_context_set_profiling(ctx, true);
    code = loop(ctx, &b, device, o->model.path, o->duration_s, NULL, NULL);
    if (!code) cli_print_profile(ctx, stderr);
  }
  free(times);
  device_bindings_free(ctx, device, b.nb_bindings);
  trt_context_free(ctx);
  cli_bindings_free(&b);
  cli_engine_close(&e);
  return code;
}

int cli_cmd_bench(int argc, char **argv) {
  BenchOptions o = {.warmup_ms = 200, .duration_s = 3};
  CliArgs args;
  int code = 0;
  cli_model_options_init(&o.model);
  cli_args_init(&args, argc, argv);
  while (!cli_args_done(&args) && code == 0) {
    CliMatch m;
    if (cli_help_requested(&args, bench_usage, true)) {
      cli_model_options_free(&o.model);
      return CLI_EXIT_OK;
    }
    if ((m = cli_model_option(&args, &o.model)) != CLI_NO_MATCH ||
        (m = bench_option(&args, &o)) != CLI_NO_MATCH) {
      if (m == CLI_BAD) code = CLI_EXIT_USAGE;
    } else if (!cli_args_at_option(&args) && !o.model.path) {
      o.model.path = cli_args_take(&args);
    } else {
      code = cli_unknown_argument(&args);
    }
  }
  if (code == 0 && !o.model.path) code = cli_usage_error("no MODEL given (see --help)");
  if (code == 0) code = bench(&o);
  cli_model_options_free(&o.model);
  return code;
}
