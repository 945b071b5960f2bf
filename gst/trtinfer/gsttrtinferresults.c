/* From output tensors to results: classifications and detections decoded by
 * lib/vision, attached as GstTrtInferMeta and region-of-interest metas, and
 * posted as the "trtinfer" element message:
 *
 *   trtinfer, frame=(guint64)3, timestamp=(guint64)..., running-time=(guint64)...,
 *     model-id=(uint)1, class-id=(int)3, label=(string)3, confidence=(double)0.99,
 *     classifications=(structure){ ... }
 *
 * class-id, label and confidence at the top are the best class (classifiers
 * with a result only); "classifications" and "detections" list every
 * result as "classification" / "detection" structures, detections with x, y,
 * width and height in frame pixels; "tensors" names the raw outputs attached
 * when output-tensor-meta is on. */
#include <string.h>

#include <gst/video/gstvideometa.h>

#include "gsttrtinfer.h"
#include "gsttrtinfermeta.h"

#define GST_CAT_DEFAULT gst_trt_infer_debug

/* The detector's outputs: named "scores" and "boxes", or else the first
 * two outputs in that order. */
static gboolean find_detector_outputs(const GstTrtInferModel *m, int *scores,
                                      int *boxes) {
  int n = gst_trt_infer_model_nb_outputs(m);
  *scores = *boxes = -1;
  for (int i = 0; i < n; i++) {
    const char *name = gst_trt_infer_model_get_output(m, i).name;
    if (strcmp(name, "scores") == 0) *scores = i;
    if (strcmp(name, "boxes") == 0) *boxes = i;
  }
  if ((*scores < 0 || *boxes < 0) && n >= 2) {
    *scores = 0;
    *boxes = 1;
  }
  return *scores >= 0 && *boxes >= 0;
}

/* [1,N,K] or [N,K] -> N and K. */
static gboolean rows_and_columns(const TrtDims *d, int64_t *rows, int64_t *cols) {
  if (d->nb_dims == 3 && d->d[0] != 1) return FALSE;
  if (d->nb_dims != 2 && d->nb_dims != 3) return FALSE;
  *rows = d->d[d->nb_dims - 2];
  *cols = d->d[d->nb_dims - 1];
  return *rows >= 0 && *cols > 0 && *rows <= G_MAXINT && *cols <= G_MAXINT;
}

gboolean gst_trt_infer_results_check(const GstTrtInferModel *m,
                                     GstTrtInferNetworkType type, GError **error) {
  char a[128], b[128];
  if (type == GST_TRT_INFER_NETWORK_CLASSIFIER) {
    GstTrtInferOutput o = gst_trt_infer_model_get_output(m, 0);
    if (o.type != TRT_DATA_TYPE_FLOAT || o.size == 0) {
      g_set_error(
          error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "network-type=classifier reads scores from output '%s', which is %s %s: "
          "name a float output in output-blobs, or use network-type=raw",
          o.name, trt_data_type_name(o.type), trt_dims_format(&o.dims, a, sizeof a));
      return FALSE;
    }
  } else if (type == GST_TRT_INFER_NETWORK_DETECTOR) {
    int si, bi;
    int64_t n, c, nb, four;
    if (!find_detector_outputs(m, &si, &bi)) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                  "network-type=detector needs two outputs, scores [1,N,C] and boxes "
                  "[1,N,4]; the model has %d (set output-blobs=\"scores;boxes\")",
                  gst_trt_infer_model_nb_outputs(m));
      return FALSE;
    }
    GstTrtInferOutput s = gst_trt_infer_model_get_output(m, si);
    GstTrtInferOutput x = gst_trt_infer_model_get_output(m, bi);
    if (s.type != TRT_DATA_TYPE_FLOAT || x.type != TRT_DATA_TYPE_FLOAT ||
        !rows_and_columns(&s.dims, &n, &c) || !rows_and_columns(&x.dims, &nb, &four) ||
        n != nb || four != 4) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                  "network-type=detector needs float scores [1,N,C] and boxes [1,N,4] "
                  "(corner form, normalized); '%s' is %s and '%s' is %s",
                  s.name, trt_dims_format(&s.dims, a, sizeof a), x.name,
                  trt_dims_format(&x.dims, b, sizeof b));
      return FALSE;
    }
  }
  return TRUE;
}

