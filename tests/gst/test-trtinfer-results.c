/* What the element reports: classifications (meta and bus message),
 * detections as region-of-interest metas, raw tensors, interval, and the
 * MNIST model on the ten digits. */
#include <string.h>

#include <gst/video/gstvideometa.h>
#include <trtinfer/trtinfer.h>

#include "gsttrtinfermeta.h"
#include "gst-test-util.h"

static gchar *tmpdir;

static void setup(void) {
  tmpdir = test_make_tmpdir();
}

static void teardown(void) {
  test_remove_tree(tmpdir);
  g_clear_pointer(&tmpdir, g_free);
}

/* The classifier model's scores are the channel means; with scale 2/255
 * a pure red frame gives logits (2, 0, 0): class 0 with e^2 / (e^2 + 2).
 * (Scale 1/255 would give (1, 0, 0), which already is a distribution and
 * is reported as it is.) */
GST_START_TEST(test_classifier_meta_and_message) {
  gchar *model = test_model("classifier.onnx");
  gchar *labels = test_write_file(tmpdir, "colors.txt", "red\ngreen\nblue\n");
  gchar *props = g_strdup_printf(
      "model-file=%s labels-file=%s net-scale-factor=0.00784313725490196 unique-id=5",
      model, labels);
  GstBus *bus;
  GstHarness *h = test_harness_new(tmpdir, props, &bus);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=RGB,width=20,height=10,framerate=25/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGB, 20, 10);
  const double want = exp(2.0) / (exp(2.0) + 2.0);

  GstBuffer *in = test_solid_frame(&info, 255, 0, 0);
  GST_BUFFER_PTS(in) = 40 * GST_MSECOND;
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless(meta != NULL);
  fail_unless(gst_buffer_get_trt_infer_meta_for_model(out, 5) == meta);
  fail_unless(gst_buffer_get_trt_infer_meta_for_model(out, 6) == NULL);
  fail_unless_equals_int(meta->model_id, 5);
  fail_unless_equals_int(meta->classifications->len, 1);
  GstTrtInferClassification *c =
      &g_array_index(meta->classifications, GstTrtInferClassification, 0);
  fail_unless_equals_int(c->class_id, 0);
  fail_unless_equals_string(c->label, "red");
  fail_unless(fabs(c->confidence - want) < 1e-5, "confidence %f, want %f", c->confidence,
              want);
  fail_unless_equals_int(meta->tensors->len, 0);

  GstStructure *s = test_pop_message(bus, "trtinfer");
  fail_unless(s != NULL);
  guint64 frame, timestamp;
  guint id;
  gint class_id;
  gdouble confidence;
  fail_unless(gst_structure_get(s, "frame", G_TYPE_UINT64, &frame, "timestamp",
                                G_TYPE_UINT64, &timestamp, "model-id", G_TYPE_UINT, &id,
                                "class-id", G_TYPE_INT, &class_id, "confidence",
                                G_TYPE_DOUBLE, &confidence, NULL));
  fail_unless_equals_uint64(frame, 0);
  fail_unless_equals_uint64(timestamp, 40 * GST_MSECOND);
  fail_unless_equals_int(id, 5);
  fail_unless_equals_int(class_id, 0);
  fail_unless_equals_string(gst_structure_get_string(s, "label"), "red");
  fail_unless(fabs(confidence - want) < 1e-5);
  const GValue *list = gst_structure_get_value(s, "classifications");
  fail_unless(list && GST_VALUE_HOLDS_LIST(list));
  fail_unless_equals_int(gst_value_list_get_size(list), 1);
  gst_structure_free(s);
  gst_buffer_unref(out);

  /* Blue, second frame; topk and threshold can change while running. */
  g_object_set(test_harness_element(h), "threshold", 0.0f, "topk", 2, NULL);
  out = gst_harness_push_and_pull(h, test_solid_frame(&info, 0, 0, 255));
  meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless_equals_int(meta->classifications->len, 2);
  c = &g_array_index(meta->classifications, GstTrtInferClassification, 0);
  fail_unless_equals_string(c->label, "blue");
  s = test_pop_message(bus, "trtinfer");
  fail_unless(gst_structure_get_uint64(s, "frame", &frame));
  fail_unless_equals_uint64(frame, 1);
  gst_structure_free(s);
  gst_buffer_unref(out);

  /* A gray frame: all classes alike at 1/3, below the default threshold. */
  g_object_set(test_harness_element(h), "threshold", 0.5f, NULL);
  out = gst_harness_push_and_pull(h, test_solid_frame(&info, 128, 128, 128));
  meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless_equals_int(meta->classifications->len, 0);
  s = test_pop_message(bus, "trtinfer");
  fail_unless(!gst_structure_has_field(s, "label"));
  gst_structure_free(s);
  gst_buffer_unref(out);

  gst_harness_teardown(h);
  gst_object_unref(bus);
  g_free(props);
  g_free(labels);
  g_free(model);
}
GST_END_TEST;

