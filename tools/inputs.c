/* Binding buffers, and input data from files fitted to an engine's inputs:
 * element types converted, the batch taken from the files, NHWC data
 * transposed, and shapes checked with both named on a mismatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

size_t cli_binding_bytes(const TrtEngine *e, int i) {
  TrtDims d = trt_engine_get_binding_dims(e, i);
  int64_t n = trt_dims_volume(&d);
  return n > 0 ? (size_t)n * trt_data_type_size(trt_engine_get_binding_type(e, i)) : 0;
}

int cli_bindings_alloc(const CliEngine *engine, CliBindings *out) {
  const TrtEngine *e = engine->engine;
  out->nb_bindings = trt_engine_get_nb_bindings(e);
  out->batch = cli_engine_has_batch(engine) ? trt_engine_get_max_batch_size(e) : 1;
  out->buffers = calloc((size_t)out->nb_bindings + 1, sizeof *out->buffers);
  if (!out->buffers) return cli_fail("out of memory");
  for (int i = 0; i < out->nb_bindings; i++) {
    size_t bytes = cli_binding_bytes(e, i);
    /* One spare byte keeps empty tensors non-NULL. */
    out->buffers[i] = calloc(1, bytes + 1);
    if (!out->buffers[i]) {
      cli_bindings_free(out);
      return cli_fail("out of memory for binding '%s' (%zu bytes)",
                      trt_engine_get_binding_name(e, i), bytes);
    }
  }
  return 0;
}

void cli_bindings_free(CliBindings *b) {
  if (b->buffers)
    for (int i = 0; i < b->nb_bindings; i++) free(b->buffers[i]);
  free(b->buffers);
  b->buffers = NULL;
  b->nb_bindings = 0;
}

/* [N,H,W,C] data -> [N,C,H,W], elements of `size` bytes. */
static void nhwc_to_nchw(const uint8_t *src, uint8_t *dst, const TrtDims *nhwc,
                         size_t size) {
  int64_t n = nhwc->d[0], h = nhwc->d[1], w = nhwc->d[2], c = nhwc->d[3];
  for (int64_t in = 0; in < n; in++)
    for (int64_t y = 0; y < h; y++)
      for (int64_t x = 0; x < w; x++)
        for (int64_t ch = 0; ch < c; ch++) {
          int64_t from = ((in * h + y) * w + x) * c + ch;
          int64_t to = ((in * c + ch) * h + y) * w + x;
          memcpy(dst + to * (int64_t)size, src + from * (int64_t)size, size);
        }
}

/* How a file's shape fits a binding. */
typedef enum { FIT_NONE, FIT_EXACT, FIT_BATCH, FIT_VOLUME } Fit;

/* `want` is the binding at the max batch (`max_batch` 0: no batch dim). */
static Fit fit_shape(const TrtDims *have, const TrtDims *want, int max_batch,
                     int *batch) {
  *batch = max_batch;
  if (trt_dims_equal(have, want)) return FIT_EXACT;
  if (max_batch > 0 && have->nb_dims == want->nb_dims && have->nb_dims > 0 &&
      have->d[0] >= 1 && have->d[0] <= max_batch) {
    TrtDims rest = *have;
    rest.d[0] = want->d[0];
    if (trt_dims_equal(&rest, want)) {
      *batch = (int)have->d[0];
      return FIT_BATCH;
    }
  }
  if (trt_dims_volume(have) == trt_dims_volume(want)) return FIT_VOLUME;
  return FIT_NONE;
}

/* Reads one input file into binding `i`; sets *batch to the batch the file
 * holds (0 for engines without a batch dim). */
