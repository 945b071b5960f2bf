/* Drawing primitives of gsttrtoverlay-draw.h. Every write goes through one
 * clipped rectangle fill that walks each component with the format's own
 * strides and subsampling, so packed RGB, GRAY8, NV12 and I420 share it. */
#include <string.h>

#include "gsttrtfont.h"
#include "gsttrtoverlay-draw.h"

/* Component values of a colour in the frame's format. */
static void component_values(const GstVideoFormatInfo *info, GstTrtColor c, guint8 v[4]) {
  if (GST_VIDEO_FORMAT_INFO_IS_RGB(info)) {
    v[0] = c.r;
    v[1] = c.g;
    v[2] = c.b;
    v[3] = 255;
  } else if (GST_VIDEO_FORMAT_INFO_IS_GRAY(info)) {
    v[0] = (guint8)(0.299 * c.r + 0.587 * c.g + 0.114 * c.b + 0.5);
  } else {
    v[0] = (guint8)(16.5 + 0.257 * c.r + 0.504 * c.g + 0.098 * c.b);
    v[1] = (guint8)(128.5 - 0.148 * c.r - 0.291 * c.g + 0.439 * c.b);
    v[2] = (guint8)(128.5 + 0.439 * c.r - 0.368 * c.g - 0.071 * c.b);
  }
}

void gst_trt_draw_rect(GstVideoFrame *frame, gint x, gint y, gint w, gint h,
                       GstTrtColor c) {
  const GstVideoFormatInfo *info = frame->info.finfo;
  gint fw = GST_VIDEO_FRAME_WIDTH(frame), fh = GST_VIDEO_FRAME_HEIGHT(frame);
  gint x0 = CLAMP(x, 0, fw), y0 = CLAMP(y, 0, fh);
  gint x1 = CLAMP(x + w, 0, fw), y1 = CLAMP(y + h, 0, fh);
  guint8 values[4];
  if (x0 >= x1 || y0 >= y1) return;
  component_values(info, c, values);
  for (guint comp = 0; comp < GST_VIDEO_FRAME_N_COMPONENTS(frame) && comp < 4; comp++) {
    guint8 *data = GST_VIDEO_FRAME_COMP_DATA(frame, comp);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE(frame, comp);
    gint pstride = GST_VIDEO_FRAME_COMP_PSTRIDE(frame, comp);
    /* First and one-past-last subsampled positions the rectangle covers. */
    gint cx0 = GST_VIDEO_FORMAT_INFO_SCALE_WIDTH(info, comp, x0);
    gint cy0 = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT(info, comp, y0);
    gint cx1 = GST_VIDEO_FORMAT_INFO_SCALE_WIDTH(info, comp, x1);
    gint cy1 = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT(info, comp, y1);
    cx1 = MIN(cx1, GST_VIDEO_FRAME_COMP_WIDTH(frame, comp));
    cy1 = MIN(cy1, GST_VIDEO_FRAME_COMP_HEIGHT(frame, comp));
    for (gint yy = cy0; yy < cy1; yy++) {
      guint8 *row = data + (gsize)yy * stride;
      for (gint xx = cx0; xx < cx1; xx++) row[(gsize)xx * pstride] = values[comp];
    }
  }
}

void gst_trt_draw_box(GstVideoFrame *frame, gint x, gint y, gint w, gint h, gint t,
                      GstTrtColor c) {
  t = MAX(1, MIN(t, MIN(w, h) / 2 + 1));
  gst_trt_draw_rect(frame, x, y, w, t, c);
  gst_trt_draw_rect(frame, x, y + h - t, w, t, c);
  gst_trt_draw_rect(frame, x, y, t, h, c);
  gst_trt_draw_rect(frame, x + w - t, y, t, h, c);
}

void gst_trt_text_size(const gchar *text, gint scale, gint *w, gint *h) {
  *w = (gint)strlen(text) * GST_TRT_FONT_CELL_WIDTH * scale + scale;
  *h = GST_TRT_FONT_CELL_HEIGHT * scale + scale;
}

void gst_trt_draw_text(GstVideoFrame *frame, gint x, gint y, const gchar *text,
                       gint scale, GstTrtColor fg, GstTrtColor bg) {
  gint w, h;
  gst_trt_text_size(text, scale, &w, &h);
  gst_trt_draw_rect(frame, x, y, w, h, bg);
  gint gx = x + scale;
  for (const gchar *p = text; *p; p++, gx += GST_TRT_FONT_CELL_WIDTH * scale) {
    if (gx >= GST_VIDEO_FRAME_WIDTH(frame)) break;
    const guint8 *rows = gst_trt_font_glyph(*p);
    for (gint r = 0; r < GST_TRT_FONT_HEIGHT; r++)
      for (gint col = 0; col < GST_TRT_FONT_WIDTH; col++)
        if (rows[r] & (0x10 >> col))
          gst_trt_draw_rect(frame, gx + col * scale, y + scale + r * scale, scale, scale,
                            fg);
  }
}