/* Without a labels file, labels are the class ids. */
GST_START_TEST(test_classifier_without_labels) {
  gchar *model = test_model("classifier.onnx");
  gchar *props =
      g_strdup_printf("model-file=%s net-scale-factor=0.00392156862745098", model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=I420,width=16,height=16,framerate=25/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_I420, 16, 16);
  GstBuffer *out = gst_harness_push_and_pull(h, test_solid_frame(&info, 0, 255, 0));
  GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless_equals_int(meta->classifications->len, 1);
  fail_unless_equals_string(
      g_array_index(meta->classifications, GstTrtInferClassification, 0).label, "1");
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* The synthetic detector: box scores are the channel means (R, G, B) of
 * the frame; box 0 (0.1-0.5) and box 2 (0.12-0.5) overlap, box 1 (0.6-0.9)
 * is apart. A frame of (255, 0, 200) scores 1, 0 and 0.78. */
GST_START_TEST(test_detector_regions) {
  gchar *model = test_model("detector.onnx");
  gchar *labels = test_write_file(tmpdir, "labels.txt", "background\nthing\n");
  gchar *props = g_strdup_printf(
      "model-file=%s network-type=detector labels-file=%s "
      "net-scale-factor=0.00392156862745098",
      model, labels);
  GstBus *bus;
  GstHarness *h = test_harness_new(tmpdir, props, &bus);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=RGBx,width=80,height=60,framerate=25/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGBx, 80, 60);

  GstBuffer *out = gst_harness_push_and_pull(h, test_solid_frame(&info, 255, 0, 200));
  TestRoi r[8];
  guint n = test_collect_rois(out, r, 8);
  fail_unless_equals_int(n, 1); /* box 2 suppressed by box 0, box 1 below threshold */
  fail_unless_equals_int(r[0].class_id, 1);
  fail_unless_equals_string(r[0].label, "thing");
  fail_unless(fabs(r[0].confidence - 1.0) < 1e-5);
  fail_unless_equals_int(r[0].x, 8);
  fail_unless_equals_int(r[0].y, 6);
  fail_unless_equals_int(r[0].w, 32);
  fail_unless_equals_int(r[0].h, 24);
  GstStructure *s = test_pop_message(bus, "trtinfer");
  const GValue *list = gst_structure_get_value(s, "detections");
  fail_unless_equals_int(gst_value_list_get_size(list), 1);
  const GstStructure *d = gst_value_get_structure(gst_value_list_get_value(list, 0));
  guint x, width;
  fail_unless(gst_structure_get_uint(d, "x", &x) &&
              gst_structure_get_uint(d, "width", &width));
  fail_unless_equals_int(x, 8);
  fail_unless_equals_int(width, 32);
  fail_unless_equals_string(gst_structure_get_string(d, "label"), "thing");
  gst_structure_free(s);
  gst_buffer_unref(out);

  /* Without NMS the overlapping box stays; topk caps the count. */
  g_object_set(test_harness_element(h), "nms-iou", 1.0f, NULL);
  out = gst_harness_push_and_pull(h, test_solid_frame(&info, 255, 0, 200));
  fail_unless_equals_int(test_collect_rois(out, r, 8), 2);
  fail_unless(r[0].confidence > r[1].confidence);
  gst_buffer_unref(out);
  g_object_set(test_harness_element(h), "topk", 1, NULL);
  out = gst_harness_push_and_pull(h, test_solid_frame(&info, 255, 0, 200));
  fail_unless_equals_int(test_collect_rois(out, r, 8), 1);
  gst_buffer_unref(out);
  /* Everything below threshold: no regions, an empty list. */
  out = gst_harness_push_and_pull(h, test_solid_frame(&info, 0, 0, 0));
  fail_unless_equals_int(test_collect_rois(out, r, 8), 0);
  gst_buffer_unref(out);

  gst_harness_teardown(h);
  gst_object_unref(bus);
  g_free(props);
  g_free(labels);
  g_free(model);
}
GST_END_TEST;

/* Letterboxed, boxes come back to frame pixels: an 80x40 frame is 4x2 in
 * the 4x4 input (one border row above and below), so net y 1..3 is frame
 * y 0..40. Box 0 (net 0.4..2) is frame x 8..40, y 0..20. */
