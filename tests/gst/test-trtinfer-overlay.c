/* trtoverlay draws boxes and labels on every format; GstTrtInferMeta keeps
 * its contents through copies and its mapping through videoscale. */
#include <string.h>

#include <gst/video/gstvideometa.h>

#include "gsttrtinfermeta.h"
#include "gst-test-util.h"

/* Adds a detection the way trtinfer does. */
static void add_detection(GstBuffer *buf, gint class_id, guint x, guint y, guint w,
                          guint h) {
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta(buf, "thing", x, y, w, h);
  gst_video_region_of_interest_meta_add_param(
      roi,
      gst_structure_new("trtinfer/detection", "class-id", G_TYPE_INT, class_id, "label",
                        G_TYPE_STRING, "thing", "confidence", G_TYPE_DOUBLE, 0.9, NULL));
}

/* Luma-ish value of pixel (x, y): the first component. */
static guint8 first_component(GstVideoFrame *f, gint x, gint y) {
  const guint8 *d = GST_VIDEO_FRAME_COMP_DATA(f, 0);
  return d[y * GST_VIDEO_FRAME_COMP_STRIDE(f, 0) +
           x * GST_VIDEO_FRAME_COMP_PSTRIDE(f, 0)];
}

static const gchar *const formats[] = {"RGB",  "BGR",   "RGBA", "BGRA", "RGBx",
                                       "BGRx", "GRAY8", "NV12", "I420"};

GST_START_TEST(test_overlay_draws_boxes) {
  for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
    GstHarness *h = gst_harness_new_parse("trtoverlay line-width=2 font-scale=1");
    gchar *caps = g_strdup_printf(
        "video/x-raw,format=%s,width=64,height=48,framerate=30/1", formats[i]);
    gst_harness_set_src_caps_str(h, caps);
    GstVideoInfo info;
    GstCaps *c = gst_caps_from_string(caps);
    gst_video_info_from_caps(&info, c);
    gst_caps_unref(c);
    /* A mid-gray frame; class 2's colour is yellow (255, 225, 25), whose
     * luma or red is far from gray. */
    GstBuffer *in = test_solid_frame(&info, 128, 128, 128);
    add_detection(in, 2, 20, 20, 30, 20);
    GstBuffer *out = gst_harness_push_and_pull(h, in);
    GstVideoFrame f;
    gst_video_frame_map(&f, &info, out, GST_MAP_READ);
    guint8 gray = first_component(&f, 0, 47);
    guint8 edge = first_component(&f, 20, 30), inside = first_component(&f, 35, 30);
    guint8 right = first_component(&f, 49, 30), outside = first_component(&f, 52, 30);
    fail_unless(edge != gray, "%s: left edge not drawn", formats[i]);
    fail_unless(right != gray, "%s: right edge not drawn", formats[i]);
    fail_unless_equals_int(inside, gray);
    fail_unless_equals_int(outside, gray);
    /* The label sits above the box: something drawn at y 10..19. */
    gboolean label = FALSE;
    for (gint y = 10; y < 20; y++)
      for (gint x = 20; x < 40; x++) label |= first_component(&f, x, y) != gray;
    fail_unless(label, "%s: no label", formats[i]);
    gst_video_frame_unmap(&f);
    gst_buffer_unref(out);
    g_free(caps);
    gst_harness_teardown(h);
  }
}
GST_END_TEST;

/* Boxes partly or wholly outside the frame are clipped, not written out of
 * bounds (run under valgrind to see it). */
GST_START_TEST(test_overlay_clips) {
  GstHarness *h = gst_harness_new_parse("trtoverlay line-width=5 font-scale=4");
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=I420,width=15,height=9,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_I420, 15, 9);
  GstBuffer *in = test_solid_frame(&info, 0, 0, 0);
  add_detection(in, 0, 10, 5, 100, 100);
  add_detection(in, 1, 200, 200, 10, 10);
  add_detection(in, 3, 0, 0, 1, 1);
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  fail_unless(out != NULL);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
}
GST_END_TEST;

/* Classifications are written in the top left corner. */
GST_START_TEST(test_overlay_classification_text) {
  GstHarness *h = gst_harness_new_parse("trtoverlay");
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=RGB,width=64,height=32,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGB, 64, 32);
  GstBuffer *in = test_solid_frame(&info, 128, 128, 128);
  GstTrtInferMeta *meta = gst_buffer_add_trt_infer_meta(in, 1);
  gst_trt_infer_meta_add_classification(meta, 7, "seven", 0.99f);
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  GstVideoFrame f;
  gst_video_frame_map(&f, &info, out, GST_MAP_READ);
  guint whites = 0, blacks = 0;
  for (gint y = 0; y < 18; y++)
    for (gint x = 0; x < 64; x++) {
      guint8 v = first_component(&f, x, y);
      whites += v == 255;
      blacks += v == 0;
    }
  fail_unless(whites > 20 && blacks > 20);
  fail_unless_equals_int(first_component(&f, 10, 30), 128);
  gst_video_frame_unmap(&f);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
}
GST_END_TEST;

