/**
 * SECTION:element-trtinfer
 *
 * Runs each video frame through a trtinfer engine (built from an ONNX model
 * on first use and cached, or loaded from an engine file) and attaches what
 * it finds to the buffer; the video itself passes through untouched.
 *
 * |[
 * gst-launch-1.0 -m multifilesrc location=digits/%d.png index=0 stop-index=9 \
 *     caps=image/png,framerate=1/1 ! pngdec ! videoconvert ! \
 *     trtinfer model=mnist.onnx model-color-format=gray \
 *         net-scale-factor=-0.00392156862745098 offsets=255 \
 *         labels-file=mnist.txt ! fakesink
 * ]|
 *
 * Results, per frame that was run (see interval):
 * - a #GstTrtInferMeta (gsttrtinfermeta.h, pkg-config gsttrtinfermeta-1.0):
 *   classifications, raw output tensors when output-tensor-meta is set, and
 *   the mapping from network input coordinates back to the frame;
 * - for detectors, one #GstVideoRegionOfInterestMeta per object, in frame
 *   pixels, whose "trtinfer/detection" structure holds class-id, label and
 *   confidence;
 * - an element message named "trtinfer" on the bus with the same results,
 *   the frame number and the buffer's timestamp.
 *
 * Properties follow DeepStream nvinfer's names where one exists, and
 * config-file reads nvinfer-style files. Properties set on the element win
 * over the config file.
 *
 * Preprocessing (lib/vision, the same code the trtinfer CLI uses): colour
 * conversion to model-color-format, bilinear resize to the network input
 * (resize-mode stretch or letterbox), then y = net-scale-factor * (x -
 * offsets[c]) per channel, written as CHW float32.
 *
 * batch-size is the largest batch the engine is built for; frames arrive
 * one per buffer and are run one at a time.
 */
#include <string.h>

#include "gsttrtinfer.h"
#include "gsttrtinfermeta.h"

GST_DEBUG_CATEGORY(gst_trt_infer_debug);
#define GST_CAT_DEFAULT gst_trt_infer_debug

enum {
  PROP_0,
  PROP_MODEL_FILE,
  PROP_MODEL,
  PROP_WEIGHTS_FILE,
  PROP_ENGINE_FILE,
  PROP_ENGINE_CACHE_DIR,
  PROP_INPUT_BLOB,
  PROP_OUTPUT_BLOBS,
  PROP_BACKEND,
  PROP_GPU_ID,
  PROP_PRECISION,
  PROP_BATCH_SIZE,
  PROP_NET_SCALE_FACTOR,
  PROP_OFFSETS,
  PROP_MODEL_COLOR_FORMAT,
  PROP_RESIZE_MODE,
  PROP_INTERVAL,
  PROP_NETWORK_TYPE,
  PROP_LABELS_FILE,
  PROP_THRESHOLD,
  PROP_TOPK,
  PROP_NMS_IOU,
  PROP_OUTPUT_TENSOR_META,
  PROP_CONFIG_FILE,
  PROP_UNIQUE_ID,
  PROP_LAST
};

#define DEFAULT_BATCH_SIZE 1
#define DEFAULT_NET_SCALE_FACTOR 1.0f
#define DEFAULT_THRESHOLD 0.5f
#define DEFAULT_NMS_IOU 0.45f
#define DEFAULT_UNIQUE_ID 1

/* Frames the preprocessing reads; sides up to 65535 as lib/vision takes. */
#define TRT_INFER_CAPS                                                    \
  "video/x-raw, format = (string) { RGB, BGR, RGBA, BGRA, RGBx, BGRx, "   \
  "GRAY8, NV12, I420 }, width = (int) [ 1, 65535 ], height = (int) [ 1, " \
  "65535 ], framerate = (fraction) [ 0/1, MAX ]"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE(
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS(TRT_INFER_CAPS));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE(
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(TRT_INFER_CAPS));

