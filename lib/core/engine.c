/* Engines: bindings, header values and the human-readable description. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#include "engine-impl.h"
#include "util.h"

TrtEngine *trt_engine_new(TrtNetwork *graph, TrtLogger *logger) {
  TrtEngine *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->graph = graph;
  e->logger = logger;
  e->slots = calloc((size_t)graph->nb_tensors + 1, sizeof *e->slots);
  e->layer_backend = calloc((size_t)graph->nb_layers + 1, 1);
  e->layer_tactic = calloc((size_t)graph->nb_layers + 1, sizeof *e->layer_tactic);
  if (!e->slots || !e->layer_backend || !e->layer_tactic) {
    e->graph = NULL; /* the caller keeps ownership on failure */
    trt_engine_free(e);
    return NULL;
  }
  for (int i = 0; i < graph->nb_tensors; i++) e->slots[i].offset = -1;
  return e;
}

void trt_engine_free(TrtEngine *e) {
  if (!e) return;
  trt_network_free(e->graph);
  trt_mapped_file_close(&e->file); /* after the tensors that borrow from it */
  free(e->declared_dims);
  free(e->slots);
  free(e->layer_backend);
  free(e->layer_tactic);
  for (int i = 0; i < e->nb_header; i++) {
    free(e->header_keys[i]);
    free(e->header_values[i]);
  }
  free(e);
}

TrtStatus trt_engine_set_header(TrtEngine *e, const char *key, const char *value) {
  for (int i = 0; i < e->nb_header; i++) {
    if (strcmp(e->header_keys[i], key) == 0) {
      char *v = trt_strdup(value);
      if (!v) return TRT_STATUS_OUT_OF_MEMORY;
      free(e->header_values[i]);
      e->header_values[i] = v;
      return TRT_STATUS_OK;
    }
  }
  if (e->nb_header == TRT_ENGINE_MAX_HEADER) return TRT_STATUS_INVALID_ARGUMENT;
  char *k = trt_strdup(key), *v = trt_strdup(value);
  if (!k || !v) {
    free(k);
    free(v);
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  e->header_keys[e->nb_header] = k;
  e->header_values[e->nb_header++] = v;
  return TRT_STATUS_OK;
}

const char *trt_engine_get_header(const TrtEngine *e, const char *key) {
  for (int i = 0; i < e->nb_header; i++)
    if (strcmp(e->header_keys[i], key) == 0) return e->header_values[i];
  return NULL;
}

TrtStatus trt_engine_fill_header(TrtEngine *e, const char *model_hash,
                                 const char *device_name) {
  char buf[64];
  TrtStatus s = TRT_STATUS_OK;
#define SET(k, v) \
  if (s == TRT_STATUS_OK) s = trt_engine_set_header(e, k, v)
  SET("library_version", trt_version_string());
  SET("backend", trt_backend_kind_name(e->backend));
  SET("device", device_name ? device_name : "");
  SET("precision", trt_precision_name(e->precision));
  snprintf(buf, sizeof buf, "%d", e->max_batch);
  SET("max_batch", buf);
  SET("model_hash", model_hash ? model_hash : "");
#undef SET
  return s;
}

int trt_engine_get_nb_inputs(const TrtEngine *e) { return e->graph->nb_inputs; }
int trt_engine_get_nb_outputs(const TrtEngine *e) { return e->graph->nb_outputs; }
int trt_engine_get_nb_bindings(const TrtEngine *e) {
  return e->graph->nb_inputs + e->graph->nb_outputs;
}

TrtTensor *trt_engine_binding_tensor(const TrtEngine *e, int i) {
  if (i < 0) return NULL;
  if (i < e->graph->nb_inputs) return e->graph->inputs[i];
  i -= e->graph->nb_inputs;
  return i < e->graph->nb_outputs ? e->graph->outputs[i] : NULL;
}

int trt_engine_get_binding_index(const TrtEngine *e, const char *name) {
  for (int i = 0; i < trt_engine_get_nb_bindings(e); i++)
    if (strcmp(trt_engine_binding_tensor(e, i)->name, name) == 0) return i;
  return -1;
}

const char *trt_engine_get_binding_name(const TrtEngine *e, int i) {
  TrtTensor *t = trt_engine_binding_tensor(e, i);
  return t ? t->name : NULL;
}

bool trt_engine_binding_is_input(const TrtEngine *e, int i) {
  return i >= 0 && i < e->graph->nb_inputs;
}

TrtDims trt_engine_get_binding_dims(const TrtEngine *e, int i) {
  TrtTensor *t = trt_engine_binding_tensor(e, i);
  TrtDims none = {0};
  return t ? t->dims : none;
}

TrtDataType trt_engine_get_binding_type(const TrtEngine *e, int i) {
  TrtTensor *t = trt_engine_binding_tensor(e, i);
  return t ? t->type : TRT_DATA_TYPE_FLOAT;
}

int trt_engine_get_max_batch_size(const TrtEngine *e) { return e->max_batch; }

const char *trt_engine_get_backend_name(const TrtEngine *e) {
  return trt_backend_kind_name(e->backend);
}

/* A growing string for describe(). */
typedef struct {
  char *s;
  size_t len, cap;
} StrBuf;

static void sb_printf(StrBuf *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    size_t room = b->cap - b->len;
    va_start(ap, fmt);
    int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (b->s && (size_t)n < room) {
      b->len += (size_t)n;
      return;
    }
    size_t ncap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
    char *p = realloc(b->s, ncap);
    if (!p) return;
    b->s = p;
    b->cap = ncap;
  }
}

