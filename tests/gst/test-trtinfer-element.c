/* The trtinfer element itself: properties, caps negotiation and refusal,
 * the config file, and the errors bad settings give. */
#include <string.h>

#include "gst-test-util.h"

static gchar *tmpdir;

static void setup(void) {
  tmpdir = test_make_tmpdir();
}

static void teardown(void) {
  test_remove_tree(tmpdir);
  g_clear_pointer(&tmpdir, g_free);
}

GST_START_TEST(test_property_defaults) {
  GstElement *e = gst_element_factory_make("trtinfer", NULL);
  fail_unless(e != NULL);
  gchar *model = NULL, *cache = NULL;
  guint batch, interval, topk, gpu, id;
  gfloat scale, threshold, iou;
  gboolean tensors;
  g_object_get(e, "model-file", &model, "engine-cache-dir", &cache, "batch-size", &batch,
               "interval", &interval, "topk", &topk, "gpu-id", &gpu, "unique-id", &id,
               "net-scale-factor", &scale, "threshold", &threshold, "nms-iou", &iou,
               "output-tensor-meta", &tensors, NULL);
  fail_unless(model == NULL && cache == NULL);
  fail_unless_equals_int(batch, 1);
  fail_unless_equals_int(interval, 0);
  fail_unless_equals_int(topk, 0);
  fail_unless_equals_int(gpu, 0);
  fail_unless_equals_int(id, 1);
  fail_unless_equals_float(scale, 1.0f);
  fail_unless_equals_float(threshold, 0.5f);
  fail_unless_equals_float(iou, 0.45f);
  fail_unless(!tensors);
  /* Every property has static strings and a blurb. */
  guint n;
  GParamSpec **specs = g_object_class_list_properties(G_OBJECT_GET_CLASS(e), &n);
  for (guint i = 0; i < n; i++) {
    if (specs[i]->owner_type != G_OBJECT_TYPE(e)) continue;
    fail_unless(specs[i]->flags & G_PARAM_STATIC_NAME, "%s", specs[i]->name);
    fail_unless(strlen(g_param_spec_get_blurb(specs[i])) > 10, "%s", specs[i]->name);
  }
  g_free(specs);
  gst_object_unref(e);
}
GST_END_TEST;

GST_START_TEST(test_property_round_trip) {
  GstElement *e = gst_element_factory_make("trtinfer", NULL);
  /* model is another name for model-file. */
  g_object_set(e, "model", "a.onnx", NULL);
  gchar *s = NULL;
  g_object_get(e, "model-file", &s, NULL);
  fail_unless_equals_string(s, "a.onnx");
  g_free(s);
  /* Enums by their nicks, as gst-launch sets them. */
  gst_util_set_object_arg(G_OBJECT(e), "model-color-format", "gray");
  gst_util_set_object_arg(G_OBJECT(e), "resize-mode", "letterbox");
  gst_util_set_object_arg(G_OBJECT(e), "network-type", "detector");
  gst_util_set_object_arg(G_OBJECT(e), "backend", "cpu");
  gst_util_set_object_arg(G_OBJECT(e), "precision", "fp16");
  gint color, resize, type, backend, precision;
  g_object_get(e, "model-color-format", &color, "resize-mode", &resize, "network-type",
               &type, "backend", &backend, "precision", &precision, NULL);
  fail_unless_equals_int(color, 2);
  fail_unless_equals_int(resize, 1);
  fail_unless_equals_int(type, 1);
  fail_unless_equals_int(backend, 1);
  fail_unless_equals_int(precision, 1);
  g_object_set(e, "offsets", "1;2;3", "output-blobs", "scores;boxes", "topk", 5,
               "threshold", 0.25f, NULL);
  gchar *offsets, *blobs;
  guint topk;
  gfloat threshold;
  g_object_get(e, "offsets", &offsets, "output-blobs", &blobs, "topk", &topk, "threshold",
               &threshold, NULL);
  fail_unless_equals_string(offsets, "1;2;3");
  fail_unless_equals_string(blobs, "scores;boxes");
  fail_unless_equals_int(topk, 5);
  fail_unless_equals_float(threshold, 0.25f);
  g_free(offsets);
  g_free(blobs);
  gst_object_unref(e);
}
GST_END_TEST;

static const gchar *const formats[] = {"RGB",  "BGR",   "RGBA", "BGRA", "RGBx",
                                       "BGRx", "GRAY8", "NV12", "I420"};

GST_START_TEST(test_caps_accepted_and_refused) {
  GstElement *e = gst_element_factory_make("trtinfer", NULL);
  GstPad *sink = gst_element_get_static_pad(e, "sink");
  for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
    gchar *text = g_strdup_printf(
        "video/x-raw,format=%s,width=13,height=7,framerate=30/1", formats[i]);
    GstCaps *caps = gst_caps_from_string(text);
    fail_unless(gst_pad_query_accept_caps(sink, caps), "%s refused", formats[i]);
    gst_caps_unref(caps);
    g_free(text);
  }
  const gchar *refused[] = {
      "video/x-raw,format=YUY2,width=8,height=8,framerate=30/1",
      "video/x-raw,format=RGB,width=70000,height=8,framerate=30/1",
      "video/x-raw(memory:CUDAMemory),format=RGB,width=8,height=8,framerate=30/1",
      "audio/x-raw,format=F32LE,rate=48000,channels=2",
  };
  for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
    GstCaps *caps = gst_caps_from_string(refused[i]);
    fail_if(gst_pad_query_accept_caps(sink, caps), "%s accepted", refused[i]);
    gst_caps_unref(caps);
  }
  gst_object_unref(sink);
  gst_object_unref(e);
}
GST_END_TEST;

