/* Engine files, reading: the runtime that turns bytes back into an engine.
 * The layout is described in engine-file.h. Nothing here trusts the bytes:
 * every count, offset, length, id and enum is checked before use, and the
 * graph's shapes are inferred again, so a bad file gets a message and a
 * status, never a crash. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#include "checksum.h"
#include "engine-file.h"
#include "ops.h"
#include "util.h"

struct TrtRuntime {
  TrtLogger *logger;
};

/* Longest name, key or value accepted, to bound allocations. */
#define MAX_STRING (1u << 20)
/* What shape inference handles per layer. */
#define MAX_LAYER_INPUTS 64
#define MAX_LAYER_OUTPUTS 16
/* Most padding the memory plan may put after one tensor. */
#define ARENA_ALIGN_SLACK 4096

typedef struct {
  const uint8_t *data;
  size_t end; /* the tables and the blob end here, where the checksum is */
  size_t pos;
  const char *source;
  TrtLogger *logger;
  bool borrow_weights; /* constants point into `data` (a mapped file) */
  TrtStatus status;    /* the first failure; OK while reading goes well */
} Reader;

static bool ok(const Reader *r) { return r->status == TRT_STATUS_OK; }

/* Records the first failure and logs it as "<source>: <message>". */
__attribute__((format(printf, 3, 4))) static bool fail(Reader *r, TrtStatus status,
                                                       const char *fmt, ...) {
  if (!ok(r)) return false;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  trt_log(r->logger, TRT_SEVERITY_ERROR, "%s: %s", r->source, msg);
  r->status = status;
  return false;
}
#define CORRUPT(r, ...) fail(r, TRT_STATUS_CORRUPT, "corrupt: " __VA_ARGS__)

static const uint8_t *take(Reader *r, size_t n, const char *what) {
  if (!ok(r)) return NULL;
  if (n > r->end - r->pos) {
    CORRUPT(r, "%s at byte %zu runs past the end of the tables", what, r->pos);
    return NULL;
  }
  const uint8_t *p = r->data + r->pos;
  r->pos += n;
  return p;
}

static uint64_t le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

static uint64_t rd(Reader *r, int n, const char *what) {
  const uint8_t *p = take(r, (size_t)n, what);
  return p ? le(p, n) : 0;
}
static uint8_t rd_u8(Reader *r, const char *what) { return (uint8_t)rd(r, 1, what); }
static uint32_t rd_u32(Reader *r, const char *what) { return (uint32_t)rd(r, 4, what); }
static int32_t rd_i32(Reader *r, const char *what) { return (int32_t)rd(r, 4, what); }
static uint64_t rd_u64(Reader *r, const char *what) { return rd(r, 8, what); }
static int64_t rd_i64(Reader *r, const char *what) { return (int64_t)rd(r, 8, what); }

/* A malloc'ed, NUL-terminated copy of a string field; NULL on failure. */
static char *rd_str(Reader *r, const char *what) {
  uint32_t n = rd_u32(r, what);
  if (ok(r) && n > MAX_STRING) {
    CORRUPT(r, "%s is %u bytes long", what, n);
    return NULL;
  }
  const uint8_t *p = take(r, n, what);
  if (!p) return NULL;
  if (memchr(p, 0, n)) {
    CORRUPT(r, "%s contains a NUL byte", what);
    return NULL;
  }
  char *s = malloc((size_t)n + 1);
  if (!s) {
    fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    return NULL;
  }
  memcpy(s, p, n);
  s[n] = '\0';
  return s;
}

/* A count of records that take at least `min_record` bytes each. */
static uint32_t rd_count(Reader *r, size_t min_record, const char *what) {
  uint32_t n = rd_u32(r, what);
  if (ok(r) && n > (r->end - r->pos) / min_record) {
    CORRUPT(r, "%s %u is more than the file can hold", what, n);
    return 0;
  }
  return n;
}