char *trt_engine_describe(const TrtEngine *e) {
  StrBuf b = {0};
  char d[128];
  sb_printf(&b, "engine\n");
  for (int i = 0; i < e->nb_header; i++)
    sb_printf(&b, "  %-16s %s\n", e->header_keys[i], e->header_values[i]);
  sb_printf(&b, "bindings\n");
  for (int i = 0; i < trt_engine_get_nb_bindings(e); i++) {
    TrtTensor *t = trt_engine_binding_tensor(e, i);
    sb_printf(&b, "  %-6s %-32s %-8s %s\n",
              trt_engine_binding_is_input(e, i) ? "input" : "output", t->name,
              trt_data_type_name(t->type), trt_dims_format(&t->dims, d, sizeof d));
  }
  sb_printf(&b, "layers (%d)\n", e->graph->nb_layers);
  for (int i = 0; i < e->graph->nb_layers; i++) {
    const TrtLayer *l = e->graph->layers[i];
    const TrtTensor *out = l->outputs[0];
    char shown[sizeof d + 8]; /* dims, and the storage order when channels-last */
    snprintf(shown, sizeof shown, "%s%s", trt_dims_format(&out->dims, d, sizeof d),
             out->channels_last ? " NHWC" : "");
    sb_printf(&b, "  %4d %-16s %-40s -> %-8s %-16s %s/%s%s%s\n", i,
              trt_layer_type_name(l->type), l->name, trt_data_type_name(out->type), shown,
              trt_backend_kind_name((TrtBackendKind)e->layer_backend[i]),
              trt_precision_name(e->precision),
              e->layer_tactic[i][0] ? " " : "", e->layer_tactic[i]);
  }
  int nb_const = 0;
  uint64_t const_bytes = 0;
  for (int i = 0; i < e->graph->nb_tensors; i++)
    if (e->graph->tensors[i]->role == TRT_TENSOR_CONSTANT) {
      nb_const++;
      const_bytes += e->graph->tensors[i]->data_size;
    }
  sb_printf(&b, "memory\n");
  sb_printf(&b, "  weights          %d tensors, %llu bytes\n", nb_const,
            (unsigned long long)const_bytes);
  sb_printf(&b, "  arena            %llu bytes\n", (unsigned long long)e->arena_size);
  sb_printf(&b, "  all activations  %llu bytes (arena is %.1f%% of that)\n",
            (unsigned long long)e->activations_size,
            e->activations_size ? 100.0 * (double)e->arena_size / (double)e->activations_size
                                : 100.0);
  return b.s;
}

const char *trt_version_string(void) {
#define STR2(x) #x
#define STR(x) STR2(x)
  return STR(TRT_VERSION_MAJOR) "." STR(TRT_VERSION_MINOR) "." STR(TRT_VERSION_PATCH);
}

const char *trt_backend_kind_name(TrtBackendKind kind) {
  switch (kind) {
  case TRT_BACKEND_AUTO: return "auto";
  case TRT_BACKEND_CPU: return "cpu";
  case TRT_BACKEND_CUDA: return "cuda";
  }
  return "invalid";
}

const char *trt_precision_name(TrtPrecision p) {
  switch (p) {
  case TRT_PRECISION_FP32: return "fp32";
  case TRT_PRECISION_FP16: return "fp16";
  case TRT_PRECISION_INT8: return "int8";
  }
  return "invalid";
}

bool trt_backend_kind_parse(const char *text, TrtBackendKind *kind) {
  for (int k = TRT_BACKEND_AUTO; k <= TRT_BACKEND_CUDA; k++)
    if (text && strcmp(text, trt_backend_kind_name((TrtBackendKind)k)) == 0) {
      *kind = (TrtBackendKind)k;
      return true;
    }
  return false;
}

bool trt_precision_parse(const char *text, TrtPrecision *p) {
  for (int k = TRT_PRECISION_FP32; k <= TRT_PRECISION_INT8; k++)
    if (text && strcmp(text, trt_precision_name((TrtPrecision)k)) == 0) {
      *p = (TrtPrecision)k;
      return true;
    }
  return false;
}
