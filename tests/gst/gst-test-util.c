/* Helpers of gst-test-util.h. */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/video/gstvideometa.h>
#include <trtinfer/trtinfer.h>

#include "gst-test-util.h"

gchar *test_model(const gchar *name) {
  return g_build_filename(TEST_MODELS_DIR, name, NULL);
}

gchar *test_shared_file(const gchar *relative) {
  gchar *path = g_build_filename(TEST_SHARED_MODELS_DIR, relative, NULL);
  if (g_file_test(path, G_FILE_TEST_EXISTS)) return path;
  g_free(path);
  return NULL;
}

gchar *test_source_file(const gchar *relative) {
  return g_build_filename(TEST_SOURCE_DIR, relative, NULL);
}

gchar *test_make_tmpdir(void) {
  GError *error = NULL;
  gchar *dir = g_dir_make_tmp("trtinfer-gst-XXXXXX", &error);
  fail_unless(dir != NULL, "cannot make a temporary directory: %s",
              error ? error->message : "?");
  return dir;
}

void test_remove_tree(const gchar *path) {
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir) {
    const gchar *name;
    while ((name = g_dir_read_name(dir))) {
      gchar *child = g_build_filename(path, name, NULL);
      test_remove_tree(child);
      g_free(child);
    }
    g_dir_close(dir);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

gchar *test_write_file(const gchar *dir, const gchar *name, const gchar *text) {
  gchar *path = g_build_filename(dir, name, NULL);
  fail_unless(g_file_set_contents(path, text, -1, NULL), "cannot write %s", path);
  return path;
}

GstHarness *test_harness_new(const gchar *cache_dir, const gchar *props, GstBus **bus) {
  gchar *line =
      g_strdup_printf("trtinfer name=infer engine-cache-dir=%s %s", cache_dir, props);
  GstHarness *h = gst_harness_new_parse(line);
  g_free(line);
  if (bus) {
    *bus = gst_bus_new();
    gst_element_set_bus(h->element, *bus);
  }
  return h;
}

GstElement *test_harness_element(GstHarness *h) {
  GstElement *e = gst_bin_get_by_name(GST_BIN(h->element), "infer");
  gst_object_unref(e); /* the bin keeps it alive */
  return e;
}

GstStructure *test_pop_message(GstBus *bus, const gchar *name) {
  GstMessage *msg;
  while ((msg = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure(msg);
    if (s && gst_structure_has_name(s, name)) {
      GstStructure *copy = gst_structure_copy(s);
      gst_message_unref(msg);
      return copy;
    }
    gst_message_unref(msg);
  }
  return NULL;
}

GstBuffer *test_random_frame(const GstVideoInfo *info, guint32 seed) {
  GstBuffer *buf = gst_buffer_new_allocate(NULL, GST_VIDEO_INFO_SIZE(info), NULL);
  GstMapInfo map;
  gst_buffer_map(buf, &map, GST_MAP_WRITE);
  for (gsize i = 0; i < map.size; i++) {
    seed = seed * 1664525u + 1013904223u;
    map.data[i] = (guint8)(seed >> 24);
  }
  gst_buffer_unmap(buf, &map);
  return buf;
}

GstBuffer *test_solid_frame(const GstVideoInfo *info, guint8 r, guint8 g, guint8 b) {
  GstBuffer *buf = gst_buffer_new_allocate(NULL, GST_VIDEO_INFO_SIZE(info), NULL);
  GstVideoFrame frame;
  gst_video_frame_map(&frame, info, buf, GST_MAP_WRITE);
  const GstVideoFormatInfo *f = info->finfo;
  /* Component values (BT.601 limited range for YUV). */
  guint8 v[4] = {r, g, b, 255};
  if (GST_VIDEO_FORMAT_INFO_IS_GRAY(f)) {
    v[0] = (guint8)(0.299 * r + 0.587 * g + 0.114 * b + 0.5);
  } else if (GST_VIDEO_FORMAT_INFO_IS_YUV(f)) {
    v[0] = (guint8)(16.5 + 0.257 * r + 0.504 * g + 0.098 * b);
    v[1] = (guint8)(128.5 - 0.148 * r - 0.291 * g + 0.439 * b);
    v[2] = (guint8)(128.5 + 0.439 * r - 0.368 * g - 0.071 * b);
  }
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS(&frame); c++) {
    guint8 *data = GST_VIDEO_FRAME_COMP_DATA(&frame, c);
    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT(&frame, c); y++)
      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH(&frame, c); x++)
        data[y * GST_VIDEO_FRAME_COMP_STRIDE(&frame, c) +
             x * GST_VIDEO_FRAME_COMP_PSTRIDE(&frame, c)] = v[c];
  }
  gst_video_frame_unmap(&frame);
  return buf;
}

