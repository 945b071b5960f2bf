/* The engine behind the element: built from model-file or loaded from
 * engine-file or the engine cache, with its execution context and the host
 * buffers frames and results go through.
 *
 * Engine cache: an engine built from model-file is saved as
 *   <engine-cache-dir>/<model name>-<key>.engine
 * where key is a SHA-256 over the model (and weights) bytes, the settings
 * that change the engine (backend, gpu-id, precision, batch-size,
 * output-blobs) and the library version. The key is also stored in the
 * engine's header (model_hash) and checked on load, so a file that was
 * replaced or made elsewhere is rebuilt, never used silently; the log says
 * which engine was loaded, or why one was rebuilt. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "gsttrtinfer.h"

#define GST_CAT_DEFAULT gst_trt_infer_debug

struct GstTrtInferModel {
  GstTrtInfer *element; /* for its logger and last error; not a reference */
  TrtRuntime *runtime;
  TrtEngine *engine;
  TrtContext *context;
  int input; /* binding the frames go to */
  TrtPreprocessParams preprocess;
  int nb_bindings;
  void **bindings; /* host buffers, one per binding, at the max batch */
  int nb_outputs;
  int *outputs; /* bindings reported, in output-blobs order */
};

/* "a;b;c" -> up to 3 offsets; one value applies to every channel. */
static gboolean parse_offsets(const gchar *text, float offsets[3]) {
  offsets[0] = offsets[1] = offsets[2] = 0.0f;
  if (!text || !*text) return TRUE;
  gchar **parts = g_strsplit(text, ";", -1);
  guint n = g_strv_length(parts);
  gboolean ok = n >= 1 && n <= 3;
  for (guint i = 0; ok && i < n; i++) {
    gchar *end;
    g_strstrip(parts[i]);
    double v = g_ascii_strtod(parts[i], &end);
    ok = *parts[i] && !*end && isfinite(v);
    offsets[i] = (float)v;
  }
  if (ok && n == 1) offsets[1] = offsets[2] = offsets[0];
  g_strfreev(parts);
  return ok && (n == 1 || n == 3);
}

static TrtBackendKind resolve_backend(const GstTrtInferSettings *s) {
  if (s->backend != TRT_BACKEND_AUTO) return s->backend;
  return trt_backend_is_available(TRT_BACKEND_CUDA, (int)s->gpu_id) ? TRT_BACKEND_CUDA
                                                                    : TRT_BACKEND_CPU;
}

/* The cache key of an engine built from these bytes with these settings. */
static gchar *engine_key(const GstTrtInferSettings *s, TrtBackendKind backend,
                         const gchar *model, gsize model_size, const gchar *weights,
                         gsize weights_size) {
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  gchar *settings = g_strdup_printf(
      "trtinfer engine cache key 1\nlibrary %s\nbackend %s\ngpu %u\nprecision %s\n"
      "batch %u\noutputs %s\nmodel %" G_GSIZE_FORMAT "\nweights %" G_GSIZE_FORMAT "\n",
      trt_version_string(), trt_backend_kind_name(backend), s->gpu_id,
      trt_precision_name(s->precision), s->batch_size,
      s->output_blobs ? s->output_blobs : "", model_size, weights_size);
  g_checksum_update(sum, (const guchar *)settings, -1);
  g_checksum_update(sum, (const guchar *)model, (gssize)model_size);
  if (weights) g_checksum_update(sum, (const guchar *)weights, (gssize)weights_size);
  gchar *key = g_strdup(g_checksum_get_string(sum));
  g_checksum_free(sum);
  g_free(settings);
  return key;
}

static const char *last_error(GstTrtInferModel *m) {
  return m->element->last_error ? m->element->last_error : "no detail from the library";
}

/* Loads an engine file and checks it is the one wanted. On refusal returns
 * NULL with the reason in *why. */
static TrtEngine *load_checked(GstTrtInferModel *m, const gchar *path, const gchar *key,
                               TrtBackendKind backend, gboolean backend_given,
                               gchar **why) {
  g_clear_pointer(&m->element->last_error, g_free);
  TrtEngine *e = trt_runtime_load_engine(m->runtime, path);
  if (!e) {
    *why = g_strdup_printf("was refused by the runtime (%s)", last_error(m));
    return NULL;
  }
  const char *version = trt_engine_get_header(e, "library_version");
  const char *hash = trt_engine_get_header(e, "model_hash");
  const char *engine_backend = trt_engine_get_backend_name(e);
  if (!version || strcmp(version, trt_version_string()) != 0)
    *why = g_strdup_printf("was built by trtinfer %s, this is %s",
                           version ? version : "?", trt_version_string());
  else if (key && (!hash || strcmp(hash, key) != 0))
    *why = g_strdup_printf(
        "was built from another model or with other settings (key %.16s, "
        "expected %.16s)",
        hash && *hash ? hash : "none", key);
  else if (backend_given && strcmp(engine_backend, trt_backend_kind_name(backend)) != 0)
    *why = g_strdup_printf("was built for backend %s, not %s", engine_backend,
                           trt_backend_kind_name(backend));
  else
    return e;
  trt_engine_free(e);
  return NULL;
}