/* Dims; `allow_batch` accepts -1 as the first dimension. */
static TrtDims rd_dims(Reader *r, bool allow_batch, const char *what) {
  TrtDims d = {0};
  uint32_t rank = rd_u32(r, what);
  if (ok(r) && rank > TRT_MAX_DIMS) {
    CORRUPT(r, "%s has rank %u (at most %d)", what, rank, TRT_MAX_DIMS);
    return d;
  }
  d.nb_dims = (int32_t)rank;
  for (int i = 0; i < d.nb_dims && ok(r); i++) {
    d.d[i] = rd_i64(r, what);
    if (ok(r) && d.d[i] < 0 && !(allow_batch && i == 0 && d.d[i] == -1))
      CORRUPT(r, "%s has dimension %d of %lld", what, i, (long long)d.d[i]);
  }
  if (ok(r) && !allow_batch && trt_dims_volume(&d) < 0)
    CORRUPT(r, "%s has a volume too large to count", what);
  return d;
}

/* ---- prelude, header, device ------------------------------------------ */

static bool check_prelude(Reader *r, size_t size) {
  const uint8_t *p = r->data;
  size_t magic = TRT_ENGINE_MAGIC_SIZE;
  if (size == 0) return fail(r, TRT_STATUS_CORRUPT, "truncated: the engine is empty");
  if (memcmp(p, TRT_ENGINE_MAGIC, TRT_MIN(size, magic)) != 0)
    return fail(r, TRT_STATUS_PARSE_ERROR,
                "not a trtinfer engine file (it does not start with \"%s\"); "
                "build one with `trtinfer build MODEL -o FILE`",
                TRT_ENGINE_MAGIC);
  if (size < TRT_ENGINE_PRELUDE_SIZE)
    return fail(r, TRT_STATUS_CORRUPT, "truncated: only %zu bytes", size);
  uint32_t version = (uint32_t)le(p + magic, 4);
  if (version != TRT_ENGINE_FORMAT_VERSION)
    return fail(r, TRT_STATUS_VERSION_MISMATCH,
                "engine file format version %u, but trtinfer %s reads format "
                "version %u: rebuild the engine from its model",
                version, trt_version_string(), TRT_ENGINE_FORMAT_VERSION);
  uint64_t file_size = le(p + magic + 8, 8);
  if (size < file_size)
    return fail(r, TRT_STATUS_CORRUPT, "truncated: %zu of its %llu bytes are there",
                size, (unsigned long long)file_size);
  if (size > file_size)
    return fail(r, TRT_STATUS_CORRUPT, "corrupt: %llu bytes follow the end of the engine",
                (unsigned long long)(size - file_size));
  if (file_size < TRT_ENGINE_PRELUDE_SIZE + TRT_ENGINE_CHECKSUM_SIZE)
    return CORRUPT(r, "the engine declares a size of %llu bytes",
                   (unsigned long long)file_size);
  r->end = (size_t)file_size - TRT_ENGINE_CHECKSUM_SIZE;
  uint64_t stored = le(p + r->end, 8);
  uint64_t computed = trt_checksum64(p, r->end);
  if (stored != computed)
    return fail(r, TRT_STATUS_CORRUPT,
                "corrupt: checksum mismatch (stored %016llx, computed %016llx); "
                "the file was damaged or modified",
                (unsigned long long)stored, (unsigned long long)computed);
  r->pos = TRT_ENGINE_PRELUDE_SIZE;
  return true;
}

static bool read_header(Reader *r, TrtEngine *e) {
  uint32_t n = rd_count(r, 8, "header entry count");
  if (ok(r) && n > TRT_ENGINE_MAX_HEADER)
    return CORRUPT(r, "%u header entries (at most %d)", n, TRT_ENGINE_MAX_HEADER);
  for (uint32_t i = 0; i < n && ok(r); i++) {
    char *key = rd_str(r, "header key");
    char *value = key ? rd_str(r, "header value") : NULL;
    if (value && trt_engine_get_header(e, key))
      CORRUPT(r, "header key '%s' appears twice", key);
    else if (value && trt_engine_set_header(e, key, value) != TRT_STATUS_OK)
      fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    free(key);
    free(value);
  }
  return ok(r);
}

static const char *required_header(Reader *r, const TrtEngine *e, const char *key) {
  const char *v = trt_engine_get_header(e, key);
  if (!v) CORRUPT(r, "the header has no '%s'", key);
  return v;
}

/* Reads backend, precision and max batch from the header, after checking
 * that the engine comes from this version of the library. */
