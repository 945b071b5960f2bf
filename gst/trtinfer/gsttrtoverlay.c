/**
 * SECTION:element-trtoverlay
 *
 * Draws what trtinfer found onto the frames: a box and a label for each
 * region-of-interest meta (detections), and the classifications of each
 * GstTrtInferMeta in the top left corner.
 *
 * |[
 * gst-launch-1.0 filesrc location=faces.jpg ! jpegdec ! videoconvert ! \
 *     trtinfer model=version-RFB-320.onnx network-type=detector \
 *         net-scale-factor=0.0078125 offsets=127 labels-file=ultraface.txt ! \
 *     trtoverlay ! videoconvert ! pngenc ! filesink location=faces-found.png
 * ]|
 */
#include <stdio.h>

#include <gst/video/gstvideometa.h>

#include "gsttrtinfermeta.h"
#include "gsttrtoverlay-draw.h"
#include "gsttrtoverlay.h"

GST_DEBUG_CATEGORY_STATIC(gst_trt_overlay_debug);
#define GST_CAT_DEFAULT gst_trt_overlay_debug

enum { PROP_0, PROP_LINE_WIDTH, PROP_FONT_SCALE, PROP_SHOW_CONFIDENCE };

#define DEFAULT_LINE_WIDTH 2
#define DEFAULT_FONT_SCALE 2
#define OVERLAY_FORMATS "{ RGB, BGR, RGBA, BGRA, RGBx, BGRx, GRAY8, NV12, I420 }"

G_DEFINE_TYPE(GstTrtOverlay, gst_trt_overlay, GST_TYPE_VIDEO_FILTER);

/* One colour per class, so neighbouring classes look different. */
static const GstTrtColor palette[] = {
    {230, 25, 75},  {60, 180, 75},  {255, 225, 25}, {0, 130, 200},
    {245, 130, 48}, {145, 30, 180}, {70, 240, 240}, {240, 50, 230},
};
static const GstTrtColor white = {255, 255, 255}, black = {0, 0, 0};

static GstTrtColor class_color(gint class_id) {
  return palette[(guint)class_id % G_N_ELEMENTS(palette)];
}

static void format_label(gchar *buf, gsize size, const gchar *label, gdouble confidence,
                         gboolean show_confidence) {
  if (show_confidence)
    g_snprintf(buf, size, "%s %.2f", label, confidence);
  else
    g_snprintf(buf, size, "%s", label);
}

static void draw_detections(GstTrtOverlay *self, GstVideoFrame *frame, GstBuffer *buf,
                            gint line, gint scale, gboolean show_confidence) {
  gpointer state = NULL;
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered(
              buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *)meta;
    GstStructure *s = gst_video_region_of_interest_meta_get_param(
        roi, GST_TRT_INFER_DETECTION_STRUCTURE);
    gint class_id = 0;
    gdouble confidence = 0.0;
    const gchar *label = g_quark_to_string(roi->roi_type);
    if (s) {
      gst_structure_get_int(s, "class-id", &class_id);
      gst_structure_get_double(s, "confidence", &confidence);
      label = gst_structure_get_string(s, "label") ? gst_structure_get_string(s, "label")
                                                   : label;
    }
    GstTrtColor color = class_color(class_id);
    gst_trt_draw_box(frame, (gint)roi->x, (gint)roi->y, (gint)roi->w, (gint)roi->h, line,
                     color);
    gchar text[128];
    gint tw, th;
    format_label(text, sizeof text, label ? label : "?", confidence,
                 show_confidence && s);
    gst_trt_text_size(text, scale, &tw, &th);
    /* Above the box, or inside it when the box touches the top. */
    gint ty = (gint)roi->y >= th ? (gint)roi->y - th : (gint)roi->y;
    gst_trt_draw_text(frame, (gint)roi->x, ty, text, scale, black, color);
  }
}

static void draw_classifications(GstVideoFrame *frame, GstBuffer *buf, gint scale,
                                 gboolean show_confidence) {
  gpointer state = NULL;
  GstMeta *meta;
  gint y = 0;
  while ((meta = gst_buffer_iterate_meta_filtered(buf, &state,
                                                  GST_TRT_INFER_META_API_TYPE))) {
    GstTrtInferMeta *m = (GstTrtInferMeta *)meta;
    for (guint i = 0; i < m->classifications->len; i++) {
      const GstTrtInferClassification *c =
          &g_array_index(m->classifications, GstTrtInferClassification, i);
      gchar text[128];
      gint tw, th;
      format_label(text, sizeof text, c->label, c->confidence, show_confidence);
      gst_trt_text_size(text, scale, &tw, &th);
      gst_trt_draw_text(frame, 0, y, text, scale, white, black);
      y += th;
    }
  }
}

