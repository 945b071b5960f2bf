/* trtoverlay: draws trtinfer's results onto the frames (gsttrtoverlay.c). */
#ifndef GST_TRT_OVERLAY_H
#define GST_TRT_OVERLAY_H

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_TRT_OVERLAY (gst_trt_overlay_get_type())
G_DECLARE_FINAL_TYPE(GstTrtOverlay, gst_trt_overlay, GST, TRT_OVERLAY, GstVideoFilter)

struct _GstTrtOverlay {
  GstVideoFilter parent;
  /* Guarded by the object lock. */
  guint line_width;
  guint font_scale;
  gboolean show_confidence;
};

G_END_DECLS
#endif
