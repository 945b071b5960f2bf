/* Drawing on mapped video frames of any format trtoverlay takes: filled
 * rectangles, box outlines and text, clipped to the frame. Colours are RGB
 * and converted to the frame's format (BT.601 for YUV). */
#ifndef GST_TRT_OVERLAY_DRAW_H
#define GST_TRT_OVERLAY_DRAW_H

#include <gst/video/video.h>

typedef struct {
  guint8 r, g, b;
} GstTrtColor;

void gst_trt_draw_rect(GstVideoFrame *frame, gint x, gint y, gint w, gint h,
                       GstTrtColor c);
/* The outline of a box, `thickness` pixels wide, inside the box. */
void gst_trt_draw_box(GstVideoFrame *frame, gint x, gint y, gint w, gint h,
                      gint thickness, GstTrtColor c);
/* Text at (x, y) (top left), each font pixel `scale` pixels square, on a
 * filled background. */
void gst_trt_draw_text(GstVideoFrame *frame, gint x, gint y, const gchar *text,
                       gint scale, GstTrtColor fg, GstTrtColor bg);
/* Pixel size of text drawn at that scale. */
void gst_trt_text_size(const gchar *text, gint scale, gint *w, gint *h);

#endif