static bool apply_header(Reader *r, TrtEngine *e) {
  const char *version = required_header(r, e, "library_version");
  if (!version) return false;
  if (strcmp(version, trt_version_string()) != 0)
    return fail(r, TRT_STATUS_VERSION_MISMATCH,
                "header 'library_version' differs: the engine was built by "
                "trtinfer %s, this is trtinfer %s; rebuild the engine",
                version, trt_version_string());
  const char *backend = required_header(r, e, "backend");
  const char *precision = required_header(r, e, "precision");
  const char *max_batch = required_header(r, e, "max_batch");
  if (!backend || !precision || !max_batch || !required_header(r, e, "device"))
    return false;
  if (!trt_backend_kind_parse(backend, &e->backend) || e->backend == TRT_BACKEND_AUTO)
    return CORRUPT(r, "header 'backend' is '%s', not cpu or cuda", backend);
  if (!trt_precision_parse(precision, &e->precision))
    return CORRUPT(r, "header 'precision' is '%s', not fp32, fp16 or int8", precision);
  char *end;
  errno = 0;
  long batch = strtol(max_batch, &end, 10);
  if (errno || end == max_batch || *end || batch < 0 || batch > INT32_MAX)
    return CORRUPT(r, "header 'max_batch' is '%s', not a batch size", max_batch);
  e->max_batch = (int)batch;
  return true;
}

/* The engine runs only where its backend and the very same device are. */
static bool check_device(Reader *r, const TrtEngine *e) {
  const char *want = trt_engine_get_header(e, "device");
  const char *kind = trt_backend_kind_name(e->backend);
  const TrtBackend *b = trt_backend_get(e->backend);
  if (!b)
    return fail(r, TRT_STATUS_DEVICE_MISMATCH,
                "header 'backend' differs: the engine was built for %s ('%s'), "
                "which this build of trtinfer lacks; rebuild it with --backend cpu",
                kind, want);
  char have[256] = "";
  if (!b->is_available(e->device_id, have, sizeof have))
    return fail(r, TRT_STATUS_DEVICE_MISMATCH,
                "header 'backend' differs: the engine was built for %s device %d "
                "('%s'), which this machine does not have; rebuild it here",
                kind, e->device_id, want);
  if (strcmp(have, want) != 0)
    return fail(r, TRT_STATUS_DEVICE_MISMATCH,
                "header 'device' differs: the engine was built for '%s', but %s "
                "device %d here is '%s'; rebuild the engine on this machine",
                want, kind, e->device_id, have);
  return true;
}

/* ---- tables ------------------------------------------------------------- */

/* What the tables say beyond the network itself. */
typedef struct {
  int nb_tensors, nb_layers;
  TrtTensorSlot *slots;
  uint64_t *data_offset, *data_size; /* constants: place in the weights blob */
  TrtDims *declared;
  uint8_t *layer_backend;
  char (*layer_tactic)[64];
  bool *available; /* while reading layers: tensors written so far */
} Tables;

static void tables_free(Tables *t) {
  free(t->slots);
  free(t->data_offset);
  free(t->data_size);
  free(t->declared);
  free(t->layer_backend);
  free(t->layer_tactic);
  free(t->available);
}