GST_START_TEST(test_detector_letterbox) {
  gchar *model = test_model("detector.onnx");
  gchar *props = g_strdup_printf(
      "model-file=%s network-type=detector resize-mode=letterbox threshold=0.3 "
      "net-scale-factor=0.00392156862745098",
      model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=RGB,width=80,height=40,framerate=25/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGB, 80, 40);
  GstBuffer *out = gst_harness_push_and_pull(h, test_solid_frame(&info, 255, 0, 0));
  TestRoi r[8];
  fail_unless_equals_int(test_collect_rois(out, r, 8), 1);
  fail_unless_equals_int(r[0].x, 8);
  fail_unless_equals_int(r[0].y, 0);
  fail_unless_equals_int(r[0].w, 32);
  fail_unless_equals_int(r[0].h, 20);
  fail_unless(fabs(r[0].confidence - 0.5) < 1e-4); /* half the input is border */
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

GST_START_TEST(test_raw_tensors) {
  gchar *model = test_model("detector.onnx");
  gchar *props =
      g_strdup_printf("model-file=%s network-type=raw output-blobs=boxes", model);
  GstBus *bus;
  GstHarness *h = test_harness_new(tmpdir, props, &bus);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=GRAY8,width=4,height=4,framerate=25/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_GRAY8, 4, 4);
  GstBuffer *out = gst_harness_push_and_pull(h, test_random_frame(&info, 1));
  GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless_equals_int(meta->tensors->len, 1);
  fail_unless_equals_int(meta->classifications->len, 0);
  const GstTrtInferTensor *t = gst_trt_infer_meta_get_tensor(meta, "boxes");
  fail_unless(t != NULL);
  fail_unless(gst_trt_infer_meta_get_tensor(meta, "scores") == NULL);
  fail_unless_equals_int(t->nb_dims, 3);
  fail_unless_equals_int(t->dims[2], 4);
  const float *b = g_bytes_get_data(t->data, NULL);
  fail_unless_equals_float(b[4], 0.6f);
  fail_unless_equals_float(b[11], 0.5f);
  GstStructure *s = test_pop_message(bus, "trtinfer");
  const GValue *names = gst_structure_get_value(s, "tensors");
  fail_unless_equals_int(gst_value_list_get_size(names), 1);
  fail_unless_equals_string(g_value_get_string(gst_value_list_get_value(names, 0)),
                            "boxes");
  gst_structure_free(s);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  gst_object_unref(bus);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* interval=2: frames 0, 3, 6 are run; the others pass without results. */
GST_START_TEST(test_interval) {
  gchar *model = test_model("classifier.onnx");
  gchar *props = g_strdup_printf("model-file=%s interval=2 threshold=0", model);
  GstBus *bus;
  GstHarness *h = test_harness_new(tmpdir, props, &bus);
  gst_harness_set_src_caps_str(h,
                               "video/x-raw,format=RGB,width=4,height=4,framerate=25/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGB, 4, 4);
  for (int i = 0; i < 7; i++) {
    GstBuffer *out = gst_harness_push_and_pull(h, test_random_frame(&info, (guint32)i));
    gboolean run = i % 3 == 0;
    fail_unless((gst_buffer_get_trt_infer_meta(out) != NULL) == run, "frame %d", i);
    GstStructure *s = test_pop_message(bus, "trtinfer");
    fail_unless((s != NULL) == run, "frame %d", i);
    if (s) {
      guint64 frame;
      gst_structure_get_uint64(s, "frame", &frame);
      fail_unless_equals_uint64(frame, (guint64)i);
      gst_structure_free(s);
    }
    gst_buffer_unref(out);
  }
  gst_harness_teardown(h);
  gst_object_unref(bus);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

GST_START_TEST(test_mnist_digits) {
  gchar *model = test_source_file("models/mnist.onnx");
  if (!g_file_test(model, G_FILE_TEST_EXISTS)) {
    g_free(model);
    model = test_shared_file("mnist/mnist.onnx");
  }
  if (!model) return; /* no MNIST model here */
  gchar *labels = test_source_file("models/labels/mnist.txt");
  gchar *props = g_strdup_printf(
      "model-file=%s model-color-format=gray net-scale-factor=-0.00392156862745098 "
      "offsets=255 labels-file=%s",
      model, labels);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  for (int d = 0; d < 10; d++) {
    gchar *name = g_strdup_printf("models/mnist/%d.pgm", d);
    gchar *path = test_source_file(name);
    GstVideoInfo info;
    GstBuffer *out = test_push_image(h, path, &info);
    GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(out);
    fail_unless(meta && meta->classifications->len == 1, "digit %d: no result", d);
    GstTrtInferClassification *c =
        &g_array_index(meta->classifications, GstTrtInferClassification, 0);
    fail_unless_equals_int(c->class_id, d);
    gchar want[2] = {(gchar)('0' + d), 0};
    fail_unless_equals_string(c->label, want);
    fail_unless(c->confidence > 0.9f, "digit %d: confidence %f", d, c->confidence);
    gst_buffer_unref(out);
    g_free(path);
    g_free(name);
  }
  gst_harness_teardown(h);
  g_free(props);
  g_free(labels);
  g_free(model);
}
GST_END_TEST;

static Suite *trtinfer_results_suite(void) {
  Suite *s = suite_create("trtinfer-results");
  TCase *tc = tcase_create("general");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 240);
  tcase_add_test(tc, test_classifier_meta_and_message);
  tcase_add_test(tc, test_classifier_without_labels);
  tcase_add_test(tc, test_detector_regions);
  tcase_add_test(tc, test_detector_letterbox);
  tcase_add_test(tc, test_raw_tensors);
  tcase_add_test(tc, test_interval);
  tcase_add_test(tc, test_mnist_digits);
  suite_add_tcase(s, tc);
  return s;
}

GST_CHECK_MAIN(trtinfer_results);