GST_START_TEST(test_meta_copy) {
  GstBuffer *buf = gst_buffer_new_allocate(NULL, 16, NULL);
  GstTrtInferMeta *meta = gst_buffer_add_trt_infer_meta(buf, 3);
  gst_trt_infer_meta_add_classification(meta, 4, NULL, 0.5f);
  gst_trt_infer_meta_add_classification(meta, 1, "one", 0.25f);
  const float values[2] = {1.5f, -2.0f};
  const gint64 dims[2] = {1, 2};
  GBytes *bytes = g_bytes_new(values, sizeof values);
  gst_trt_infer_meta_add_tensor(meta, "out", GST_TRT_INFER_TENSOR_FLOAT32, dims, 2,
                                bytes);
  g_bytes_unref(bytes);
  meta->scale_x = 2.0f;
  meta->offset_y = -3.0f;
  GstBuffer *copy = gst_buffer_copy(buf);
  gst_buffer_unref(buf);
  GstTrtInferMeta *m = gst_buffer_get_trt_infer_meta(copy);
  fail_unless(m != NULL);
  fail_unless_equals_int(m->model_id, 3);
  fail_unless_equals_int(m->classifications->len, 2);
  fail_unless_equals_string(
      g_array_index(m->classifications, GstTrtInferClassification, 0).label, "4");
  fail_unless_equals_string(
      g_array_index(m->classifications, GstTrtInferClassification, 1).label, "one");
  const GstTrtInferTensor *t = gst_trt_infer_meta_get_tensor(m, "out");
  fail_unless(t && t->nb_dims == 2 && t->dims[1] == 2);
  fail_unless_equals_float(((const float *)g_bytes_get_data(t->data, NULL))[1], -2.0f);
  fail_unless_equals_float(m->scale_x, 2.0f);
  fail_unless_equals_float(m->offset_y, -3.0f);
  fail_unless_equals_int(gst_trt_infer_tensor_type_size(GST_TRT_INFER_TENSOR_INT64), 8);
  gst_buffer_unref(copy);
}
GST_END_TEST;

/* videoscale 8x6 -> 16x18 multiplies the mapping by 2 and 3. */
GST_START_TEST(test_meta_through_videoscale) {
  GstHarness *h = gst_harness_new_parse("videoscale");
  gst_harness_set_src_caps_str(h,
                               "video/x-raw,format=RGB,width=8,height=6,framerate=30/1");
  gst_harness_set_sink_caps_str(
      h, "video/x-raw,format=RGB,width=16,height=18,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGB, 8, 6);
  GstBuffer *in = test_solid_frame(&info, 1, 2, 3);
  GstTrtInferMeta *meta = gst_buffer_add_trt_infer_meta(in, 1);
  meta->scale_x = 0.5f;
  meta->scale_y = 1.0f;
  meta->offset_x = 1.0f;
  meta->offset_y = -1.0f;
  gst_trt_infer_meta_add_classification(meta, 2, "two", 0.75f);
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  GstTrtInferMeta *m = gst_buffer_get_trt_infer_meta(out);
  fail_unless(m != NULL, "videoscale dropped the meta");
  fail_unless_equals_float(m->scale_x, 1.0f);
  fail_unless_equals_float(m->offset_x, 2.0f);
  fail_unless_equals_float(m->scale_y, 3.0f);
  fail_unless_equals_float(m->offset_y, -3.0f);
  fail_unless_equals_int(m->classifications->len, 1);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
}
GST_END_TEST;

static Suite *trtinfer_overlay_suite(void) {
  Suite *s = suite_create("trtinfer-overlay");
  TCase *tc = tcase_create("general");
  tcase_add_test(tc, test_overlay_draws_boxes);
  tcase_add_test(tc, test_overlay_clips);
  tcase_add_test(tc, test_overlay_classification_text);
  tcase_add_test(tc, test_meta_copy);
  tcase_add_test(tc, test_meta_through_videoscale);
  suite_add_tcase(s, tc);
  return s;
}

GST_CHECK_MAIN(trtinfer_overlay);
