/* Helpers shared by the element tests: paths of the test models, temporary
 * directories, frames, bus messages and a capture of the element's log. */
#ifndef TRT_GST_TEST_UTIL_H
#define TRT_GST_TEST_UTIL_H

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

/* A model made by make-models, or a file of the shared model set (NULL
 * when that set is not there). Free with g_free. */
gchar *test_model(const gchar *name);
gchar *test_shared_file(const gchar *relative);
/* A file under the source tree. */
gchar *test_source_file(const gchar *relative);

/* A new empty directory; test_remove_tree deletes it and what it holds. */
gchar *test_make_tmpdir(void);
void test_remove_tree(const gchar *path);
/* Writes text to dir/name; returns the path. */
gchar *test_write_file(const gchar *dir, const gchar *name, const gchar *text);

/* A harness around "trtinfer name=infer engine-cache-dir=<cache> <props>",
 * with a bus on which the element's messages arrive. */
GstHarness *test_harness_new(const gchar *cache_dir, const gchar *props, GstBus **bus);
GstElement *test_harness_element(GstHarness *h);
/* The first element message of that structure name on the bus, or NULL. */
GstStructure *test_pop_message(GstBus *bus, const gchar *name);

/* A frame of the caps' format and size with every byte from a fixed
 * pseudo-random sequence (padding included). */
GstBuffer *test_random_frame(const GstVideoInfo *info, guint32 seed);
/* A frame of one RGB colour, in any of the element's formats. */
GstBuffer *test_solid_frame(const GstVideoInfo *info, guint8 r, guint8 g, guint8 b);

/* A detection as trtinfer attaches it (region-of-interest meta and its
 * trtinfer/detection structure). */
typedef struct {
  gint class_id;
  gdouble confidence;
  guint x, y, w, h;
  const gchar *label;
} TestRoi;
/* The buffer's detections (at most capacity); checks each has its
 * structure and a matching label. */
guint test_collect_rois(GstBuffer *buf, TestRoi *out, guint capacity);

/* Sets the harness caps to an image file's size (GRAY8 or RGB) and pushes
 * its pixels as one frame; returns what came out. */
GstBuffer *test_push_image(GstHarness *h, const gchar *path, GstVideoInfo *info);

/* Collects the messages of the "trtinfer" debug category (at INFO and
 * above) from now on. */
void test_log_capture_start(void);
gboolean test_log_contains(const gchar *needle);
void test_log_capture_stop(void);

#endif