static bool read_tensor(Reader *r, TrtNetwork *g, Tables *tb, int i, uint64_t arena) {
  char *name = rd_str(r, "tensor name");
  uint8_t type = rd_u8(r, "tensor type");
  uint8_t role = rd_u8(r, "tensor role");
  uint8_t layout = rd_u8(r, "tensor layout");
  TrtDims dims = rd_dims(r, false, "tensor dims");
  int64_t offset = rd_i64(r, "tensor arena offset");
  uint64_t slot = rd_u64(r, "tensor slot size");
  uint64_t data_offset = rd_u64(r, "tensor data offset");
  uint64_t data_size = rd_u64(r, "tensor data size");
  if (!ok(r)) {
    free(name);
    return false;
  }
  TrtTensor *t = NULL;
  if (type >= TRT_DATA_TYPE_COUNT)
    CORRUPT(r, "tensor '%s' has type %u", name, type);
  else if (role > TRT_TENSOR_CONSTANT)
    CORRUPT(r, "tensor '%s' has role %u", name, role);
  else if (layout > 1 ||
           (layout == 1 && !(type == TRT_DATA_TYPE_HALF && dims.nb_dims == 4) &&
            !(type == TRT_DATA_TYPE_FLOAT && (dims.nb_dims == 4 || dims.nb_dims == 5))))
    CORRUPT(r, "tensor '%s' has layout %u (channels-last is for 4-D float16 and 4-D or 5-D "
            "float32 maps only)", name, layout);
  else if (!(t = trt_network_new_tensor(g, name, type, &dims, role)))
    fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  free(name);
  if (!t) return false;
  t->channels_last = layout == 1;
  uint64_t volume = (uint64_t)trt_dims_volume(&dims);
  size_t elem = trt_data_type_size(t->type);
  if (role == TRT_TENSOR_CONSTANT) {
    if (offset != -1 || slot != 0)
      return CORRUPT(r, "constant '%s' has an arena slot", t->name);
    if (volume > UINT64_MAX / elem || data_size != volume * elem)
      return CORRUPT(r, "constant '%s' has %llu bytes of data, not the %llu its "
                     "dims hold", t->name, (unsigned long long)data_size,
                     (unsigned long long)(volume * elem));
    if (data_offset % TRT_ENGINE_WEIGHTS_ALIGN)
      return CORRUPT(r, "constant '%s' is not aligned in the weights", t->name);
  } else {
    if (offset < 0 || slot > arena || (uint64_t)offset > arena - slot)
      return CORRUPT(r, "tensor '%s' lies outside the %llu-byte arena", t->name,
                     (unsigned long long)arena);
    /* Kernels read elements in place: a slot between elements is no plan
     * (slices of a concat in place still start at an element). */
    if ((uint64_t)offset % elem)
      return CORRUPT(r, "tensor '%s' is not aligned in the arena", t->name);
    if (data_offset || data_size)
      return CORRUPT(r, "tensor '%s' is not a constant but has data", t->name);
  }
  tb->slots[i] = (TrtTensorSlot){.offset = offset, .size = slot};
  tb->data_offset[i] = data_offset;
  tb->data_size[i] = data_size;
  tb->available[i] = role != TRT_TENSOR_ACTIVATION;
  return true;
}

static TrtTensor *rd_tensor_id(Reader *r, const TrtNetwork *g, const char *what) {
  int32_t id = rd_i32(r, what);
  if (!ok(r)) return NULL;
  if (id < 0 || id >= g->nb_tensors) {
    CORRUPT(r, "%s %d is not a tensor id", what, id);
    return NULL;
  }
  return g->tensors[id];
}

static bool read_bindings(Reader *r, TrtNetwork *g, Tables *tb, int max_batch) {
  uint32_t n = rd_count(r, 8, "input count");
  g->inputs = calloc((size_t)n + 1, sizeof *g->inputs);
  tb->declared = calloc((size_t)n + 1, sizeof *tb->declared);
  if (!g->inputs || !tb->declared) return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  g->cap_inputs = (int)n + 1;
  int nb_input_role = 0;
  for (int i = 0; i < g->nb_tensors; i++)
    nb_input_role += g->tensors[i]->role == TRT_TENSOR_INPUT;
  if (ok(r) && n != (uint32_t)nb_input_role)
    return CORRUPT(r, "%u inputs listed but %d input tensors", n, nb_input_role);
  for (uint32_t i = 0; i < n && ok(r); i++) {
    TrtTensor *t = rd_tensor_id(r, g, "input tensor");
    TrtDims d = rd_dims(r, true, "declared input dims");
    if (!ok(r)) break;
    for (int k = 0; k < g->nb_inputs; k++)
      if (g->inputs[k] == t) return CORRUPT(r, "input '%s' is listed twice", t->name);
    if (t->role != TRT_TENSOR_INPUT)
      return CORRUPT(r, "tensor '%s' is listed as an input", t->name);
    bool fits = d.nb_dims == t->dims.nb_dims;
    for (int k = 0; k < d.nb_dims && fits; k++)
      fits = d.d[k] == t->dims.d[k] ||
             (k == 0 && d.d[k] == -1 && max_batch > 0 && t->dims.d[k] == max_batch);
    if (!fits)
      return CORRUPT(r, "input '%s' has declared dims that do not match its dims",
                     t->name);
    tb->declared[i] = d;
    g->inputs[g->nb_inputs++] = t;
  }
  n = rd_count(r, 4, "output count");
  if (ok(r) && n == 0) return CORRUPT(r, "the engine has no outputs");
  g->outputs = calloc((size_t)n + 1, sizeof *g->outputs);
  if (!g->outputs) return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  g->cap_outputs = (int)n + 1;
  for (uint32_t i = 0; i < n && ok(r); i++) {
    TrtTensor *t = rd_tensor_id(r, g, "output tensor");
    if (!t) break;
    if (t->is_output) return CORRUPT(r, "output '%s' is listed twice", t->name);
    t->is_output = true;
    g->outputs[g->nb_outputs++] = t;
  }
  return ok(r);
}

