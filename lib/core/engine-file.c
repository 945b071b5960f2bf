/* Engine files. (stub: to be written) */
#include <trtinfer/runtime.h>
#include <stdlib.h>
#include "engine-impl.h"

struct TrtRuntime { TrtLogger *logger; };
TrtRuntime *trt_runtime_new(TrtLogger *logger) { TrtRuntime *r = calloc(1, sizeof *r); if (r) r->logger = logger; return r; }
void trt_runtime_free(TrtRuntime *r) { free(r); }
TrtStatus trt_engine_serialize(const TrtEngine *e, void **d, size_t *s) { (void)e; (void)d; (void)s; return TRT_STATUS_UNSUPPORTED; }
TrtStatus trt_engine_save(const TrtEngine *e, const char *p) { (void)e; (void)p; return TRT_STATUS_UNSUPPORTED; }
TrtEngine *trt_runtime_deserialize_engine(TrtRuntime *r, const void *d, size_t s) { (void)r; (void)d; (void)s; return NULL; }
TrtEngine *trt_runtime_load_engine(TrtRuntime *r, const char *p) { (void)r; (void)p; return NULL; }