G_DEFINE_TYPE(GstTrtInfer, gst_trt_infer, GST_TYPE_BASE_TRANSFORM);

/* ---- enum types of the properties ---------------------------------------- */

#define DEFINE_ENUM_TYPE(func, name, ...)                              \
  static GType func(void) {                                            \
    static GType type = 0;                                             \
    static const GEnumValue values[] = {__VA_ARGS__, {0, NULL, NULL}}; \
    if (g_once_init_enter(&type)) {                                    \
      GType t = g_enum_register_static(name, values);                  \
      g_once_init_leave(&type, t);                                     \
    }                                                                  \
    return type;                                                       \
  }

DEFINE_ENUM_TYPE(backend_get_type, "GstTrtInferBackend",
                 {TRT_BACKEND_AUTO, "CUDA when a GPU is there, else the CPU", "auto"},
                 {TRT_BACKEND_CPU, "CPU", "cpu"}, {TRT_BACKEND_CUDA, "CUDA GPU", "cuda"})
DEFINE_ENUM_TYPE(precision_get_type, "GstTrtInferPrecision",
                 {TRT_PRECISION_FP32, "32-bit float", "fp32"},
                 {TRT_PRECISION_FP16, "16-bit float where the device has it", "fp16"},
                 {TRT_PRECISION_INT8, "8-bit integer where the device has it", "int8"})
DEFINE_ENUM_TYPE(color_format_get_type, "GstTrtInferColorFormat",
                 {TRT_COLOR_FORMAT_RGB, "RGB", "rgb"},
                 {TRT_COLOR_FORMAT_BGR, "BGR", "bgr"},
                 {TRT_COLOR_FORMAT_GRAY, "Gray (one channel)", "gray"})
DEFINE_ENUM_TYPE(resize_mode_get_type, "GstTrtInferResizeMode",
                 {TRT_FIT_STRETCH, "Stretch to the input size", "stretch"},
                 {TRT_FIT_LETTERBOX, "Keep the aspect ratio, pad the rest", "letterbox"})
DEFINE_ENUM_TYPE(network_type_get_type, "GstTrtInferNetworkType",
                 {GST_TRT_INFER_NETWORK_CLASSIFIER, "Classifier (softmax/top-k)",
                  "classifier"},
                 {GST_TRT_INFER_NETWORK_DETECTOR,
                  "SSD-style detector (scores [1,N,C] + boxes [1,N,4])", "detector"},
                 {GST_TRT_INFER_NETWORK_RAW, "Raw output tensors only", "raw"})

/* ---- the library's log goes to the debug category ------------------------ */

static void on_library_log(TrtSeverity severity, const char *message, void *user_data) {
  GstTrtInfer *self = user_data;
  GstDebugLevel level = severity <= TRT_SEVERITY_ERROR     ? GST_LEVEL_ERROR
                        : severity == TRT_SEVERITY_WARNING ? GST_LEVEL_WARNING
                        : severity == TRT_SEVERITY_INFO    ? GST_LEVEL_INFO
                                                           : GST_LEVEL_LOG;
  GST_CAT_LEVEL_LOG(GST_CAT_DEFAULT, level, self, "%s", message);
  if (severity <= TRT_SEVERITY_ERROR) {
    g_free(self->last_error);
    self->last_error = g_strdup(message);
  }
}

/* The least severe library message worth formatting: what the debug
 * category shows, but never less than errors (kept for error messages). */
static TrtSeverity library_log_threshold(void) {
  switch (gst_debug_category_get_threshold(GST_CAT_DEFAULT)) {
    case GST_LEVEL_NONE:
    case GST_LEVEL_ERROR:
      return TRT_SEVERITY_ERROR;
    case GST_LEVEL_WARNING:
    case GST_LEVEL_FIXME:
      return TRT_SEVERITY_WARNING;
    case GST_LEVEL_INFO:
    case GST_LEVEL_DEBUG:
      return TRT_SEVERITY_INFO;
    default:
      return TRT_SEVERITY_VERBOSE;
  }
}

