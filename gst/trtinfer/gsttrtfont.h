/* A 5x7 bitmap font for trtoverlay's labels: ' ' to '_' of ASCII, with
 * lower case drawn as upper case and anything else as '?'. */
#ifndef GST_TRT_FONT_H
#define GST_TRT_FONT_H

#include <glib.h>

#define GST_TRT_FONT_WIDTH 5
#define GST_TRT_FONT_HEIGHT 7
/* A character cell: the glyph and one column and row of spacing. */
#define GST_TRT_FONT_CELL_WIDTH 6
#define GST_TRT_FONT_CELL_HEIGHT 8

/* Seven rows of the glyph for c, top first; bit 4 is the leftmost column. */
const guint8 *gst_trt_font_glyph(gchar c);

#endif