/* Whether the arena slots of tensors a and b share a byte. */
static bool slots_overlap(const Tables *tb, int a, int b) {
  const TrtTensorSlot *x = &tb->slots[a], *y = &tb->slots[b];
  if (x->offset < 0 || y->offset < 0 || !x->size || !y->size) return false;
  return (uint64_t)x->offset < (uint64_t)y->offset + y->size &&
         (uint64_t)y->offset < (uint64_t)x->offset + x->size;
}

/* Whether tensors a and b have the very same arena slot and storage order. */
static bool slots_equal(const TrtNetwork *g, const Tables *tb, int a, int b) {
  return tb->slots[a].offset >= 0 && tb->slots[a].offset == tb->slots[b].offset &&
         tb->slots[a].size == tb->slots[b].size &&
         g->tensors[a]->channels_last == g->tensors[b]->channels_last;
}

/* Layer inputs and outputs: ids in range, read only after being written,
 * written once, and outputs in arena bytes of their own (kernels do not
 * work in place), except that a convolution's output may take exactly its
 * residual's slot, stored in the same order (its kernels sum the residual
 * in place). */
static bool read_layer_io(Reader *r, TrtNetwork *g, Tables *tb, TrtLayer *l,
                          const TrtOpInfo *info) {
  uint32_t n = rd_u32(r, "layer input count");
  if (ok(r) && (n < (uint32_t)info->min_inputs || n > MAX_LAYER_INPUTS ||
                (info->max_inputs >= 0 && n > (uint32_t)info->max_inputs)))
    return CORRUPT(r, "layer '%s' (%s) has %u inputs", l->name, info->name, n);
  if (!(l->inputs = calloc((size_t)n + 1, sizeof *l->inputs)))
    return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  l->nb_inputs = (int)n;
  for (int k = 0; k < l->nb_inputs && ok(r); k++) {
    int32_t id = rd_i32(r, "layer input");
    if (!ok(r)) break;
    if (id == -1 && k >= info->min_inputs) continue;
    if (id < 0 || id >= g->nb_tensors)
      return CORRUPT(r, "layer '%s' input %d is tensor %d", l->name, k, id);
    if (!tb->available[id])
      return CORRUPT(r, "layer '%s' reads '%s' before any layer writes it", l->name,
                     g->tensors[id]->name);
    l->inputs[k] = g->tensors[id];
  }
  n = rd_u32(r, "layer output count");
  uint32_t min_outputs = l->type == TRT_LAYER_TOPK ? 2 : 1;
  if (ok(r) && (n < min_outputs || n > MAX_LAYER_OUTPUTS))
    return CORRUPT(r, "layer '%s' (%s) has %u outputs", l->name, info->name, n);
  if (!(l->outputs = calloc((size_t)n + 1, sizeof *l->outputs)))
    return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  for (uint32_t k = 0; k < n && ok(r); k++) {
    TrtTensor *t = rd_tensor_id(r, g, "layer output");
    if (!t) break;
    if (t->role != TRT_TENSOR_ACTIVATION || t->producer)
      return CORRUPT(r, "layer '%s' writes '%s', which is an input, a constant or "
                     "written by another layer", l->name, t->name);
    for (int j = 0; j < l->nb_inputs; j++)
      if (l->inputs[j] && slots_overlap(tb, t->id, l->inputs[j]->id) &&
          !(l->type == TRT_LAYER_CONVOLUTION && j == 3 && k == 0 &&
            slots_equal(g, tb, t->id, l->inputs[j]->id)))
        return CORRUPT(r, "layer '%s' writes '%s' over its input '%s' in the arena",
                       l->name, t->name, l->inputs[j]->name);
    for (int j = 0; j < l->nb_outputs; j++)
      if (slots_overlap(tb, t->id, l->outputs[j]->id))
        return CORRUPT(r, "layer '%s' writes '%s' over its output '%s' in the arena",
                       l->name, t->name, l->outputs[j]->name);
    t->producer = l;
    tb->available[t->id] = true;
    l->outputs[l->nb_outputs++] = t;
  }
  return ok(r);
}