static const gchar *label_of(GstTrtInfer *self, int class_id, gchar buf[16]) {
  const char *label = trt_labels_get(self->labels, class_id);
  if (label) return label;
  g_snprintf(buf, 16, "%d", class_id);
  return buf;
}

static void append_structure(GValue *list, GstStructure *s) {
  GValue item = G_VALUE_INIT;
  g_value_init(&item, GST_TYPE_STRUCTURE);
  g_value_take_boxed(&item, s);
  gst_value_list_append_and_take_value(list, &item);
}

static void classify(GstTrtInfer *self, const GstTrtInferSettings *s,
                     GstTrtInferMeta *meta, GstStructure *msg) {
  GstTrtInferOutput o = gst_trt_infer_model_get_output(self->model, 0);
  int n = (int)MIN(o.size / sizeof(float), (size_t)G_MAXINT);
  int k = s->topk && (int)s->topk < n ? (int)s->topk : n;
  TrtClassification *top = g_new(TrtClassification, MAX(k, 1));
  int count = trt_classify(o.data, n, TRT_SOFTMAX_AUTO, k, s->threshold, top);
  GValue list = G_VALUE_INIT;
  g_value_init(&list, GST_TYPE_LIST);
  for (int i = 0; i < count; i++) {
    gchar buf[16];
    const gchar *label = label_of(self, top[i].class_id, buf);
    gst_trt_infer_meta_add_classification(meta, top[i].class_id, label,
                                          top[i].confidence);
    append_structure(&list, gst_structure_new("classification", "class-id", G_TYPE_INT,
                                              top[i].class_id, "label", G_TYPE_STRING,
                                              label, "confidence", G_TYPE_DOUBLE,
                                              (gdouble)top[i].confidence, NULL));
    if (i == 0)
      gst_structure_set(msg, "class-id", G_TYPE_INT, top[0].class_id, "label",
                        G_TYPE_STRING, label, "confidence", G_TYPE_DOUBLE,
                        (gdouble)top[0].confidence, NULL);
  }
  gst_structure_take_value(msg, "classifications", &list);
  g_free(top);
}

static void detect(GstTrtInfer *self, const GstTrtInferSettings *s, GstBuffer *buffer,
                   const TrtImageMapping *mapping, GstStructure *msg) {
  int si, bi;
  int64_t n = 0, c = 0, nb = 0, four = 0; /* set: results_check passed at start */
  find_detector_outputs(self->model, &si, &bi);
  GstTrtInferOutput scores = gst_trt_infer_model_get_output(self->model, si);
  GstTrtInferOutput boxes = gst_trt_infer_model_get_output(self->model, bi);
  rows_and_columns(&scores.dims, &n, &c);
  rows_and_columns(&boxes.dims, &nb, &four);
  const TrtPreprocessParams *pp = gst_trt_infer_model_get_preprocess(self->model);
  TrtDetectionParams params;
  trt_detection_params_init(&params);
  params.threshold = s->threshold;
  params.nms_iou = s->nms_iou;
  params.max_detections = (int32_t)MIN(s->topk, (guint)G_MAXINT32);
  TrtDetection *found = g_new(TrtDetection, MAX(n, 1));
  int count = trt_detect_ssd(scores.data, boxes.data, (int)n, (int)c, &params, found,
                             (int)n, self->logger);
  GValue list = G_VALUE_INIT;
  g_value_init(&list, GST_TYPE_LIST);
  for (int i = 0; i < count; i++) {
    TrtDetection d = found[i];
    gchar buf[16];
    trt_detection_to_frame(&d, mapping, pp->width, pp->height,
                           GST_VIDEO_INFO_WIDTH(&self->info),
                           GST_VIDEO_INFO_HEIGHT(&self->info));
    guint x = (guint)(d.x1 + 0.5f), y = (guint)(d.y1 + 0.5f);
    guint w = (guint)(d.x2 + 0.5f) - x, h = (guint)(d.y2 + 0.5f) - y;
    if (w == 0 || h == 0) continue;
    const gchar *label = label_of(self, d.class_id, buf);
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta(buffer, label, x, y, w, h);
    roi->id = i;
    gst_video_region_of_interest_meta_add_param(
        roi, gst_structure_new(GST_TRT_INFER_DETECTION_STRUCTURE, "class-id", G_TYPE_INT,
                               d.class_id, "label", G_TYPE_STRING, label, "confidence",
                               G_TYPE_DOUBLE, (gdouble)d.confidence, "model-id",
                               G_TYPE_UINT, s->unique_id, NULL));
    append_structure(
        &list,
        gst_structure_new("detection", "class-id", G_TYPE_INT, d.class_id, "label",
                          G_TYPE_STRING, label, "confidence", G_TYPE_DOUBLE,
                          (gdouble)d.confidence, "x", G_TYPE_UINT, x, "y", G_TYPE_UINT, y,
                          "width", G_TYPE_UINT, w, "height", G_TYPE_UINT, h, NULL));
  }
  gst_structure_take_value(msg, "detections", &list);
  g_free(found);
}