static GstFlowReturn gst_trt_overlay_transform_frame_ip(GstVideoFilter *filter,
                                                        GstVideoFrame *frame) {
  GstTrtOverlay *self = GST_TRT_OVERLAY(filter);
  GST_OBJECT_LOCK(self);
  gint line = (gint)self->line_width, scale = (gint)self->font_scale;
  gboolean show_confidence = self->show_confidence;
  GST_OBJECT_UNLOCK(self);
  draw_detections(self, frame, frame->buffer, line, scale, show_confidence);
  draw_classifications(frame, frame->buffer, scale, show_confidence);
  return GST_FLOW_OK;
}

static void gst_trt_overlay_set_property(GObject *object, guint prop_id,
                                         const GValue *value, GParamSpec *pspec) {
  GstTrtOverlay *self = GST_TRT_OVERLAY(object);
  GST_OBJECT_LOCK(self);
  switch (prop_id) {
    case PROP_LINE_WIDTH:
      self->line_width = g_value_get_uint(value);
      break;
    case PROP_FONT_SCALE:
      self->font_scale = g_value_get_uint(value);
      break;
    case PROP_SHOW_CONFIDENCE:
      self->show_confidence = g_value_get_boolean(value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

static void gst_trt_overlay_get_property(GObject *object, guint prop_id, GValue *value,
                                         GParamSpec *pspec) {
  GstTrtOverlay *self = GST_TRT_OVERLAY(object);
  GST_OBJECT_LOCK(self);
  switch (prop_id) {
    case PROP_LINE_WIDTH:
      g_value_set_uint(value, self->line_width);
      break;
    case PROP_FONT_SCALE:
      g_value_set_uint(value, self->font_scale);
      break;
    case PROP_SHOW_CONFIDENCE:
      g_value_set_boolean(value, self->show_confidence);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

static void gst_trt_overlay_class_init(GstTrtOverlayClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GstElementClass *ec = GST_ELEMENT_CLASS(klass);
  GstVideoFilterClass *vc = GST_VIDEO_FILTER_CLASS(klass);
  GParamFlags flags =
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING;

  GST_DEBUG_CATEGORY_INIT(gst_trt_overlay_debug, "trtoverlay", 0, "trtoverlay element");
  oc->set_property = gst_trt_overlay_set_property;
  oc->get_property = gst_trt_overlay_get_property;
  g_object_class_install_property(
      oc, PROP_LINE_WIDTH,
      g_param_spec_uint("line-width", "Line width", "Width of box outlines in pixels", 1,
                        64, DEFAULT_LINE_WIDTH, flags));
  g_object_class_install_property(
      oc, PROP_FONT_SCALE,
      g_param_spec_uint("font-scale", "Font scale",
                        "Size of a font pixel in frame pixels (the font is 5x7)", 1, 32,
                        DEFAULT_FONT_SCALE, flags));
  g_object_class_install_property(
      oc, PROP_SHOW_CONFIDENCE,
      g_param_spec_boolean("show-confidence", "Show confidence",
                           "Write the confidence after each label", TRUE, flags));

  gst_element_class_set_static_metadata(
      ec, "trtoverlay", "Filter/Effect/Video",
      "Draws trtinfer's detections (boxes and labels) and classifications onto frames",
      "trtinfer developers");
  GstCaps *caps = gst_caps_from_string(GST_VIDEO_CAPS_MAKE(OVERLAY_FORMATS));
  gst_element_class_add_pad_template(
      ec, gst_pad_template_new("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps));
  gst_element_class_add_pad_template(
      ec, gst_pad_template_new("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps));
  gst_caps_unref(caps);
  vc->transform_frame_ip = GST_DEBUG_FUNCPTR(gst_trt_overlay_transform_frame_ip);
}

static void gst_trt_overlay_init(GstTrtOverlay *self) {
  self->line_width = DEFAULT_LINE_WIDTH;
  self->font_scale = DEFAULT_FONT_SCALE;
  self->show_confidence = TRUE;
}
