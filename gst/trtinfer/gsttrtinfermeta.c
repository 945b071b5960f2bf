/* GstTrtInferMeta: registration, add/get helpers and the transform that
 * keeps the network -> frame mapping right through copies and scaling. */
#include <string.h>

#include <gst/video/video.h>

#include "gsttrtinfermeta.h"

static void clear_classification(gpointer p) {
  g_free(((GstTrtInferClassification *)p)->label);
}

static void tensor_free(gpointer p) {
  GstTrtInferTensor *t = p;
  g_free(t->name);
  g_bytes_unref(t->data);
  g_free(t);
}

static gboolean meta_init(GstMeta *meta, gpointer params, GstBuffer *buffer) {
  GstTrtInferMeta *m = (GstTrtInferMeta *)meta;
  m->model_id = 0;
  m->classifications = g_array_new(FALSE, TRUE, sizeof(GstTrtInferClassification));
  g_array_set_clear_func(m->classifications, clear_classification);
  m->tensors = g_ptr_array_new_with_free_func(tensor_free);
  m->net_width = m->net_height = 0;
  m->scale_x = m->scale_y = 1.0f;
  m->offset_x = m->offset_y = 0.0f;
  return TRUE;
}

static void meta_free(GstMeta *meta, GstBuffer *buffer) {
  GstTrtInferMeta *m = (GstTrtInferMeta *)meta;
  g_array_unref(m->classifications);
  g_ptr_array_unref(m->tensors);
}

static void copy_contents(GstTrtInferMeta *dst, const GstTrtInferMeta *src) {
  dst->model_id = src->model_id;
  for (guint i = 0; i < src->classifications->len; i++) {
    const GstTrtInferClassification *c =
        &g_array_index(src->classifications, GstTrtInferClassification, i);
    gst_trt_infer_meta_add_classification(dst, c->class_id, c->label, c->confidence);
  }
  for (guint i = 0; i < src->tensors->len; i++) {
    const GstTrtInferTensor *t = g_ptr_array_index(src->tensors, i);
    gst_trt_infer_meta_add_tensor(dst, t->name, t->type, t->dims, t->nb_dims, t->data);
  }
  dst->net_width = src->net_width;
  dst->net_height = src->net_height;
  dst->scale_x = src->scale_x;
  dst->scale_y = src->scale_y;
  dst->offset_x = src->offset_x;
  dst->offset_y = src->offset_y;
}

/* Copies keep everything; a scale multiplies the mapping by the ratio of
 * output to input frame size; other transforms drop the meta, since frame
 * coordinates would no longer mean what they say. */
static gboolean meta_transform(GstBuffer *dest, GstMeta *meta, GstBuffer *buffer,
                               GQuark type, gpointer data) {
  const GstTrtInferMeta *src = (const GstTrtInferMeta *)meta;
  gdouble rx = 1.0, ry = 1.0;

  if (GST_META_TRANSFORM_IS_COPY(type)) {
    GstMetaTransformCopy *copy = data;
    if (copy->region) return FALSE;
  } else if (GST_VIDEO_META_TRANSFORM_IS_SCALE(type)) {
    GstVideoMetaTransform *t = data;
    if (GST_VIDEO_INFO_WIDTH(t->in_info) <= 0 || GST_VIDEO_INFO_HEIGHT(t->in_info) <= 0)
      return FALSE;
    rx = (gdouble)GST_VIDEO_INFO_WIDTH(t->out_info) / GST_VIDEO_INFO_WIDTH(t->in_info);
    ry = (gdouble)GST_VIDEO_INFO_HEIGHT(t->out_info) / GST_VIDEO_INFO_HEIGHT(t->in_info);
  } else {
    return FALSE;
  }
  GstTrtInferMeta *dst = gst_buffer_add_trt_infer_meta(dest, src->model_id);
  if (!dst) return FALSE;
  copy_contents(dst, src);
  dst->scale_x = (gfloat)(src->scale_x * rx);
  dst->offset_x = (gfloat)(src->offset_x * rx);
  dst->scale_y = (gfloat)(src->scale_y * ry);
  dst->offset_y = (gfloat)(src->offset_y * ry);
  return TRUE;
}