static void attach_tensors(GstTrtInfer *self, GstTrtInferMeta *meta, GstStructure *msg) {
  GValue list = G_VALUE_INIT;
  g_value_init(&list, GST_TYPE_LIST);
  for (int i = 0; i < gst_trt_infer_model_nb_outputs(self->model); i++) {
    GstTrtInferOutput o = gst_trt_infer_model_get_output(self->model, i);
    GBytes *bytes = g_bytes_new(o.data, o.size);
    gint64 dims[GST_TRT_INFER_MAX_DIMS];
    guint nb = (guint)MIN(o.dims.nb_dims, GST_TRT_INFER_MAX_DIMS);
    for (guint d = 0; d < nb; d++) dims[d] = o.dims.d[d];
    gst_trt_infer_meta_add_tensor(meta, o.name, (GstTrtInferTensorType)o.type, dims, nb,
                                  bytes);
    g_bytes_unref(bytes);
    GValue name = G_VALUE_INIT;
    g_value_init(&name, G_TYPE_STRING);
    g_value_set_string(&name, o.name);
    gst_value_list_append_and_take_value(&list, &name);
  }
  gst_structure_take_value(msg, "tensors", &list);
}

void gst_trt_infer_results_publish(GstTrtInfer *self, GstBuffer *buffer,
                                   const GstTrtInferSettings *s,
                                   const TrtImageMapping *mapping, guint64 frame) {
  GstBaseTransform *trans = GST_BASE_TRANSFORM(self);
  const TrtPreprocessParams *pp = gst_trt_infer_model_get_preprocess(self->model);
  GstTrtInferMeta *meta = gst_buffer_add_trt_infer_meta(buffer, s->unique_id);
  meta->net_width = pp->width;
  meta->net_height = pp->height;
  meta->scale_x = mapping->scale_x;
  meta->scale_y = mapping->scale_y;
  meta->offset_x = mapping->offset_x;
  meta->offset_y = mapping->offset_y;

  GstClockTime pts = GST_BUFFER_PTS(buffer);
  GstClockTime running = GST_CLOCK_TIME_NONE;
  if (GST_CLOCK_TIME_IS_VALID(pts) && trans->segment.format == GST_FORMAT_TIME)
    running = gst_segment_to_running_time(&trans->segment, GST_FORMAT_TIME, pts);
  GstStructure *msg =
      gst_structure_new("trtinfer", "frame", G_TYPE_UINT64, frame, "timestamp",
                        G_TYPE_UINT64, pts, "running-time", G_TYPE_UINT64, running,
                        "model-id", G_TYPE_UINT, s->unique_id, NULL);
  switch (s->network_type) {
    case GST_TRT_INFER_NETWORK_CLASSIFIER:
      classify(self, s, meta, msg);
      break;
    case GST_TRT_INFER_NETWORK_DETECTOR:
      detect(self, s, buffer, mapping, msg);
      break;
    case GST_TRT_INFER_NETWORK_RAW:
      break;
  }
  if (s->output_tensor_meta || s->network_type == GST_TRT_INFER_NETWORK_RAW)
    attach_tensors(self, meta, msg);
  gst_element_post_message(GST_ELEMENT(self),
                           gst_message_new_element(GST_OBJECT(self), msg));
}
