/* Engine files, writing: trt_engine_serialize and trt_engine_save. The
 * layout is described in engine-file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checksum.h"
#include "engine-file.h"
#include "ops.h"
#include "util.h"

/* A growing byte buffer; `failed` sticks after the first allocation error. */
typedef struct {
  uint8_t *data;
  size_t len, cap;
  bool failed;
} Writer;

static void put(Writer *w, const void *bytes, size_t n) {
  if (w->failed) return;
  if (n > w->cap - w->len) {
    size_t cap = w->cap ? w->cap : 4096;
    while (cap - w->len < n) cap *= 2;
    uint8_t *p = realloc(w->data, cap);
    if (!p) {
      w->failed = true;
      return;
    }
    w->data = p;
    w->cap = cap;
  }
  if (n) memcpy(w->data + w->len, bytes, n);
  w->len += n;
}

static void put_le(Writer *w, uint64_t v, int nbytes) {
  uint8_t b[8];
  for (int i = 0; i < nbytes; i++) b[i] = (uint8_t)(v >> (8 * i));
  put(w, b, (size_t)nbytes);
}

static void put_u8(Writer *w, unsigned v) { put_le(w, v, 1); }
static void put_u32(Writer *w, uint32_t v) { put_le(w, v, 4); }
static void put_i32(Writer *w, int32_t v) { put_le(w, (uint32_t)v, 4); }
static void put_u64(Writer *w, uint64_t v) { put_le(w, v, 8); }
static void put_i64(Writer *w, int64_t v) { put_le(w, (uint64_t)v, 8); }

static void put_str(Writer *w, const char *s) {
  size_t n = strlen(s);
  put_u32(w, (uint32_t)n);
  put(w, s, n);
}

static void put_dims(Writer *w, const TrtDims *d) {
  put_u32(w, (uint32_t)d->nb_dims);
  for (int i = 0; i < d->nb_dims; i++) put_i64(w, d->d[i]);
}

static void put_zeros(Writer *w, size_t n) {
  static const uint8_t zeros[TRT_ENGINE_WEIGHTS_ALIGN];
  while (n) {
    size_t k = TRT_MIN(n, sizeof zeros);
    put(w, zeros, k);
    n -= k;
  }
}

static uint64_t align_up(uint64_t v) {
  return (v + TRT_ENGINE_WEIGHTS_ALIGN - 1) / TRT_ENGINE_WEIGHTS_ALIGN *
         TRT_ENGINE_WEIGHTS_ALIGN;
}

static void put_tensors(Writer *w, const TrtEngine *e, const uint64_t *data_offset) {
  const TrtNetwork *g = e->graph;
  put_u32(w, (uint32_t)g->nb_tensors);
  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtTensor *t = g->tensors[i];
    bool constant = t->role == TRT_TENSOR_CONSTANT;
    put_str(w, t->name);
    put_u8(w, (unsigned)t->type);
    put_u8(w, (unsigned)t->role);
    put_u8(w, t->channels_last ? 1u : 0u);
    put_dims(w, &t->dims);
    put_i64(w, e->slots[i].offset);
    put_u64(w, e->slots[i].size);
    put_u64(w, constant ? data_offset[i] : 0);
    put_u64(w, constant ? t->data_size : 0);
  }
}

static void put_bindings(Writer *w, const TrtEngine *e) {
  const TrtNetwork *g = e->graph;
  put_u32(w, (uint32_t)g->nb_inputs);
  for (int i = 0; i < g->nb_inputs; i++) {
    put_i32(w, g->inputs[i]->id);
    put_dims(w, &e->declared_dims[i]);
  }
  put_u32(w, (uint32_t)g->nb_outputs);
  for (int i = 0; i < g->nb_outputs; i++) put_i32(w, g->outputs[i]->id);
}

static void put_layers(Writer *w, const TrtEngine *e) {
  const TrtNetwork *g = e->graph;
  put_u32(w, (uint32_t)g->nb_layers);
  for (int i = 0; i < g->nb_layers; i++) {
    const TrtLayer *l = g->layers[i];
    const TrtOpInfo *info = trt_op_info(l->type);
    size_t params_size = info && l->params ? info->params_size : 0;
    put_str(w, l->name);
    put_u32(w, (uint32_t)l->type);
    put_u8(w, e->layer_backend[i]);
    char tactic[sizeof e->layer_tactic[i] + 1];
    memcpy(tactic, e->layer_tactic[i], sizeof e->layer_tactic[i]);
    tactic[sizeof e->layer_tactic[i]] = '\0';
    put_str(w, tactic);
    put_u32(w, (uint32_t)l->nb_inputs);
    for (int k = 0; k < l->nb_inputs; k++) put_i32(w, l->inputs[k] ? l->inputs[k]->id : -1);
    put_u32(w, (uint32_t)l->nb_outputs);
    for (int k = 0; k < l->nb_outputs; k++) put_i32(w, l->outputs[k]->id);
    put_u32(w, (uint32_t)params_size);
    put(w, l->params, params_size);
  }
}