static bool read_layer(Reader *r, TrtNetwork *g, Tables *tb, int i,
                       TrtBackendKind engine_backend) {
  TrtLayer *l = calloc(1, sizeof *l);
  if (!l) return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  l->id = i;
  g->layers[g->nb_layers++] = l; /* freed with the network from here on */
  l->name = rd_str(r, "layer name");
  uint32_t type = rd_u32(r, "layer type");
  uint8_t backend = rd_u8(r, "layer backend");
  char *tactic = rd_str(r, "layer tactic");
  if (!ok(r)) {
    free(tactic);
    return false;
  }
  size_t tactic_len = strlen(tactic);
  memcpy(tb->layer_tactic[i], tactic, TRT_MIN(tactic_len + 1, sizeof tb->layer_tactic[i]));
  free(tactic);
  const TrtOpInfo *info = trt_op_info((TrtLayerType)type);
  if (!info) return CORRUPT(r, "layer '%s' has type %u", l->name, type);
  l->type = (TrtLayerType)type;
  if (backend != TRT_BACKEND_CPU && backend != engine_backend)
    return CORRUPT(r, "layer '%s' runs on backend %u", l->name, backend);
  if (tactic_len >= sizeof tb->layer_tactic[i])
    return CORRUPT(r, "layer '%s' has a tactic name of %zu bytes", l->name, tactic_len);
  tb->layer_backend[i] = backend;
  if (!read_layer_io(r, g, tb, l, info)) return false;
  uint32_t params_size = rd_u32(r, "layer params size");
  if (ok(r) && params_size != info->params_size)
    return CORRUPT(r, "layer '%s' (%s) has %u bytes of params, not %zu", l->name,
                   info->name, params_size, info->params_size);
  const uint8_t *params = take(r, params_size, "layer params");
  if (!ok(r)) return false;
  if (params_size) {
    if (!(l->params = malloc(params_size)))
      return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    memcpy(l->params, params, params_size);
  }
  return true;
}

static bool read_layers(Reader *r, TrtNetwork *g, Tables *tb, TrtBackendKind backend) {
  uint32_t n = rd_count(r, 29, "layer count");
  if (!ok(r)) return false;
  g->layers = calloc((size_t)n + 1, sizeof *g->layers);
  tb->layer_backend = calloc((size_t)n + 1, 1);
  tb->layer_tactic = calloc((size_t)n + 1, sizeof *tb->layer_tactic);
  if (!g->layers || !tb->layer_backend || !tb->layer_tactic)
    return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  g->cap_layers = (int)n + 1;
  tb->nb_layers = (int)n;
  for (int i = 0; i < (int)n && ok(r); i++) read_layer(r, g, tb, i, backend);
  for (int i = 0; i < g->nb_tensors && ok(r); i++)
    if (g->tensors[i]->role == TRT_TENSOR_ACTIVATION && !g->tensors[i]->producer)
      CORRUPT(r, "tensor '%s' is written by no layer", g->tensors[i]->name);
  return ok(r);
}

static bool read_weights(Reader *r, TrtNetwork *g, const Tables *tb) {
  uint64_t offset = rd_u64(r, "weights offset");
  uint64_t size = rd_u64(r, "weights size");
  if (!ok(r)) return false;
  if (offset % TRT_ENGINE_WEIGHTS_ALIGN || offset < r->pos ||
      offset - r->pos >= TRT_ENGINE_WEIGHTS_ALIGN || offset > r->end ||
      size != r->end - offset)
    return CORRUPT(r, "the weights (%llu bytes at %llu) do not end where the file does",
                   (unsigned long long)size, (unsigned long long)offset);
  const uint8_t *blob = r->data + offset;
  for (int i = 0; i < g->nb_tensors; i++) {
    TrtTensor *t = g->tensors[i];
    if (t->role != TRT_TENSOR_CONSTANT) continue;
    if (tb->data_offset[i] > size || tb->data_size[i] > size - tb->data_offset[i])
      return CORRUPT(r, "constant '%s' lies outside the weights", t->name);
    if (r->borrow_weights) {
      t->data = (void *)(blob + tb->data_offset[i]); /* read-only pages */
      t->data_size = tb->data_size[i];
      t->data_borrowed = true;
      continue;
    }
    void *data = malloc(tb->data_size[i] ? tb->data_size[i] : 1);
    if (!data) return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    memcpy(data, blob + tb->data_offset[i], tb->data_size[i]);
    trt_tensor_make_constant(t, data, tb->data_size[i]);
  }
  r->pos = r->end;
  return true;
}