/* Marks the output-blobs as network outputs. */
static gboolean mark_outputs(TrtNetwork *net, const gchar *blobs, const gchar *model,
                             GError **error) {
  if (!blobs || !*blobs) return TRUE;
  gchar **names = g_strsplit(blobs, ";", -1);
  gboolean ok = TRUE;
  for (gchar **n = names; ok && *n; n++) {
    g_strstrip(*n);
    if (!**n) continue;
    TrtTensor *t = trt_network_find_tensor(net, *n);
    if (!t) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                  "output-blobs: model %s has no tensor named '%s': give names of its "
                  "tensors, separated by ';'",
                  model, *n);
      ok = FALSE;
    } else if (!trt_tensor_is_output(t) &&
               trt_network_mark_output(net, t) != TRT_STATUS_OK) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                  "output-blobs: tensor '%s' of %s cannot be an output", *n, model);
      ok = FALSE;
    }
  }
  g_strfreev(names);
  return ok;
}

static gboolean has_suffix_ci(const gchar *s, const gchar *suffix) {
  gsize n = strlen(s), k = strlen(suffix);
  return n >= k && g_ascii_strcasecmp(s + n - k, suffix) == 0;
}

static TrtEngine *build(GstTrtInferModel *m, const GstTrtInferSettings *s,
                        TrtBackendKind backend, const gchar *key, GError **error) {
  TrtLogger *logger = m->element->logger;
  if (has_suffix_ci(s->model_file, ".uff") || has_suffix_ci(s->model_file, ".pb")) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "model-file %s: the element builds engines from ONNX models and Caffe "
                "models (with weights-file); build an engine with the trtinfer tool and "
                "set engine-file", s->model_file);
    return NULL;
  }
  if (has_suffix_ci(s->model_file, ".prototxt") && !(s->weights_file && *s->weights_file)) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "model-file %s is a Caffe deploy file: set weights-file to its .caffemodel",
                s->model_file);
    return NULL;
  }
  gint64 started = g_get_monotonic_time();
  TrtBuilder *builder = trt_builder_new(logger);
  TrtNetwork *net = builder ? trt_builder_create_network(builder) : NULL;
  TrtBuilderConfig *config = trt_builder_config_new();
  TrtEngine *engine = NULL;
  if (!net || !config) {
    g_set_error(error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED, "Out of memory");
    goto done;
  }
  g_clear_pointer(&m->element->last_error, g_free);
  /* A weights-file makes model-file a Caffe deploy file; Caffe marks the
   * output-blobs itself (or, without them, every blob nothing reads). */
  gboolean caffe = s->weights_file && *s->weights_file;
  TrtStatus parsed =
      caffe ? trt_caffe_parse_files(net, s->model_file, s->weights_file, s->output_blobs, logger)
            : trt_onnx_parse_file(net, s->model_file, logger);
  if (parsed != TRT_STATUS_OK) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "Cannot read model-file %s as %s: %s", s->model_file,
                caffe ? "a Caffe deploy file with weights-file" : "an ONNX model",
                last_error(m));
    goto done;
  }
  if (!caffe && !mark_outputs(net, s->output_blobs, s->model_file, error)) goto done;
  trt_builder_config_set_max_batch_size(config, (int)s->batch_size);
  trt_builder_config_set_precision(config, s->precision);
  trt_builder_config_set_backend(config, backend);
  trt_builder_config_set_device_id(config, (int)s->gpu_id);
  trt_builder_config_set_model_hash(config, key);
  engine = trt_builder_build_engine(builder, net, config);
  if (!engine)
    g_set_error(error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT,
                "Cannot build an engine from %s for backend %s: %s (%s)", s->model_file,
                trt_backend_kind_name(backend), last_error(m),
                backend == TRT_BACKEND_CPU
                    ? "the model needs something trtinfer cannot run; GST_DEBUG=trtinfer:5 "
                      "shows the build step by step"
                    : "try backend=cpu");
  else
    GST_INFO_OBJECT(m->element, "built an engine from %s for %s in %.2f s", s->model_file,
                    trt_engine_get_backend_name(engine),
                    (g_get_monotonic_time() - started) / 1e6);
