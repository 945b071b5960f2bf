/* Shared pieces of the fuzz targets; see fuzz.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

void fuzz_init(void) {
  /* An application's setting wins, so a run can try other budgets. */
  setenv("TRTINFER_MAX_TENSOR_BYTES", FUZZ_MAX_TENSOR_BYTES, 0);
}

static void count_message(TrtSeverity severity, const char *message, void *user_data) {
  FuzzLog *log = user_data;
  if (severity <= TRT_SEVERITY_ERROR) log->errors++;
  static int verbose = -1;
  if (verbose < 0) verbose = getenv("FUZZ_VERBOSE") != NULL;
  if (verbose) fprintf(stderr, "[%s] %s\n", trt_severity_name(severity), message);
}

void fuzz_log_init(FuzzLog *log) {
  log->errors = 0;
  log->logger = trt_logger_new(count_message, log, TRT_SEVERITY_VERBOSE);
  if (!log->logger) abort();
}

void fuzz_log_free(FuzzLog *log) { trt_logger_free(log->logger); }

void fuzz_expect_error(const FuzzLog *log, bool failed, const char *call) {
  if (failed && log->errors == 0) {
    fprintf(stderr, "finding: %s failed without logging an error\n", call);
    abort();
  }
}

int fuzz_file_open(const void *data, size_t size, char *path, size_t path_size) {
  int fd = memfd_create("fuzz-input", 0);
  if (fd < 0) return -1;
  const uint8_t *p = data;
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, p + done, size - done);
    if (n <= 0) {
      close(fd);
      return -1;
    }
    done += (size_t)n;
  }
  snprintf(path, path_size, "/proc/self/fd/%d", fd);
  return fd;
}

void fuzz_file_close(int fd) {
  if (fd >= 0) close(fd);
}

void fuzz_run_engine(TrtEngine *engine, FuzzLog *log) {
  int n = trt_engine_get_nb_bindings(engine);
  void **bindings = calloc((size_t)(n > 0 ? n : 1), sizeof *bindings);
  bool ok = bindings != NULL;
  for (int i = 0; ok && i < n; i++) {
    TrtDims d = trt_engine_get_binding_dims(engine, i);
    int64_t count = trt_dims_volume(&d);
    size_t elem = trt_data_type_size(trt_engine_get_binding_type(engine, i));
    /* The builder refused anything over the tensor budget. */
    if (count < 0 || elem == 0 || (uint64_t)count > (16u << 20) / elem) {
      fprintf(stderr, "finding: binding %d of a built engine has %lld elements\n", i,
              (long long)count);
      abort();
    }
    bindings[i] = calloc((size_t)count + 1, elem);
    ok = bindings[i] != NULL;
  }
  TrtContext *context = ok ? trt_engine_create_context(engine) : NULL;
  if (context) {
    int before = log->errors;
    TrtStatus s = trt_context_execute(context, 1, bindings);
    if (s != TRT_STATUS_OK && log->errors == before) {
      fprintf(stderr, "finding: execute failed (%s) without logging an error\n",
              trt_status_to_string(s));
      abort();
    }
    trt_context_free(context);
  }
  for (int i = 0; bindings && i < n; i++) free(bindings[i]);
  free(bindings);
}

void fuzz_build_and_run(TrtNetwork *net, FuzzLog *log) {
  TrtBuilder *builder = trt_builder_new(log->logger);
  TrtBuilderConfig *config = trt_builder_config_new();
  if (!builder || !config) abort();
  trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
  trt_builder_config_set_max_batch_size(config, 1);
  int before = log->errors;
  TrtEngine *engine = trt_builder_build_engine(builder, net, config);
  if (!engine && log->errors == before) {
    fprintf(stderr, "finding: build failed without logging an error\n");
    abort();
  }
  if (engine) fuzz_run_engine(engine, log);
  trt_engine_free(engine);
  trt_builder_config_free(config);
  trt_builder_free(builder);
}