TrtStatus trt_engine_write(const TrtEngine *e, void **data, size_t *size) {
  const TrtNetwork *g = e->graph;
  uint64_t *data_offset = calloc((size_t)g->nb_tensors + 1, sizeof *data_offset);
  if (!data_offset) return TRT_STATUS_OUT_OF_MEMORY;
  uint64_t blob_size = 0;
  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtTensor *t = g->tensors[i];
    if (t->role != TRT_TENSOR_CONSTANT) continue;
    data_offset[i] = align_up(blob_size);
    blob_size = data_offset[i] + t->data_size;
  }

  Writer w = {0};
  put(&w, TRT_ENGINE_MAGIC, TRT_ENGINE_MAGIC_SIZE);
  put_u32(&w, TRT_ENGINE_FORMAT_VERSION);
  put_u32(&w, 0);
  put_u64(&w, 0); /* file size, patched below */
  put_u32(&w, (uint32_t)e->nb_header);
  for (int i = 0; i < e->nb_header; i++) {
    put_str(&w, e->header_keys[i]);
    put_str(&w, e->header_values[i]);
  }
  put_i32(&w, e->device_id);
  put_u64(&w, e->arena_size);
  put_u64(&w, e->activations_size);
  put_tensors(&w, e, data_offset);
  put_bindings(&w, e);
  put_layers(&w, e);

  uint64_t blob_offset = align_up(w.len + 16);
  put_u64(&w, blob_offset);
  put_u64(&w, blob_size);
  put_zeros(&w, blob_offset - w.len);
  for (int i = 0; i < g->nb_tensors; i++) {
    const TrtTensor *t = g->tensors[i];
    if (t->role != TRT_TENSOR_CONSTANT) continue;
    put_zeros(&w, blob_offset + data_offset[i] - w.len);
    put(&w, t->data, t->data_size);
  }
  free(data_offset);

  uint64_t file_size = w.len + TRT_ENGINE_CHECKSUM_SIZE;
  if (!w.failed)
    for (int i = 0; i < 8; i++) w.data[16 + i] = (uint8_t)(file_size >> (8 * i));
  if (!w.failed) put_u64(&w, trt_checksum64(w.data, w.len));
  if (w.failed) {
    free(w.data);
    trt_log(e->logger, TRT_SEVERITY_ERROR,
            "serializing the engine: out of memory");
    return TRT_STATUS_OUT_OF_MEMORY;
  }
  *data = w.data;
  *size = w.len;
  return TRT_STATUS_OK;
}

TrtStatus trt_engine_serialize(const TrtEngine *engine, void **data, size_t *size) {
  if (!engine || !data || !size) return TRT_STATUS_INVALID_ARGUMENT;
  return trt_engine_write(engine, data, size);
}

/* Writes `size` bytes to a new file `path`; false with errno set, and no
 * file left behind. */
static bool write_new_file(const char *path, const void *data, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!f) {
    int err = errno;
    if (fd >= 0) close(fd);
    errno = err;
    return false;
  }
  bool ok = fwrite(data, 1, size, f) == size;
  int err = errno;
  if (fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) remove(path);
  errno = err;
  return ok;
}

TrtStatus trt_engine_save(const TrtEngine *engine, const char *path) {
  if (!engine || !path) return TRT_STATUS_INVALID_ARGUMENT;
  void *data;
  size_t size;
  TrtStatus s = trt_engine_write(engine, &data, &size);
  if (s != TRT_STATUS_OK) return s;
  /* A new file renamed over the old one: processes that have the old one
   * mapped keep its weights, and no reader ever sees half an engine. */
  static atomic_uint saves;
  size_t len = strlen(path) + 48;
  char *temp = malloc(len);
  bool ok = false;
  int err = ENOMEM;
  if (temp) {
    snprintf(temp, len, "%s.tmp-%ld-%u", path, (long)getpid(), atomic_fetch_add(&saves, 1));
    ok = write_new_file(temp, data, size);
    err = errno;
    if (ok && rename(temp, path) != 0) {
      err = errno;
      ok = false;
      remove(temp); /* no half-written engine left behind */
    }
  }
  free(temp);
  free(data);
  if (!ok) {
    trt_log(engine->logger, TRT_SEVERITY_ERROR, "cannot write engine file '%s': %s",
            path, strerror(err));
    return TRT_STATUS_FILE_ERROR;
  }
  return TRT_STATUS_OK;
}