/* The element passes frames through untouched, with the same caps. */
GST_START_TEST(test_passthrough_video) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s", model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=NV12,width=10,height=6,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_NV12, 10, 6);
  GstBuffer *in = test_random_frame(&info, 7);
  GstBuffer *copy = gst_buffer_copy_deep(in);
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  fail_unless(out != NULL);
  GstMapInfo a, b;
  gst_buffer_map(out, &a, GST_MAP_READ);
  gst_buffer_map(copy, &b, GST_MAP_READ);
  fail_unless(a.size == b.size && memcmp(a.data, b.data, a.size) == 0);
  gst_buffer_unmap(out, &a);
  gst_buffer_unmap(copy, &b);
  GstCaps *caps = gst_pad_get_current_caps(h->sinkpad);
  GstStructure *s = gst_caps_get_structure(caps, 0);
  fail_unless_equals_string(gst_structure_get_string(s, "format"), "NV12");
  gst_caps_unref(caps);
  gst_buffer_unref(out);
  gst_buffer_unref(copy);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* Starts an element set up by `props` (gst-launch syntax); returns the
 * error message text it posted, or NULL when it started. */
static gchar *start_error(const gchar *props) {
  gchar *line = g_strdup_printf("trtinfer engine-cache-dir=%s %s", tmpdir, props);
  GError *error = NULL;
  GstElement *e = gst_parse_launch(line, &error);
  fail_unless(e != NULL, "cannot parse %s: %s", line, error ? error->message : "?");
  g_free(line);
  GstBus *bus = gst_bus_new();
  gst_element_set_bus(e, bus);
  GstStateChangeReturn ret = gst_element_set_state(e, GST_STATE_PAUSED);
  gchar *text = NULL;
  GstMessage *msg = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
  if (msg) {
    GError *err = NULL;
    gst_message_parse_error(msg, &err, NULL);
    text = g_strdup(err->message);
    g_error_free(err);
    gst_message_unref(msg);
    fail_unless(ret == GST_STATE_CHANGE_FAILURE);
  } else {
    fail_unless(ret != GST_STATE_CHANGE_FAILURE);
  }
  gst_element_set_state(e, GST_STATE_NULL);
  gst_element_set_bus(e, NULL);
  gst_object_unref(bus);
  gst_object_unref(e);
  return text;
}

static void expect_error(const gchar *props, const gchar *needle) {
  gchar *text = start_error(props);
  fail_unless(text != NULL, "'%s' started", props);
  fail_unless(strstr(text, needle) != NULL, "'%s' gave '%s', which does not say '%s'",
              props, text, needle);
  g_free(text);
}

GST_START_TEST(test_errors_on_bad_settings) {
  gchar *rgb = test_model("identity-rgb.onnx"), *two = test_model("two-inputs.onnx");
  gchar *classifier = test_model("classifier.onnx");
  gchar *garbage = test_write_file(tmpdir, "garbage.onnx", "this is not a model");
  gchar *engine = test_write_file(tmpdir, "garbage.engine", "this is not an engine");
  gchar *p;

  expect_error("", "set model-file");
  expect_error("model-file=/nonexistent/model.onnx", "model-file");
  p = g_strdup_printf("model-file=%s", garbage);
  expect_error(p, "Cannot read model-file");
  g_free(p);
  p = g_strdup_printf("model-file=%s offsets=1;2", rgb);
  expect_error(p, "offsets");
  g_free(p);
  p = g_strdup_printf("model-file=%s model-color-format=gray", rgb);
  expect_error(p, "model-color-format=rgb or bgr");
  g_free(p);
  p = g_strdup_printf("model-file=%s labels-file=/nonexistent/labels.txt", rgb);
  expect_error(p, "labels-file");
  g_free(p);
  p = g_strdup_printf("model-file=%s output-blobs=nothing", rgb);
  expect_error(p, "no tensor named 'nothing'");
  g_free(p);
  p = g_strdup_printf("model-file=%s network-type=detector", classifier);
  expect_error(p, "network-type=detector");
  g_free(p);
  p = g_strdup_printf("model-file=%s", two);
  expect_error(p, "2 inputs");
  g_free(p);
  p = g_strdup_printf("model-file=%s input-blob=c", two);
  expect_error(p, "inputs");
  g_free(p);
  p = g_strdup_printf("engine-file=%s", engine);
  expect_error(p, "engine-file");
  g_free(p);
  expect_error("engine-file=/nonexistent/x.engine", "does not exist");
  p = g_strdup_printf("model-file=%s model=%s weights-file=/nonexistent/w", rgb, rgb);
  expect_error(p, "weights-file");
  g_free(p);
  expect_error("config-file=/nonexistent/config.txt", "config-file");

  /* And a good setting starts. */
  p = g_strdup_printf("model-file=%s", rgb);
  gchar *none = start_error(p);
  fail_unless(none == NULL, "good settings failed: %s", none);
  g_free(p);
  g_free(rgb);
  g_free(two);
  g_free(classifier);
  g_free(garbage);
  g_free(engine);
}
GST_END_TEST;