guint test_collect_rois(GstBuffer *buf, TestRoi *out, guint capacity) {
  gpointer state = NULL;
  GstMeta *m;
  guint n = 0;
  while ((m = gst_buffer_iterate_meta_filtered(
              buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *)m;
    GstStructure *s =
        gst_video_region_of_interest_meta_get_param(roi, "trtinfer/detection");
    fail_unless(s != NULL);
    if (n == capacity) continue;
    TestRoi *r = &out[n++];
    fail_unless(gst_structure_get_int(s, "class-id", &r->class_id));
    fail_unless(gst_structure_get_double(s, "confidence", &r->confidence));
    r->label = gst_structure_get_string(s, "label");
    fail_unless_equals_string(r->label, g_quark_to_string(roi->roi_type));
    r->x = roi->x;
    r->y = roi->y;
    r->w = roi->w;
    r->h = roi->h;
  }
  return n;
}

/* Pushes an image file's pixels as one frame. */
GstBuffer *test_push_image(GstHarness *h, const gchar *path, GstVideoInfo *info) {
  TrtImage *img = trt_image_load(path, NULL);
  fail_unless(img != NULL, "cannot load %s", path);
  const TrtImageView *v = trt_image_get_view(img);
  gboolean gray = v->format == TRT_PIXEL_FORMAT_GRAY8;
  gst_video_info_set_format(info, gray ? GST_VIDEO_FORMAT_GRAY8 : GST_VIDEO_FORMAT_RGB,
                            (guint)v->width, (guint)v->height);
  gchar *caps = g_strdup_printf("video/x-raw,format=%s,width=%d,height=%d,framerate=1/1",
                                gray ? "GRAY8" : "RGB", v->width, v->height);
  gst_harness_set_src_caps_str(h, caps);
  g_free(caps);
  GstBuffer *buf = gst_buffer_new_allocate(NULL, GST_VIDEO_INFO_SIZE(info), NULL);
  GstVideoFrame frame;
  gst_video_frame_map(&frame, info, buf, GST_MAP_WRITE);
  gsize row = (gsize)v->width * (gray ? 1 : 3);
  for (gint y = 0; y < v->height; y++)
    memcpy((guint8 *)GST_VIDEO_FRAME_PLANE_DATA(&frame, 0) +
               (gsize)y * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0),
           v->planes[0] + (gsize)y * v->strides[0], row);
  gst_video_frame_unmap(&frame);
  trt_image_free(img);
  return gst_harness_push_and_pull(h, buf);
}

static GString *captured;

static void capture(GstDebugCategory *category, GstDebugLevel level, const gchar *file,
                    const gchar *function, gint line, GObject *object,
                    GstDebugMessage *message, gpointer user_data) {
  if (!captured || strcmp(gst_debug_category_get_name(category), "trtinfer") != 0) return;
  g_string_append(captured, gst_debug_message_get(message));
  g_string_append_c(captured, '\n');
}

void test_log_capture_start(void) {
  if (!captured) {
    captured = g_string_new(NULL);
    gst_debug_add_log_function(capture, NULL, NULL);
  }
  g_string_truncate(captured, 0);
  gst_debug_set_active(TRUE);
  gst_debug_set_threshold_for_name("trtinfer", GST_LEVEL_INFO);
}

gboolean test_log_contains(const gchar *needle) {
  return captured && strstr(captured->str, needle) != NULL;
}

void test_log_capture_stop(void) {
  gst_debug_remove_log_function(capture);
  if (captured) g_string_free(captured, TRUE);
  captured = NULL;
}