done:
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(builder);
  return engine;
}

/* trt_engine_save writes a new file and renames it over `path`, so a reader
 * never sees half a file. A failure only costs a rebuild next time. */
static void save(GstTrtInferModel *m, TrtEngine *engine, const gchar *path) {
  gchar *dir = g_path_get_dirname(path);
  if (g_mkdir_with_parents(dir, 0755) != 0)
    GST_WARNING_OBJECT(m->element, "cannot create %s (%s): the engine is not saved", dir,
                       g_strerror(errno));
  else if (trt_engine_save(engine, path) != TRT_STATUS_OK)
    GST_WARNING_OBJECT(m->element,
                       "cannot save the engine to %s (%s): it will be "
                       "rebuilt next time",
                       path, last_error(m));
  else
    GST_INFO_OBJECT(m->element, "saved the engine to %s", path);
  g_free(dir);
}

static gchar *cache_path(const GstTrtInferSettings *s, const gchar *dir,
                         const gchar *key) {
  gchar *base = g_path_get_basename(s->model_file);
  gchar *dot = strrchr(base, '.');
  if (dot && dot != base) *dot = '\0';
  gchar *name = g_strdup_printf("%s-%.16s.engine", base, key);
  gchar *path = g_build_filename(dir, name, NULL);
  g_free(name);
  g_free(base);
  return path;
}

static TrtEngine *acquire_engine(GstTrtInferModel *m, const GstTrtInferSettings *s,
                                 GError **error) {
  GstTrtInfer *self = m->element;
  TrtBackendKind backend = resolve_backend(s);
  gboolean backend_given = s->backend != TRT_BACKEND_AUTO;
  gchar *model = NULL, *weights = NULL, *key = NULL, *why = NULL, *path = NULL;
  gsize model_size = 0, weights_size = 0;
  GError *read_error = NULL;
  TrtEngine *engine = NULL;
  gboolean have_model = s->model_file && *s->model_file;

  if (have_model) {
    if (!g_file_get_contents(s->model_file, &model, &model_size, &read_error)) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
                  "Cannot read model-file: %s; set model-file to an ONNX model",
                  read_error->message);
      goto done;
    }
    if (s->weights_file && *s->weights_file &&
        !g_file_get_contents(s->weights_file, &weights, &weights_size, &read_error)) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
                  "Cannot read weights-file: %s", read_error->message);
      goto done;
    }
    key = engine_key(s, backend, model, model_size, weights, weights_size);
  }

  if (s->engine_file && *s->engine_file) {
    if (g_file_test(s->engine_file, G_FILE_TEST_EXISTS)) {
      engine = load_checked(m, s->engine_file, key, backend, backend_given, &why);
      if (engine) {
        GST_INFO_OBJECT(self, "loaded engine-file %s (backend %s)", s->engine_file,
                        trt_engine_get_backend_name(engine));
        goto done;
      }
      if (!have_model) {
        g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                    "engine-file %s %s: rebuild it, or set model-file so that the "
                    "element rebuilds it",
                    s->engine_file, why);
        goto done;
      }
      GST_WARNING_OBJECT(self, "engine-file %s %s: rebuilding it from %s", s->engine_file,
                         why, s->model_file);
    } else if (!have_model) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
                  "engine-file %s does not exist: set it to an engine built by trtinfer, "
                  "or set model-file as well to build it there",
                  s->engine_file);
      goto done;
    } else {
      GST_INFO_OBJECT(self, "engine-file %s does not exist yet: building it from %s",
                      s->engine_file, s->model_file);
    }
    engine = build(m, s, backend, key, error);
    if (engine) save(m, engine, s->engine_file);
    goto done;
  }
  if (!have_model) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
                "No model: set model-file (an ONNX model) or engine-file");
    goto done;
  }

  gchar *dir = s->engine_cache_dir
                   ? g_strdup(s->engine_cache_dir)
                   : g_build_filename(g_get_user_cache_dir(), "trtinfer", NULL);
  if (!*dir) {
    GST_INFO_OBJECT(self,
                    "engine cache off (engine-cache-dir is empty): building from %s",
                    s->model_file);
    engine = build(m, s, backend, key, error);
    g_free(dir);
    goto done;
  }
  path = cache_path(s, dir, key);
  g_free(dir);
  if (g_file_test(path, G_FILE_TEST_EXISTS)) {
    engine = load_checked(m, path, key, backend, TRUE, &why);
    if (engine) {
      GST_INFO_OBJECT(self, "loaded cached engine %s for %s", path, s->model_file);
      goto done;
    }
    GST_WARNING_OBJECT(self, "cached engine %s %s: rebuilding it", path, why);
  } else {
    GST_INFO_OBJECT(self, "no cached engine for %s (%s): building it", s->model_file,
                    path);
  }
  engine = build(m, s, backend, key, error);
  if (engine) save(m, engine, path);

