/* Detection on a real model and a real photo: ultraface RFB-320 (box
 * decoding in the graph) from the shared model set. The whole test is
 * skipped (exit 77) when that set or JPEG support is absent. */
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

/* ultraface RFB-320 (box decoding in the graph) on the four-people photo:
 * four faces, in the upper half of the 1024x484 frame, none overlapping
 * much. */
GST_START_TEST(test_ultraface_faces) {
  gchar *model = test_shared_file("onnx/ultraface/version-RFB-320.onnx");
  gchar *image = test_shared_file("images/faces_4people.jpg");
  gchar *labels = test_source_file("models/labels/ultraface.txt");
  gchar *props = g_strdup_printf(
      "model-file=%s network-type=detector net-scale-factor=0.0078125 offsets=127 "
      "labels-file=%s threshold=0.7",
      model, labels);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  GstVideoInfo info;
  GstBuffer *out = test_push_image(h, image, &info);
  TestRoi r[16];
  guint n = test_collect_rois(out, r, 16);
  fail_unless_equals_int(n, 4);
  for (guint i = 0; i < n; i++) {
    fail_unless_equals_string(r[i].label, "face");
    fail_unless_equals_int(r[i].class_id, 1);
    fail_unless(r[i].confidence >= 0.7);
    fail_unless(r[i].w > 20 && r[i].h > 20 && r[i].w < 300 && r[i].h < 300);
    fail_unless(r[i].x + r[i].w <= 1024 && r[i].y + r[i].h <= 484);
    fail_unless(r[i].y < 484 / 2);
  }
  GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless_equals_int(meta->net_width, 320);
  fail_unless_equals_int(meta->net_height, 240);
  fail_unless(fabs(meta->scale_x - 3.2) < 1e-5);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  g_free(props);
  g_free(labels);
  g_free(model);
  g_free(image);
}
GST_END_TEST;

static gboolean have_inputs(void) {
  gchar *model = test_shared_file("onnx/ultraface/version-RFB-320.onnx");
  gchar *image = test_shared_file("images/faces_4people.jpg");
  gboolean ok = model && image && trt_image_format_is_supported("jpeg");
  g_free(model);
  g_free(image);
  return ok;
}

int main(int argc, char **argv) {
  gst_check_init(&argc, &argv);
  if (!have_inputs()) {
    g_print("SKIP: no ../shared/models ultraface model and photo, or no JPEG support\n");
    return 77;
  }
  Suite *s = suite_create("trtinfer-ultraface");
  TCase *tc = tcase_create("general");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 240);
  tcase_add_test(tc, test_ultraface_faces);
  suite_add_tcase(s, tc);
  return gst_check_run_suite(s, "trtinfer-ultraface", __FILE__);
}
