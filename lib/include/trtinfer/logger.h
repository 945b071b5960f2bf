/* trtinfer — where the library's messages go. The library never prints by
 * itself: every message goes through a TrtLogger. */
#ifndef TRTINFER_LOGGER_H
#define TRTINFER_LOGGER_H

#include <trtinfer/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  TRT_SEVERITY_INTERNAL_ERROR = 0,
  TRT_SEVERITY_ERROR = 1,
  TRT_SEVERITY_WARNING = 2,
  TRT_SEVERITY_INFO = 3,
  TRT_SEVERITY_VERBOSE = 4
} TrtSeverity;

typedef void (*TrtLogCallback)(TrtSeverity severity, const char *message,
                               void *user_data);

typedef struct TrtLogger TrtLogger;

/* Messages at `min_severity` or more severe are printed to stderr. */
TRT_API TrtLogger *trt_logger_new_console(TrtSeverity min_severity);
/* Messages at `min_severity` or more severe are passed to `callback`. */
TRT_API TrtLogger *trt_logger_new(TrtLogCallback callback, void *user_data,
                                  TrtSeverity min_severity);
TRT_API void trt_logger_free(TrtLogger *logger);
TRT_API void trt_logger_set_min_severity(TrtLogger *logger, TrtSeverity s);
TRT_API TrtSeverity trt_logger_get_min_severity(const TrtLogger *logger);
TRT_API const char *trt_severity_name(TrtSeverity severity);
/* Logs one message; a NULL logger drops it. */
TRT_API void trt_log(TrtLogger *logger, TrtSeverity severity, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