/* Posts an error whose text says what to do; the library's last error, if
 * any, goes into the debug part. */
static void post_error(GstTrtInfer *self, const GError *error) {
  gchar *debug =
      self->last_error ? g_strdup_printf("trtinfer: %s", self->last_error) : NULL;
  GST_WARNING_OBJECT(self, "error: %s", error->message);
  gst_element_message_full(GST_ELEMENT(self), GST_MESSAGE_ERROR, error->domain,
                           error->code, g_strdup(error->message), debug, __FILE__,
                           GST_FUNCTION, __LINE__);
}

/* ---- properties ------------------------------------------------------------ */

/* Properties that shape the engine or the preprocessing: fixed while the
 * element runs. The others can change at any time. */
static gboolean is_fixed_while_running(guint prop_id) {
  switch (prop_id) {
    case PROP_INTERVAL:
    case PROP_THRESHOLD:
    case PROP_TOPK:
    case PROP_NMS_IOU:
    case PROP_OUTPUT_TENSOR_META:
      return FALSE;
    default:
      return TRUE;
  }
}

static void set_string(gchar **field, const GValue *value) {
  g_free(*field);
  *field = g_value_dup_string(value);
}

static void gst_trt_infer_set_property(GObject *object, guint prop_id,
                                       const GValue *value, GParamSpec *pspec) {
  GstTrtInfer *self = GST_TRT_INFER(object);
  GstTrtInferSettings *s = &self->settings;

  GST_OBJECT_LOCK(self);
  if (self->model && is_fixed_while_running(prop_id)) {
    GST_OBJECT_UNLOCK(self);
    GST_WARNING_OBJECT(self,
                       "%s cannot change while the element runs: set it in the "
                       "NULL or READY state",
                       pspec->name);
    return;
  }
  /* model and model-file are one setting. */
  if (!self->applying_config)
    self->explicitly_set |= G_GUINT64_CONSTANT(1)
                            << (prop_id == PROP_MODEL ? PROP_MODEL_FILE : prop_id);
  switch (prop_id) {
    case PROP_MODEL_FILE:
    case PROP_MODEL:
      set_string(&s->model_file, value);
      break;
    case PROP_WEIGHTS_FILE:
      set_string(&s->weights_file, value);
      break;
    case PROP_ENGINE_FILE:
      set_string(&s->engine_file, value);
      break;
    case PROP_ENGINE_CACHE_DIR:
      set_string(&s->engine_cache_dir, value);
      break;
    case PROP_INPUT_BLOB:
      set_string(&s->input_blob, value);
      break;
    case PROP_OUTPUT_BLOBS:
      set_string(&s->output_blobs, value);
      break;
    case PROP_BACKEND:
      s->backend = (TrtBackendKind)g_value_get_enum(value);
      break;
    case PROP_GPU_ID:
      s->gpu_id = g_value_get_uint(value);
      break;
    case PROP_PRECISION:
      s->precision = (TrtPrecision)g_value_get_enum(value);
      break;
    case PROP_BATCH_SIZE:
      s->batch_size = g_value_get_uint(value);
      break;
    case PROP_NET_SCALE_FACTOR:
      s->net_scale_factor = g_value_get_float(value);
      break;
    case PROP_OFFSETS:
      set_string(&s->offsets, value);
      break;
    case PROP_MODEL_COLOR_FORMAT:
      s->color_format = (TrtColorFormat)g_value_get_enum(value);
      break;
    case PROP_RESIZE_MODE:
      s->fit_mode = (TrtFitMode)g_value_get_enum(value);
      break;
    case PROP_INTERVAL:
      s->interval = g_value_get_uint(value);
      break;
    case PROP_NETWORK_TYPE:
      s->network_type = (GstTrtInferNetworkType)g_value_get_enum(value);
      break;
    case PROP_LABELS_FILE:
      set_string(&s->labels_file, value);
      break;
    case PROP_THRESHOLD:
      s->threshold = g_value_get_float(value);
      break;
    case PROP_TOPK:
      s->topk = g_value_get_uint(value);
      break;
    case PROP_NMS_IOU:
      s->nms_iou = g_value_get_float(value);
      break;
    case PROP_OUTPUT_TENSOR_META:
      s->output_tensor_meta = g_value_get_boolean(value);
      break;
    case PROP_CONFIG_FILE:
      set_string(&s->config_file, value);
      break;
    case PROP_UNIQUE_ID:
      s->unique_id = g_value_get_uint(value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

static void gst_trt_infer_get_property(GObject *object, guint prop_id, GValue *value,
                                       GParamSpec *pspec) {
  GstTrtInfer *self = GST_TRT_INFER(object);
  const GstTrtInferSettings *s = &self->settings;

  GST_OBJECT_LOCK(self);
  switch (prop_id) {
    case PROP_MODEL_FILE:
    case PROP_MODEL:
      g_value_set_string(value, s->model_file);
      break;
    case PROP_WEIGHTS_FILE:
      g_value_set_string(value, s->weights_file);
      break;
    case PROP_ENGINE_FILE:
      g_value_set_string(value, s->engine_file);
      break;
    case PROP_ENGINE_CACHE_DIR:
      g_value_set_string(value, s->engine_cache_dir);
      break;
    case PROP_INPUT_BLOB:
      g_value_set_string(value, s->input_blob);
      break;
    case PROP_OUTPUT_BLOBS:
      g_value_set_string(value, s->output_blobs);
      break;
    case PROP_BACKEND:
      g_value_set_enum(value, s->backend);
      break;
    case PROP_GPU_ID:
      g_value_set_uint(value, s->gpu_id);
      break;
    case PROP_PRECISION:
      g_value_set_enum(value, s->precision);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint(value, s->batch_size);
      break;
    case PROP_NET_SCALE_FACTOR:
      g_value_set_float(value, s->net_scale_factor);
      break;
    case PROP_OFFSETS:
      g_value_set_string(value, s->offsets);
      break;
    case PROP_MODEL_COLOR_FORMAT:
      g_value_set_enum(value, s->color_format);
      break;
    case PROP_RESIZE_MODE:
      g_value_set_enum(value, s->fit_mode);
      break;
    case PROP_INTERVAL:
      g_value_set_uint(value, s->interval);
      break;
    case PROP_NETWORK_TYPE:
      g_value_set_enum(value, s->network_type);
      break;
    case PROP_LABELS_FILE:
      g_value_set_string(value, s->labels_file);
      break;
    case PROP_THRESHOLD:
      g_value_set_float(value, s->threshold);
      break;
    case PROP_TOPK:
      g_value_set_uint(value, s->topk);
      break;
    case PROP_NMS_IOU:
      g_value_set_float(value, s->nms_iou);
      break;
    case PROP_OUTPUT_TENSOR_META:
      g_value_set_boolean(value, s->output_tensor_meta);
      break;
    case PROP_CONFIG_FILE:
      g_value_set_string(value, s->config_file);
      break;
    case PROP_UNIQUE_ID:
      g_value_set_uint(value, s->unique_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

gboolean gst_trt_infer_property_is_explicit(GstTrtInfer *self, const gchar *name) {
  GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(self), name);
  if (!pspec) return FALSE;
  guint id = pspec->param_id == PROP_MODEL ? PROP_MODEL_FILE : pspec->param_id;
  GST_OBJECT_LOCK(self);
  gboolean set = (self->explicitly_set >> id) & 1;
  GST_OBJECT_UNLOCK(self);
  return set;
}

static void settings_clear(GstTrtInferSettings *s) {
  g_free(s->model_file);
  g_free(s->weights_file);
  g_free(s->engine_file);
  g_free(s->engine_cache_dir);
  g_free(s->input_blob);
  g_free(s->output_blobs);
  g_free(s->labels_file);
  g_free(s->config_file);
  g_free(s->offsets);
  memset(s, 0, sizeof *s);
}

/* A deep copy, for start() to work on without holding the lock. */
static void settings_copy(GstTrtInferSettings *dst, const GstTrtInferSettings *src) {
  *dst = *src;
  dst->model_file = g_strdup(src->model_file);
  dst->weights_file = g_strdup(src->weights_file);
  dst->engine_file = g_strdup(src->engine_file);
  dst->engine_cache_dir = g_strdup(src->engine_cache_dir);
  dst->input_blob = g_strdup(src->input_blob);
  dst->output_blobs = g_strdup(src->output_blobs);
  dst->labels_file = g_strdup(src->labels_file);
  dst->config_file = g_strdup(src->config_file);
  dst->offsets = g_strdup(src->offsets);
}

/* ---- lifecycle ----------------------------------------------------------- */

static void release(GstTrtInfer *self) {
  GST_OBJECT_LOCK(self);
  GstTrtInferModel *model = self->model;
  self->model = NULL;
  GST_OBJECT_UNLOCK(self);
  gst_trt_infer_model_free(model);
  trt_labels_free(self->labels);
  self->labels = NULL;
  trt_logger_free(self->logger);
  self->logger = NULL;
  g_clear_pointer(&self->last_error, g_free);
}

static gboolean gst_trt_infer_start(GstBaseTransform *trans) {
  GstTrtInfer *self = GST_TRT_INFER(trans);
  GError *error = NULL;
  GstTrtInferSettings settings;

  self->logger = trt_logger_new(on_library_log, self, library_log_threshold());
  GST_OBJECT_LOCK(self);
  gchar *config_file = g_strdup(self->settings.config_file);
  GST_OBJECT_UNLOCK(self);
  if (config_file && !gst_trt_infer_apply_config_file(self, config_file, &error)) {
    g_free(config_file);
    goto failed;
  }
  g_free(config_file);

  GST_OBJECT_LOCK(self);
  settings_copy(&settings, &self->settings);
  GST_OBJECT_UNLOCK(self);

  if (settings.labels_file && *settings.labels_file) {
    self->labels = trt_labels_load(settings.labels_file, self->logger);
    if (!self->labels) {
      g_set_error(&error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                  "Cannot read labels-file '%s': give a text file with one label a line",
                  settings.labels_file);
      settings_clear(&settings);
      goto failed;
    }
  }
  GstTrtInferModel *model = gst_trt_infer_model_open(self, &settings, &error);
  if (model && !gst_trt_infer_results_check(model, settings.network_type, &error)) {
    gst_trt_infer_model_free(model);
    model = NULL;
  }
  settings_clear(&settings);
  if (!model) goto failed;
  GST_OBJECT_LOCK(self);
  self->model = model;
  GST_OBJECT_UNLOCK(self);
  self->frame_count = 0;
  return TRUE;

failed:
  post_error(self, error);
  g_error_free(error);
  release(self);
  return FALSE;
}

static gboolean gst_trt_infer_stop(GstBaseTransform *trans) {
  GstTrtInfer *self = GST_TRT_INFER(trans);
  release(self);
  self->have_info = FALSE;
  return TRUE;
}

static gboolean gst_trt_infer_set_caps(GstBaseTransform *trans, GstCaps *incaps,
                                       GstCaps *outcaps) {
  GstTrtInfer *self = GST_TRT_INFER(trans);
  if (!gst_video_info_from_caps(&self->info, incaps)) {
    GST_ERROR_OBJECT(self, "cannot read video caps %" GST_PTR_FORMAT, incaps);
    return FALSE;
  }
  self->have_info = TRUE;
  return TRUE;
}

/* Describes a mapped frame for lib/vision. The caps name the same formats
 * lib/vision knows, by the same names. */
static gboolean view_from_frame(const GstVideoFrame *frame, TrtImageView *view) {
  const GstVideoInfo *info = &frame->info;
  memset(view, 0, sizeof *view);
  if (!trt_pixel_format_parse(gst_video_format_to_string(GST_VIDEO_INFO_FORMAT(info)),
                              &view->format))
    return FALSE;
  view->width = GST_VIDEO_INFO_WIDTH(info);
  view->height = GST_VIDEO_INFO_HEIGHT(info);
  for (guint i = 0; i < GST_VIDEO_FRAME_N_PLANES(frame) && i < 3; i++) {
    view->planes[i] = GST_VIDEO_FRAME_PLANE_DATA(frame, i);
    view->strides[i] = GST_VIDEO_FRAME_PLANE_STRIDE(frame, i);
  }
  view->yuv_matrix = info->colorimetry.matrix == GST_VIDEO_COLOR_MATRIX_BT709
                         ? TRT_YUV_BT709
                         : TRT_YUV_BT601;
  view->yuv_full_range = info->colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255;
  return TRUE;
}

static GstFlowReturn gst_trt_infer_transform_ip(GstBaseTransform *trans, GstBuffer *buf) {
  GstTrtInfer *self = GST_TRT_INFER(trans);
  GstTrtInferSettings settings;
  GstVideoFrame frame;
  TrtImageView view;
  TrtImageMapping mapping;

  if (!self->have_info || !self->model) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION,
                      ("No caps or no model before the first frame"), (NULL));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  /* Only the settings that may change while running are read here. */
  GST_OBJECT_LOCK(self);
  settings = self->settings;
  GST_OBJECT_UNLOCK(self);
  guint64 n = self->frame_count++;
  if (settings.interval && n % ((guint64)settings.interval + 1) != 0) {
    GST_LOG_OBJECT(self, "frame %" G_GUINT64_FORMAT ": skipped (interval %u)", n,
                   settings.interval);
    return GST_FLOW_OK;
  }
  if (!gst_video_frame_map(&frame, &self->info, buf, GST_MAP_READ)) {
    GST_ELEMENT_ERROR(self, STREAM, FAILED, ("Cannot read frame %" G_GUINT64_FORMAT, n),
                      ("gst_video_frame_map failed"));
    return GST_FLOW_ERROR;
  }
  TrtStatus status = view_from_frame(&frame, &view)
                         ? gst_trt_infer_model_run(self->model, &view, &mapping)
                         : TRT_STATUS_UNSUPPORTED;
  gst_video_frame_unmap(&frame);
  if (status != TRT_STATUS_OK) {
    GST_ELEMENT_ERROR(self, STREAM, FAILED,
                      ("Inference failed on frame %" G_GUINT64_FORMAT ": %s", n,
                       trt_status_to_string(status)),
                      ("%s", self->last_error ? self->last_error : "no detail"));
    return GST_FLOW_ERROR;
  }
  gst_trt_infer_results_publish(self, buf, &settings, &mapping, n);
  return GST_FLOW_OK;
}

/* ---- class ----------------------------------------------------------------- */

static void gst_trt_infer_finalize(GObject *object) {
  GstTrtInfer *self = GST_TRT_INFER(object);
  release(self);
  settings_clear(&self->settings);
  G_OBJECT_CLASS(gst_trt_infer_parent_class)->finalize(object);
}

#define READY_ONLY (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)
#define ANY_TIME (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING)

static void install_properties(GObjectClass *oc) {
  g_object_class_install_property(
      oc, PROP_MODEL_FILE,
      g_param_spec_string("model-file", "Model file",
                          "Model to run (ONNX); built into an engine on first use and "
                          "cached (see engine-cache-dir)",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_MODEL,
      g_param_spec_string("model", "Model", "Another name for model-file", NULL,
                          READY_ONLY));
  g_object_class_install_property(
      oc, PROP_WEIGHTS_FILE,
      g_param_spec_string("weights-file", "Weights file",
                          "Weights of models that keep them apart (Caffe .caffemodel); "
                          "part of the engine cache key",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_ENGINE_FILE,
      g_param_spec_string("engine-file", "Engine file",
                          "Serialized engine to load. With model-file too, it is rebuilt "
                          "(and rewritten) when missing or made from another model or "
                          "with other settings",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_ENGINE_CACHE_DIR,
      g_param_spec_string("engine-cache-dir", "Engine cache directory",
                          "Where engines built from model-file are kept, keyed by a hash "
                          "of the model, the settings, the backend, the device and the "
                          "library version. NULL: $XDG_CACHE_HOME/trtinfer; empty: no "
                          "cache (build at every start)",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_INPUT_BLOB,
      g_param_spec_string("input-blob", "Input blob",
                          "Network input the frames go to (NULL: the first input)", NULL,
                          READY_ONLY));
  g_object_class_install_property(
      oc, PROP_OUTPUT_BLOBS,
      g_param_spec_string("output-blobs", "Output blobs",
                          "Outputs to read, separated by ';' (NULL: the network's "
                          "outputs). Tensors inside the network become outputs",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_BACKEND,
      g_param_spec_enum("backend", "Backend", "Device to run on", backend_get_type(),
                        TRT_BACKEND_AUTO, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_GPU_ID,
      g_param_spec_uint("gpu-id", "GPU id", "CUDA device to run on", 0, 1023, 0,
                        READY_ONLY));
  g_object_class_install_property(
      oc, PROP_PRECISION,
      g_param_spec_enum("precision", "Precision", "Arithmetic precision of the engine",
                        precision_get_type(), TRT_PRECISION_FP32, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_BATCH_SIZE,
      g_param_spec_uint("batch-size", "Batch size",
                        "Largest batch the engine is built for (frames are run one "
                        "per buffer)",
                        1, 1024, DEFAULT_BATCH_SIZE, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_NET_SCALE_FACTOR,
      g_param_spec_float("net-scale-factor", "Net scale factor",
                         "Input value = net-scale-factor * (pixel - offset)", -G_MAXFLOAT,
                         G_MAXFLOAT, DEFAULT_NET_SCALE_FACTOR, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_OFFSETS,
      g_param_spec_string("offsets", "Offsets",
                          "Per-channel values subtracted from pixels (0..255) before "
                          "scaling, separated by ';' in the model's channel order, e.g. "
                          "\"123.7;116.3;103.5\"; one value applies to every channel",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_MODEL_COLOR_FORMAT,
      g_param_spec_enum("model-color-format", "Model color format",
                        "Colour order the network takes", color_format_get_type(),
                        TRT_COLOR_FORMAT_RGB, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_RESIZE_MODE,
      g_param_spec_enum("resize-mode", "Resize mode",
                        "How frames are fitted to the network input",
                        resize_mode_get_type(), TRT_FIT_STRETCH, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_INTERVAL,
      g_param_spec_uint("interval", "Interval",
                        "Frames to skip between inferences (0: run every frame)", 0,
                        G_MAXINT, 0, ANY_TIME));
  g_object_class_install_property(
      oc, PROP_NETWORK_TYPE,
      g_param_spec_enum("network-type", "Network type", "How outputs are decoded",
                        network_type_get_type(), GST_TRT_INFER_NETWORK_CLASSIFIER,
                        READY_ONLY));
  g_object_class_install_property(
      oc, PROP_LABELS_FILE,
      g_param_spec_string("labels-file", "Labels file",
                          "Class names, one a line or 'a;b;c' (NULL: class ids as text)",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_THRESHOLD,
      g_param_spec_float("threshold", "Threshold",
                         "Lowest confidence reported (classifier) or kept before NMS "
                         "(detector)",
                         0.0f, 1.0f, DEFAULT_THRESHOLD, ANY_TIME));
  g_object_class_install_property(
      oc, PROP_TOPK,
      g_param_spec_uint("topk", "Top k",
                        "Most classes (classifier) or objects (detector) reported per "
                        "frame, best first (0: no limit)",
                        0, G_MAXINT, 0, ANY_TIME));
  g_object_class_install_property(
      oc, PROP_NMS_IOU,
      g_param_spec_float("nms-iou", "NMS IoU",
                         "Detector: boxes of a class overlapping a better one by more "
                         "than this intersection-over-union are dropped (1: no NMS)",
                         0.0f, 1.0f, DEFAULT_NMS_IOU, ANY_TIME));
  g_object_class_install_property(
      oc, PROP_OUTPUT_TENSOR_META,
      g_param_spec_boolean("output-tensor-meta", "Output tensor meta",
                           "Attach the raw output tensors to GstTrtInferMeta (always "
                           "on for network-type raw)",
                           FALSE, ANY_TIME));
  g_object_class_install_property(
      oc, PROP_CONFIG_FILE,
      g_param_spec_string("config-file", "Config file",
                          "DeepStream nvinfer-style key file ([property] and "
                          "[class-attrs-all] groups), read at start; properties set on "
                          "the element win over it",
                          NULL, READY_ONLY));
  g_object_class_install_property(
      oc, PROP_UNIQUE_ID,
      g_param_spec_uint("unique-id", "Unique id",
                        "Model id in GstTrtInferMeta and messages, to tell several "
                        "trtinfer elements apart",
                        0, G_MAXUINT, DEFAULT_UNIQUE_ID, READY_ONLY));
}

static void gst_trt_infer_class_init(GstTrtInferClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GstElementClass *ec = GST_ELEMENT_CLASS(klass);
  GstBaseTransformClass *bc = GST_BASE_TRANSFORM_CLASS(klass);

  oc->set_property = gst_trt_infer_set_property;
  oc->get_property = gst_trt_infer_get_property;
  oc->finalize = gst_trt_infer_finalize;
  install_properties(oc);

  gst_element_class_set_static_metadata(
      ec, "trtinfer", "Filter/Analyzer/Video",
      "Runs video frames through a trtinfer engine (ONNX models, CPU or CUDA) and "
      "attaches classifications, detections and tensors as metadata",
      "trtinfer developers");
  gst_element_class_add_static_pad_template(ec, &sink_template);
  gst_element_class_add_static_pad_template(ec, &src_template);

  bc->start = GST_DEBUG_FUNCPTR(gst_trt_infer_start);
  bc->stop = GST_DEBUG_FUNCPTR(gst_trt_infer_stop);
  bc->set_caps = GST_DEBUG_FUNCPTR(gst_trt_infer_set_caps);
  bc->transform_ip = GST_DEBUG_FUNCPTR(gst_trt_infer_transform_ip);
  bc->passthrough_on_same_caps = FALSE;

  gst_type_mark_as_plugin_api(backend_get_type(), 0);
  gst_type_mark_as_plugin_api(precision_get_type(), 0);
  gst_type_mark_as_plugin_api(color_format_get_type(), 0);
  gst_type_mark_as_plugin_api(resize_mode_get_type(), 0);
  gst_type_mark_as_plugin_api(network_type_get_type(), 0);
}

static void gst_trt_infer_init(GstTrtInfer *self) {
  GstTrtInferSettings *s = &self->settings;
  s->backend = TRT_BACKEND_AUTO;
  s->precision = TRT_PRECISION_FP32;
  s->batch_size = DEFAULT_BATCH_SIZE;
  s->net_scale_factor = DEFAULT_NET_SCALE_FACTOR;
  s->color_format = TRT_COLOR_FORMAT_RGB;
  s->fit_mode = TRT_FIT_STRETCH;
  s->network_type = GST_TRT_INFER_NETWORK_CLASSIFIER;
  s->threshold = DEFAULT_THRESHOLD;
  s->nms_iou = DEFAULT_NMS_IOU;
  s->unique_id = DEFAULT_UNIQUE_ID;
  gst_base_transform_set_in_place(GST_BASE_TRANSFORM(self), TRUE);
  gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), FALSE);
}