/* Infers the shapes again: this checks every layer's params and inputs, and
 * that each tensor's arena slot holds it at the max batch. */
static bool check_shapes(Reader *r, const TrtEngine *e) {
  const TrtNetwork *g = e->graph;
  TrtShapeState st;
  TrtStatus s = trt_infer_network(g, NULL, false, &st, r->logger);
  if (s == TRT_STATUS_OUT_OF_MEMORY)
    fail(r, s, "its tensors do not fit in memory (see above)");
  else if (s != TRT_STATUS_OK)
    CORRUPT(r, "its layers do not fit together (%s, see above)", trt_status_to_string(s));
  for (int i = 0; i < g->nb_tensors && ok(r); i++) {
    const TrtTensor *t = g->tensors[i];
    const TrtShapeView *v = &st.views[i];
    if (t->role == TRT_TENSOR_CONSTANT) continue;
    uint64_t bytes = (uint64_t)trt_dims_volume(&v->dims) * trt_data_type_size(v->type);
    if (v->type != t->type || !trt_dims_equal(&v->dims, &t->dims))
      CORRUPT(r, "tensor '%s' has a type or dims other than its layer gives", t->name);
    else if (bytes > e->slots[i].size)
      CORRUPT(r, "tensor '%s' needs %llu bytes but its slot has %llu", t->name,
              (unsigned long long)bytes, (unsigned long long)e->slots[i].size);
  }
  trt_shape_state_free(&st);
  return ok(r);
}

/* Reads the tensor, binding, layer and weight tables into e's graph. */
static bool read_tables(Reader *r, TrtEngine *e, Tables *tb) {
  TrtNetwork *g = e->graph;
  uint32_t n = rd_count(r, 42, "tensor count");
  if (!ok(r)) return false;
  tb->nb_tensors = (int)n;
  tb->slots = calloc((size_t)n + 1, sizeof *tb->slots);
  tb->data_offset = calloc((size_t)n + 1, sizeof *tb->data_offset);
  tb->data_size = calloc((size_t)n + 1, sizeof *tb->data_size);
  tb->available = calloc((size_t)n + 1, sizeof *tb->available);
  if (!tb->slots || !tb->data_offset || !tb->data_size || !tb->available)
    return fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  for (int i = 0; i < (int)n && ok(r); i++) read_tensor(r, g, tb, i, e->arena_size);
  /* The arena is at most every slot side by side, each padded to an
   * alignment; anything larger is a damaged size, not a plan. */
  uint64_t bound = 0;
  for (int i = 0; i < (int)n && ok(r); i++) {
    uint64_t add = tb->slots[i].size + ARENA_ALIGN_SLACK; /* slot <= arena < 2^63 */
    bound = bound > UINT64_MAX - add ? UINT64_MAX : bound + add;
  }
  if (ok(r) && e->arena_size > bound)
    CORRUPT(r, "the arena has %llu bytes, more than all its tensors together",
            (unsigned long long)e->arena_size);
  return ok(r) && read_bindings(r, g, tb, e->max_batch) &&
         read_layers(r, g, tb, e->backend) && read_weights(r, g, tb);
}

