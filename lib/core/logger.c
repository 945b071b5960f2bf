/* Loggers: a severity filter in front of a callback or stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <trtinfer/logger.h>

struct TrtLogger {
  TrtLogCallback callback; /* NULL: console */
  void *user_data;
  TrtSeverity min_severity;
};

TrtLogger *trt_logger_new(TrtLogCallback callback, void *user_data,
                          TrtSeverity min_severity) {
  TrtLogger *logger = calloc(1, sizeof *logger);
  if (!logger) return NULL;
  logger->callback = callback;
  logger->user_data = user_data;
  logger->min_severity = min_severity;
  return logger;
}

TrtLogger *trt_logger_new_console(TrtSeverity min_severity) {
  return trt_logger_new(NULL, NULL, min_severity);
}

void trt_logger_free(TrtLogger *logger) { free(logger); }

void trt_logger_set_min_severity(TrtLogger *logger, TrtSeverity s) {
  if (logger) logger->min_severity = s;
}

TrtSeverity trt_logger_get_min_severity(const TrtLogger *logger) {
  return logger ? logger->min_severity : TRT_SEVERITY_INTERNAL_ERROR;
}

const char *trt_severity_name(TrtSeverity severity) {
  switch (severity) {
  case TRT_SEVERITY_INTERNAL_ERROR: return "internal error";
  case TRT_SEVERITY_ERROR: return "error";
  case TRT_SEVERITY_WARNING: return "warning";
  case TRT_SEVERITY_INFO: return "info";
  case TRT_SEVERITY_VERBOSE: return "verbose";
  }
  return "unknown";
}

void trt_log(TrtLogger *logger, TrtSeverity severity, const char *fmt, ...) {
  char message[2048];
  va_list ap;
  if (!logger || severity > logger->min_severity) return;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  if (logger->callback)
    logger->callback(severity, message, logger->user_data);
  else
    fprintf(stderr, "trtinfer: %s: %s\n", trt_severity_name(severity), message);
}