done:
  if (read_error) g_error_free(read_error);
  g_free(model);
  g_free(weights);
  g_free(key);
  g_free(why);
  g_free(path);
  return engine;
}

/* Finds the input the frames go to and checks it is an image input. */
static gboolean setup_input(GstTrtInferModel *m, const GstTrtInferSettings *s,
                            float offsets[3], GError **error) {
  TrtEngine *e = m->engine;
  char dims_text[128];
  if (trt_engine_get_nb_inputs(e) != 1 && !(s->input_blob && *s->input_blob)) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "The model has %d inputs and the element feeds one: set input-blob",
                trt_engine_get_nb_inputs(e));
    return FALSE;
  }
  if (trt_engine_get_nb_inputs(e) != 1) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "The model has %d inputs; the element can only feed models with one",
                trt_engine_get_nb_inputs(e));
    return FALSE;
  }
  m->input = s->input_blob && *s->input_blob
                 ? trt_engine_get_binding_index(e, s->input_blob)
                 : 0;
  if (m->input < 0 || !trt_engine_binding_is_input(e, m->input)) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "input-blob '%s' is not an input of the model (its input is '%s')",
                s->input_blob, trt_engine_get_binding_name(e, 0));
    return FALSE;
  }
  TrtDims d = trt_engine_get_binding_dims(e, m->input);
  const char *name = trt_engine_get_binding_name(e, m->input);
  trt_dims_format(&d, dims_text, sizeof dims_text);
  if (trt_engine_get_binding_type(e, m->input) != TRT_DATA_TYPE_FLOAT ||
      (d.nb_dims != 3 && d.nb_dims != 4)) {
    g_set_error(error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                "Input '%s' is %s %s: the element feeds images as float [N,C,H,W] or "
                "[C,H,W]",
                name, trt_data_type_name(trt_engine_get_binding_type(e, m->input)),
                dims_text);
    return FALSE;
  }
  int64_t c = d.d[d.nb_dims - 3], h = d.d[d.nb_dims - 2], w = d.d[d.nb_dims - 1];
  if (h <= 0 || w <= 0 || h > 65535 || w > 65535) {
    g_set_error(error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                "Input '%s' has dims %s: the element needs a fixed image size (export "
                "the model with fixed height and width)",
                name, dims_text);
    return FALSE;
  }
  if (c != trt_color_format_channels(s->color_format)) {
    g_set_error(
        error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
        "Input '%s' (%s) takes %lld channel(s) but model-color-format=%s gives %d: "
        "%s",
        name, dims_text, (long long)c, trt_color_format_name(s->color_format),
        trt_color_format_channels(s->color_format),
        c == 1   ? "set model-color-format=gray"
        : c == 3 ? "set model-color-format=rgb or bgr"
                 : "the element feeds 1 or 3 channels");
    return FALSE;
  }
  trt_preprocess_params_init(&m->preprocess);
  m->preprocess.width = (int32_t)w;
  m->preprocess.height = (int32_t)h;
  m->preprocess.color_format = s->color_format;
  m->preprocess.fit_mode = s->fit_mode;
  m->preprocess.scale = s->net_scale_factor;
  memcpy(m->preprocess.offsets, offsets, sizeof m->preprocess.offsets);
  GST_INFO_OBJECT(m->element, "input '%s' %s, %s, %s", name, dims_text,
                  trt_color_format_name(s->color_format), trt_fit_mode_name(s->fit_mode));
  return TRUE;
}

static gboolean setup_outputs(GstTrtInferModel *m, const GstTrtInferSettings *s,
                              GError **error) {
  TrtEngine *e = m->engine;
  int nb_inputs = trt_engine_get_nb_inputs(e);
  if (!s->output_blobs || !*s->output_blobs) {
    m->nb_outputs = trt_engine_get_nb_outputs(e);
    m->outputs = g_new0(int, m->nb_outputs + 1);
    for (int i = 0; i < m->nb_outputs; i++) m->outputs[i] = nb_inputs + i;
  } else {
    gchar **names = g_strsplit(s->output_blobs, ";", -1);
    m->outputs = g_new0(int, g_strv_length(names) + 1);
    for (gchar **n = names; *n; n++) {
      if (!*g_strstrip(*n)) continue;
      int b = trt_engine_get_binding_index(e, *n);
      if (b < 0 || trt_engine_binding_is_input(e, b)) {
        g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                    "output-blobs: '%s' is not an output of the engine: give output "
                    "names separated by ';' (an engine-file keeps the outputs it was "
                    "built with)",
                    *n);
        g_strfreev(names);
        return FALSE;
      }
      m->outputs[m->nb_outputs++] = b;
    }
    g_strfreev(names);
  }
  if (m->nb_outputs == 0) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "The model has no outputs to read");
    return FALSE;
  }
  return TRUE;
}