/* Moves what the tables hold into an engine sized for the graph. */
static TrtEngine *assemble(Reader *r, TrtEngine *shell, Tables *tb) {
  TrtEngine *e = trt_engine_new(shell->graph, r->logger);
  if (!e) {
    fail(r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    return NULL;
  }
  shell->graph = NULL;
  e->max_batch = shell->max_batch;
  e->backend = shell->backend;
  e->device_id = shell->device_id;
  e->precision = shell->precision;
  e->arena_size = shell->arena_size;
  e->activations_size = shell->activations_size;
  for (int i = 0; i < shell->nb_header; i++) {
    e->header_keys[i] = shell->header_keys[i];
    e->header_values[i] = shell->header_values[i];
  }
  e->nb_header = shell->nb_header;
  shell->nb_header = 0;
  memcpy(e->slots, tb->slots, (size_t)tb->nb_tensors * sizeof *tb->slots);
  memcpy(e->layer_backend, tb->layer_backend, (size_t)tb->nb_layers);
  memcpy(e->layer_tactic, tb->layer_tactic, (size_t)tb->nb_layers * sizeof *tb->layer_tactic);
  e->declared_dims = tb->declared;
  tb->declared = NULL;
  return e;
}

/* trt_engine_read; with `borrow_weights`, the engine's constants point into
 * `data`, which must outlive it. */
static TrtStatus read_engine(const void *data, size_t size, const char *source,
                             TrtLogger *logger, bool borrow_weights, TrtEngine **engine) {
  *engine = NULL;
  Reader r = {.data = data, .source = source, .logger = logger,
              .borrow_weights = borrow_weights};
  if (!data && size) {
    fail(&r, TRT_STATUS_INVALID_ARGUMENT, "no data");
    return r.status;
  }
  if (!check_prelude(&r, size)) return r.status;

  /* A shell engine collects the header and the graph; the real one is
   * sized once the counts are known. */
  TrtEngine shell = {.logger = logger};
  Tables tb = {0};
  TrtEngine *e = NULL;
  if (!(shell.graph = trt_network_new())) {
    fail(&r, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  } else if (read_header(&r, &shell) && apply_header(&r, &shell)) {
    shell.graph->logger = logger;
    shell.device_id = rd_i32(&r, "device id");
    shell.arena_size = rd_u64(&r, "arena size");
    shell.activations_size = rd_u64(&r, "activations size");
    if (ok(&r) && shell.device_id < 0) CORRUPT(&r, "device id %d", shell.device_id);
    if (ok(&r) && shell.arena_size > INT64_MAX)
      CORRUPT(&r, "the arena has %llu bytes", (unsigned long long)shell.arena_size);
    if (ok(&r) && check_device(&r, &shell) && read_tables(&r, &shell, &tb))
      e = assemble(&r, &shell, &tb);
  }
  if (e && !check_shapes(&r, e)) {
    trt_engine_free(e);
    e = NULL;
  }
  tables_free(&tb);
  trt_network_free(shell.graph);
  for (int i = 0; i < shell.nb_header; i++) {
    free(shell.header_keys[i]);
    free(shell.header_values[i]);
  }
  *engine = e;
  return r.status;
}

TrtStatus trt_engine_read(const void *data, size_t size, const char *source,
                          TrtLogger *logger, TrtEngine **engine) {
  return read_engine(data, size, source, logger, false, engine);
}

TrtStatus trt_engine_read_file(const char *path, TrtLogger *logger, TrtEngine **engine) {
  *engine = NULL;
  size_t len = strlen(path) + 32;
  char *source = malloc(len);
  if (!source) return TRT_STATUS_OUT_OF_MEMORY;
  snprintf(source, len, "engine file '%s'", path);
  /* Mapped, the weights are used in place: loading costs the checksum's
   * pass over the file, not a copy of every weight. Pipes and devices
   * cannot be mapped and are read into memory instead. */
  TrtMappedFile file;
  TrtStatus s;
  if (trt_mapped_file_open(path, &file)) {
    s = read_engine(file.data, file.size, source, logger, true, engine);
    if (*engine)
      (*engine)->file = file;
    else
      trt_mapped_file_close(&file);
  } else if (errno == ENODEV) {
    size_t size = 0;
    void *data = trt_read_file(path, &size);
    s = data ? read_engine(data, size, source, logger, false, engine) : TRT_STATUS_FILE_ERROR;
    free(data);
  } else {
    s = TRT_STATUS_FILE_ERROR;
  }
  if (s == TRT_STATUS_FILE_ERROR)
    trt_log(logger, TRT_SEVERITY_ERROR, "cannot read engine file '%s': %s", path,
            strerror(errno));
  free(source);
  return s;
}

TrtRuntime *trt_runtime_new(TrtLogger *logger) {
  TrtRuntime *r = calloc(1, sizeof *r);
  if (r) r->logger = logger;
  return r;
}

void trt_runtime_free(TrtRuntime *runtime) { free(runtime); }

TrtEngine *trt_runtime_deserialize_engine(TrtRuntime *runtime, const void *data,
                                          size_t size) {
  TrtEngine *e = NULL;
  if (runtime) trt_engine_read(data, size, "engine data", runtime->logger, &e);
  return e;
}

TrtEngine *trt_runtime_load_engine(TrtRuntime *runtime, const char *path) {
  TrtEngine *e = NULL;
  if (runtime && path) trt_engine_read_file(path, runtime->logger, &e);
  return e;
}