GST_START_TEST(test_config_file) {
  gchar *classifier = test_model("classifier.onnx");
  gchar *dir = g_path_get_dirname(classifier);
  gchar *labels = test_write_file(tmpdir, "labels.txt", "red\ngreen\nblue\n");
  /* nvinfer keys, a relative path, [class-attrs-all], an unknown key and
   * one of the element's own property names. */
  gchar *text = g_strdup_printf(
      "[property]\n"
      "onnx-file=%s\n"
      "labelfile-path=labels.txt\n"
      "net-scale-factor=0.5\n"
      "offsets=1;2;3\n"
      "model-color-format=1\n"
      "network-type=1\n"
      "network-mode=0\n"
      "maintain-aspect-ratio=1\n"
      "gie-unique-id=7\n"
      "num-detected-classes=3\n"
      "some-unknown-key=1\n"
      "interval=2\n"
      "[class-attrs-all]\n"
      "pre-cluster-threshold=0.25\n"
      "topk=2\n",
      classifier);
  gchar *config = test_write_file(tmpdir, "config.txt", text);
  GstElement *e = gst_element_factory_make("trtinfer", NULL);
  /* Set on the element: wins over the file's value. */
  g_object_set(e, "config-file", config, "engine-cache-dir", tmpdir, "interval", 1, NULL);
  fail_unless(gst_element_set_state(e, GST_STATE_PAUSED) != GST_STATE_CHANGE_FAILURE);
  gchar *model, *labels_got, *offsets;
  gfloat scale, threshold;
  gint color, type, resize;
  guint id, interval, topk;
  g_object_get(e, "model-file", &model, "labels-file", &labels_got, "net-scale-factor",
               &scale, "offsets", &offsets, "model-color-format", &color, "network-type",
               &type, "resize-mode", &resize, "unique-id", &id, "interval", &interval,
               "threshold", &threshold, "topk", &topk, NULL);
  fail_unless_equals_string(model, classifier);
  fail_unless_equals_string(labels_got, labels);
  fail_unless_equals_float(scale, 0.5f);
  fail_unless_equals_string(offsets, "1;2;3");
  fail_unless_equals_int(color, 1);
  fail_unless_equals_int(type, 0); /* classifier */
  fail_unless_equals_int(resize, 1);
  fail_unless_equals_int(id, 7);
  fail_unless_equals_int(interval, 1);
  fail_unless_equals_float(threshold, 0.25f);
  fail_unless_equals_int(topk, 2);
  gst_element_set_state(e, GST_STATE_NULL);
  gst_object_unref(e);
  g_free(model);
  g_free(labels_got);
  g_free(offsets);
  g_free(text);
  g_free(config);

  /* Values the element cannot take are errors that name the key. */
  config = test_write_file(tmpdir, "bad.txt", "[property]\nnetwork-type=2\n");
  text = g_strdup_printf("config-file=%s", config);
  expect_error(text, "network-type=2");
  g_free(text);
  g_free(config);
  config = test_write_file(tmpdir, "bad2.txt", "[property]\nbatch-size=lots\n");
  text = g_strdup_printf("config-file=%s", config);
  expect_error(text, "batch-size");
  g_free(text);
  g_free(config);
  config = test_write_file(tmpdir, "bad3.txt", "[other]\nbatch-size=1\n");
  text = g_strdup_printf("config-file=%s", config);
  expect_error(text, "[property]");
  g_free(text);
  g_free(config);
  g_free(labels);
  g_free(dir);
  g_free(classifier);
}
GST_END_TEST;

/* Settings that shape the engine cannot change while it runs. */
GST_START_TEST(test_fixed_while_running) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s", model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  GstElement *e = test_harness_element(h);
  g_object_set(e, "model-file", "/other.onnx", "interval", 3, NULL);
  gchar *now;
  guint interval;
  g_object_get(e, "model-file", &now, "interval", &interval, NULL);
  fail_unless_equals_string(now, model);
  fail_unless_equals_int(interval, 3);
  g_free(now);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

static Suite *trtinfer_element_suite(void) {
  Suite *s = suite_create("trtinfer-element");
  TCase *tc = tcase_create("general");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_property_defaults);
  tcase_add_test(tc, test_property_round_trip);
  tcase_add_test(tc, test_caps_accepted_and_refused);
  tcase_add_test(tc, test_passthrough_video);
  tcase_add_test(tc, test_errors_on_bad_settings);
  tcase_add_test(tc, test_config_file);
  tcase_add_test(tc, test_fixed_while_running);
  suite_add_tcase(s, tc);
  return s;
}

GST_CHECK_MAIN(trtinfer_element);