GType gst_trt_infer_meta_api_get_type(void) {
  static GType type = 0;
  static const gchar *tags[] = {GST_META_TAG_VIDEO_STR, GST_META_TAG_VIDEO_SIZE_STR,
                                NULL};
  if (g_once_init_enter(&type)) {
    GType t = gst_meta_api_type_register("GstTrtInferMetaAPI", tags);
    g_once_init_leave(&type, t);
  }
  return type;
}

const GstMetaInfo *gst_trt_infer_meta_get_info(void) {
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter((GstMetaInfo **)&info)) {
    const GstMetaInfo *i =
        gst_meta_register(GST_TRT_INFER_META_API_TYPE, "GstTrtInferMeta",
                          sizeof(GstTrtInferMeta), meta_init, meta_free, meta_transform);
    g_once_init_leave((GstMetaInfo **)&info, (GstMetaInfo *)i);
  }
  return info;
}

GstTrtInferMeta *gst_buffer_add_trt_infer_meta(GstBuffer *buffer, guint model_id) {
  g_return_val_if_fail(GST_IS_BUFFER(buffer), NULL);
  GstTrtInferMeta *m =
      (GstTrtInferMeta *)gst_buffer_add_meta(buffer, GST_TRT_INFER_META_INFO, NULL);
  if (m) m->model_id = model_id;
  return m;
}

GstTrtInferMeta *gst_buffer_get_trt_infer_meta_for_model(GstBuffer *buffer,
                                                         guint model_id) {
  gpointer state = NULL;
  GstMeta *meta;
  g_return_val_if_fail(GST_IS_BUFFER(buffer), NULL);
  while ((meta = gst_buffer_iterate_meta_filtered(buffer, &state,
                                                  GST_TRT_INFER_META_API_TYPE)))
    if (((GstTrtInferMeta *)meta)->model_id == model_id) return (GstTrtInferMeta *)meta;
  return NULL;
}

void gst_trt_infer_meta_add_classification(GstTrtInferMeta *meta, gint class_id,
                                           const gchar *label, gfloat confidence) {
  GstTrtInferClassification c = {
      class_id, confidence, label ? g_strdup(label) : g_strdup_printf("%d", class_id)};
  g_return_if_fail(meta != NULL);
  g_array_append_val(meta->classifications, c);
}

void gst_trt_infer_meta_add_tensor(GstTrtInferMeta *meta, const gchar *name,
                                   GstTrtInferTensorType type, const gint64 *dims,
                                   guint nb_dims, GBytes *data) {
  g_return_if_fail(meta != NULL && name != NULL && data != NULL);
  g_return_if_fail(nb_dims <= GST_TRT_INFER_MAX_DIMS);
  GstTrtInferTensor *t = g_new0(GstTrtInferTensor, 1);
  t->name = g_strdup(name);
  t->type = type;
  t->nb_dims = nb_dims;
  if (nb_dims) memcpy(t->dims, dims, nb_dims * sizeof dims[0]);
  t->data = g_bytes_ref(data);
  g_ptr_array_add(meta->tensors, t);
}

const GstTrtInferTensor *gst_trt_infer_meta_get_tensor(GstTrtInferMeta *meta,
                                                       const gchar *name) {
  g_return_val_if_fail(meta != NULL && name != NULL, NULL);
  for (guint i = 0; i < meta->tensors->len; i++) {
    const GstTrtInferTensor *t = g_ptr_array_index(meta->tensors, i);
    if (strcmp(t->name, name) == 0) return t;
  }
  return NULL;
}

void gst_trt_infer_meta_map_point(const GstTrtInferMeta *meta, gfloat net_x, gfloat net_y,
                                  gfloat *frame_x, gfloat *frame_y) {
  *frame_x = net_x * meta->scale_x + meta->offset_x;
  *frame_y = net_y * meta->scale_y + meta->offset_y;
}

gsize gst_trt_infer_tensor_type_size(GstTrtInferTensorType type) {
  switch (type) {
    case GST_TRT_INFER_TENSOR_FLOAT32:
    case GST_TRT_INFER_TENSOR_INT32:
      return 4;
    case GST_TRT_INFER_TENSOR_FLOAT16:
      return 2;
    case GST_TRT_INFER_TENSOR_INT8:
    case GST_TRT_INFER_TENSOR_UINT8:
    case GST_TRT_INFER_TENSOR_BOOL:
      return 1;
    case GST_TRT_INFER_TENSOR_INT64:
      return 8;
  }
  return 0;
}