static int read_input(const CliEngine *engine, const CliModelOptions *mo, int i,
                      const char *path, void *buffer, int *batch) {
  const TrtEngine *e = engine->engine;
  const char *name = trt_engine_get_binding_name(e, i);
  TrtDims want = trt_engine_get_binding_dims(e, i);
  TrtDataType type = trt_engine_get_binding_type(e, i);
  int max_batch = cli_engine_has_batch(engine) ? trt_engine_get_max_batch_size(e) : 0;
  TrtHostTensor t;
  if (!cli_tensor_read(path, &t)) return CLI_EXIT_FAILURE;

  TrtDims have = t.dims; /* in NCHW terms */
  bool nhwc = mo->input_order == CLI_ORDER_NHWC && t.dims.nb_dims == 4 &&
              want.nb_dims == 4;
  if (nhwc) {
    have.d[1] = t.dims.d[3];
    have.d[2] = t.dims.d[1];
    have.d[3] = t.dims.d[2];
  }
  char h[128], w[128];
  trt_dims_format(&have, h, sizeof h);
  trt_dims_format(&want, w, sizeof w);
  int b;
  Fit fit = fit_shape(&have, &want, max_batch, &b);
  int code = 0;
  if (fit == FIT_NONE) {
    code = cli_fail("input '%s': %s has shape %s%s, but the engine expects %s%s",
                    name, path, h, nhwc ? " (from NHWC)" : "", w,
                    max_batch > 0 ? " (first dim: batch up to the max batch)" : "");
  } else {
    if (fit == FIT_VOLUME)
      cli_warn("input '%s': %s has shape %s, the engine expects %s: same number of "
               "elements, read as %s", name, path, h, w, w);
    if (t.type != type)
      cli_info("input '%s': converting %s from %s to %s", name, path,
               trt_data_type_name(t.type), trt_data_type_name(type));
    int64_t count = trt_dims_volume(&t.dims);
    size_t esize = trt_data_type_size(type);
    void *converted = nhwc ? malloc((size_t)count * esize + 1) : buffer;
    if (!converted) {
      code = cli_fail("out of memory");
    } else {
      cli_convert_elements(t.type, t.data, type, converted, count);
      if (nhwc) {
        nhwc_to_nchw(converted, buffer, &t.dims, esize);
        free(converted);
      }
    }
    *batch = b;
  }
  trt_host_tensor_free(&t);
  return code;
}

static bool file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* DIR/input_<i>.pb, else DIR/input_<i>.npy; NULL when neither exists. */
static const char *find_in_dir(const char *dir, int i, char *buf, size_t size) {
  snprintf(buf, size, "%s/input_%d.pb", dir, i);
  if (file_exists(buf)) return buf;
  snprintf(buf, size, "%s/input_%d.npy", dir, i);
  if (file_exists(buf)) return buf;
  return NULL;
}

int cli_bindings_read_inputs(const CliEngine *engine, const CliModelOptions *mo,
                             const CliInputFile *files, int nb_files,
                             const char *inputs_dir, CliBindings *bindings) {
  const TrtEngine *e = engine->engine;
  int nb_inputs = trt_engine_get_nb_inputs(e);
  for (int f = 0; f < nb_files; f++) {
    int b = trt_engine_get_binding_index(e, files[f].name);
    if (b < 0 || !trt_engine_binding_is_input(e, b))
      return cli_usage_error("--input %s=%s: %s has no input named '%s'",
                             files[f].name, files[f].path, mo->path, files[f].name);
  }
  int batch = 0;
  const char *batch_from = NULL;
  for (int i = 0; i < nb_inputs; i++) {
    const char *name = trt_engine_get_binding_name(e, i);
    const char *path = NULL;
    char dir_path[4096];
    for (int f = 0; f < nb_files; f++)
      if (strcmp(files[f].name, name) == 0) path = files[f].path; /* last wins */
    if (!path && inputs_dir) {
      path = find_in_dir(inputs_dir, i, dir_path, sizeof dir_path);
      if (!path)
        return cli_fail("input '%s': %s has no input_%d.pb or input_%d.npy", name,
                        inputs_dir, i, i);
    }
    if (!path)
      return cli_usage_error("input '%s' has no data: give --input %s=FILE or "
                             "--inputs-dir DIR", name, name);
    int this_batch = 0, code;
    if ((code = read_input(engine, mo, i, path, bindings->buffers[i], &this_batch)))
      return code;
    if (this_batch) {
      if (batch && this_batch != batch)
        return cli_fail("inputs give different batch sizes: %d (%s) and %d (%s)",
                        batch, batch_from, this_batch, path);
      batch = this_batch;
      batch_from = path;
    }
  }
  if (batch) bindings->batch = batch;
  return 0;
}