static gboolean allocate_bindings(GstTrtInferModel *m, GError **error) {
  m->nb_bindings = trt_engine_get_nb_bindings(m->engine);
  m->bindings = g_new0(void *, m->nb_bindings);
  for (int i = 0; i < m->nb_bindings; i++) {
    TrtDims d = trt_engine_get_binding_dims(m->engine, i);
    int64_t volume = trt_dims_volume(&d);
    size_t elem = trt_data_type_size(trt_engine_get_binding_type(m->engine, i));
    if (volume < 0 || (uint64_t)volume > G_MAXSIZE / 8) {
      char text[128];
      g_set_error(
          error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
          "Binding '%s' has dims %s the element cannot allocate: export the model "
          "with fixed sizes",
          trt_engine_get_binding_name(m->engine, i),
          trt_dims_format(&d, text, sizeof text));
      return FALSE;
    }
    m->bindings[i] = g_try_malloc0(MAX((size_t)volume * elem, 1));
    if (!m->bindings[i]) {
      g_set_error(error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
                  "Out of memory for binding '%s'",
                  trt_engine_get_binding_name(m->engine, i));
      return FALSE;
    }
  }
  return TRUE;
}

GstTrtInferModel *gst_trt_infer_model_open(GstTrtInfer *self,
                                           const GstTrtInferSettings *s, GError **error) {
  float offsets[3];
  if (!parse_offsets(s->offsets, offsets)) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "offsets '%s': give one number, or three separated by ';' "
                "(e.g. \"123.7;116.3;103.5\")",
                s->offsets);
    return NULL;
  }
  GstTrtInferModel *m = g_new0(GstTrtInferModel, 1);
  m->element = self;
  m->runtime = trt_runtime_new(self->logger);
  m->engine = m->runtime ? acquire_engine(m, s, error) : NULL;
  if (!m->runtime && error && !*error)
    g_set_error(error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED, "Out of memory");
  if (!m->engine || !setup_input(m, s, offsets, error) || !setup_outputs(m, s, error) ||
      !allocate_bindings(m, error))
    goto failed;
  m->context = trt_engine_create_context(m->engine);
  if (!m->context) {
    g_set_error(error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT,
                "Cannot create an execution context: %s", last_error(m));
    goto failed;
  }
  return m;
failed:
  gst_trt_infer_model_free(m);
  return NULL;
}

void gst_trt_infer_model_free(GstTrtInferModel *m) {
  if (!m) return;
  trt_context_free(m->context);
  for (int i = 0; m->bindings && i < m->nb_bindings; i++) g_free(m->bindings[i]);
  g_free(m->bindings);
  g_free(m->outputs);
  trt_engine_free(m->engine);
  trt_runtime_free(m->runtime);
  g_free(m);
}

TrtStatus gst_trt_infer_model_run(GstTrtInferModel *m, const TrtImageView *frame,
                                  TrtImageMapping *mapping) {
  /* Preprocessed where the engine runs: on the GPU for a CUDA engine. */
  return trt_context_execute_images(m->context, m->input, frame, 1, &m->preprocess,
                                    m->bindings, mapping);
}

const TrtPreprocessParams *gst_trt_infer_model_get_preprocess(const GstTrtInferModel *m) {
  return &m->preprocess;
}

int gst_trt_infer_model_nb_outputs(const GstTrtInferModel *m) {
  return m->nb_outputs;
}

GstTrtInferOutput gst_trt_infer_model_get_output(const GstTrtInferModel *m, int i) {
  int b = m->outputs[i];
  GstTrtInferOutput o;
  o.name = trt_engine_get_binding_name(m->engine, b);
  o.type = trt_engine_get_binding_type(m->engine, b);
  o.dims = trt_context_get_binding_dims(m->context, b);
  o.data = m->bindings[b];
  int64_t volume = trt_dims_volume(&o.dims);
  o.size = volume > 0 ? (size_t)volume * trt_data_type_size(o.type) : 0;
  return o;
}
