/* Every input format through the element against the CPU reference
 * preprocessing (lib/vision on the same frame), using identity models so
 * that the network's output is its input: this checks how the element
 * hands frames over (planes, strides, colorimetry) and the tensor meta. */
#include <string.h>

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

/* The preprocessing the element should have done, by lib/vision directly. */
static float *reference(GstBuffer *buf, const GstVideoInfo *info, TrtColorFormat cf,
                        TrtYuvMatrix matrix) {
  GstVideoFrame frame;
  fail_unless(gst_video_frame_map(&frame, info, buf, GST_MAP_READ));
  TrtImageView v = {0};
  fail_unless(trt_pixel_format_parse(
      gst_video_format_to_string(GST_VIDEO_INFO_FORMAT(info)), &v.format));
  v.width = GST_VIDEO_INFO_WIDTH(info);
  v.height = GST_VIDEO_INFO_HEIGHT(info);
  for (guint i = 0; i < GST_VIDEO_FRAME_N_PLANES(&frame); i++) {
    v.planes[i] = GST_VIDEO_FRAME_PLANE_DATA(&frame, i);
    v.strides[i] = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, i);
  }
  v.yuv_matrix = matrix;
  TrtPreprocessParams p;
  trt_preprocess_params_init(&p);
  p.width = 8;
  p.height = 6;
  p.color_format = cf;
  float *out = g_new(float, 3 * 8 * 6);
  fail_unless(trt_preprocess_image(&v, &p, out, NULL, NULL) == TRT_STATUS_OK);
  gst_video_frame_unmap(&frame);
  return out;
}

/* The "output" tensor of the buffer's meta. */
static const float *output_tensor(GstBuffer *buf, gint channels) {
  GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(buf);
  fail_unless(meta != NULL);
  const GstTrtInferTensor *t = gst_trt_infer_meta_get_tensor(meta, "output");
  fail_unless(t != NULL);
  fail_unless_equals_int(t->type, GST_TRT_INFER_TENSOR_FLOAT32);
  fail_unless_equals_int(t->nb_dims, 4);
  fail_unless_equals_int(t->dims[1], channels);
  fail_unless_equals_int(g_bytes_get_size(t->data), channels * 8 * 6 * sizeof(float));
  return g_bytes_get_data(t->data, NULL);
}

static double max_difference(const float *a, const float *b, gsize n) {
  double worst = 0;
  for (gsize i = 0; i < n; i++) worst = MAX(worst, fabs((double)a[i] - b[i]));
  return worst;
}

static const gchar *const formats[] = {"RGB",  "BGR",   "RGBA", "BGRA", "RGBx",
                                       "BGRx", "GRAY8", "NV12", "I420"};

static void check_formats(const gchar *model_name, const gchar *color, TrtColorFormat cf,
                          gint channels) {
  gchar *model = test_model(model_name);
  for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
    gchar *props = g_strdup_printf(
        "model-file=%s model-color-format=%s output-tensor-meta=true", model, color);
    GstHarness *h = test_harness_new(tmpdir, props, NULL);
    /* 13x7: odd sizes, so packed rows are padded and chroma rounds up. */
    gchar *caps = g_strdup_printf(
        "video/x-raw,format=%s,width=13,height=7,framerate=30/1", formats[i]);
    gst_harness_set_src_caps_str(h, caps);
    GstVideoInfo info;
    GstCaps *c = gst_caps_from_string(caps);
    gst_video_info_from_caps(&info, c);
    gst_caps_unref(c);
    GstBuffer *in = test_random_frame(&info, 100 + i);
    float *want = reference(in, &info, cf, TRT_YUV_BT601);
    GstBuffer *out = gst_harness_push_and_pull(h, in);
    double diff =
        max_difference(output_tensor(out, channels), want, (gsize)channels * 48);
    fail_unless(diff < 1e-4, "%s to %s: off by %g", formats[i], color, diff);
    gst_buffer_unref(out);
    g_free(want);
    g_free(caps);
    g_free(props);
    gst_harness_teardown(h);
  }
  g_free(model);
}

GST_START_TEST(test_formats_rgb_model) {
  check_formats("identity-rgb.onnx", "rgb", TRT_COLOR_FORMAT_RGB, 3);
}
GST_END_TEST;

GST_START_TEST(test_formats_bgr_model) {
  check_formats("identity-rgb.onnx", "bgr", TRT_COLOR_FORMAT_BGR, 3);
}
GST_END_TEST;

GST_START_TEST(test_formats_gray_model) {
  check_formats("identity-gray.onnx", "gray", TRT_COLOR_FORMAT_GRAY, 1);
}
GST_END_TEST;

/* Same size, RGB: the tensor is the pixels, checked without lib/vision. */
GST_START_TEST(test_same_size_is_exact) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s output-tensor-meta=true", model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  gst_harness_set_src_caps_str(h,
                               "video/x-raw,format=BGRx,width=8,height=6,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_BGRx, 8, 6);
  GstBuffer *in = test_random_frame(&info, 5);
  GstMapInfo map;
  gst_buffer_map(in, &map, GST_MAP_READ);
  guint8 pixels[8 * 6 * 4];
  memcpy(pixels, map.data, sizeof pixels);
  gst_buffer_unmap(in, &map);
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  const float *t = output_tensor(out, 3);
  for (int y = 0; y < 6; y++)
    for (int x = 0; x < 8; x++) {
      const guint8 *p = pixels + (y * 8 + x) * 4;
      fail_unless_equals_float(t[0 * 48 + y * 8 + x], p[2]); /* R */
      fail_unless_equals_float(t[1 * 48 + y * 8 + x], p[1]); /* G */
      fail_unless_equals_float(t[2 * 48 + y * 8 + x], p[0]); /* B */
    }
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* Caps colorimetry reaches the conversion: a BT.709 NV12 frame matches the
 * BT.709 reference and not the BT.601 one. */
GST_START_TEST(test_colorimetry) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s output-tensor-meta=true", model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  const gchar *caps =
      "video/x-raw,format=NV12,width=8,height=6,framerate=30/1,colorimetry=bt709";
  gst_harness_set_src_caps_str(h, caps);
  GstVideoInfo info;
  GstCaps *c = gst_caps_from_string(caps);
  gst_video_info_from_caps(&info, c);
  gst_caps_unref(c);
  GstBuffer *in = test_random_frame(&info, 9);
  float *bt709 = reference(in, &info, TRT_COLOR_FORMAT_RGB, TRT_YUV_BT709);
  float *bt601 = reference(in, &info, TRT_COLOR_FORMAT_RGB, TRT_YUV_BT601);
  GstBuffer *out = gst_harness_push_and_pull(h, in);
  const float *t = output_tensor(out, 3);
  fail_unless(max_difference(t, bt709, 144) < 1e-4);
  fail_unless(max_difference(t, bt601, 144) > 1.0);
  g_free(bt709);
  g_free(bt601);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* Letterbox: a 16x6 frame in an 8x6 input is 8x3 in the middle; the meta
 * maps network pixels back to the frame. */
GST_START_TEST(test_letterbox_mapping) {
  gchar *model = test_model("identity-gray.onnx");
  gchar *props = g_strdup_printf(
      "model-file=%s model-color-format=gray resize-mode=letterbox "
      "output-tensor-meta=true",
      model);
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  gst_harness_set_src_caps_str(
      h, "video/x-raw,format=GRAY8,width=16,height=6,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_GRAY8, 16, 6);
  GstBuffer *out = gst_harness_push_and_pull(h, test_solid_frame(&info, 200, 200, 200));
  const float *t = output_tensor(out, 1);
  for (int x = 0; x < 8; x++) {
    fail_unless_equals_float(t[0 * 8 + x], 0.0f);
    fail_unless_equals_float(t[1 * 8 + x], 200.0f);
    fail_unless_equals_float(t[3 * 8 + x], 200.0f);
    fail_unless_equals_float(t[4 * 8 + x], 0.0f);
    fail_unless_equals_float(t[5 * 8 + x], 0.0f);
  }
  GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta(out);
  fail_unless_equals_int(meta->net_width, 8);
  fail_unless_equals_int(meta->net_height, 6);
  fail_unless_equals_float(meta->scale_x, 2.0f);
  fail_unless_equals_float(meta->scale_y, 2.0f);
  fail_unless_equals_float(meta->offset_x, 0.0f);
  fail_unless_equals_float(meta->offset_y, -2.0f);
  gfloat fx, fy;
  gst_trt_infer_meta_map_point(meta, 4.0f, 4.0f, &fx, &fy);
  fail_unless_equals_float(fx, 8.0f);
  fail_unless_equals_float(fy, 6.0f);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

static Suite *trtinfer_formats_suite(void) {
  Suite *s = suite_create("trtinfer-formats");
  TCase *tc = tcase_create("general");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_formats_rgb_model);
  tcase_add_test(tc, test_formats_bgr_model);
  tcase_add_test(tc, test_formats_gray_model);
  tcase_add_test(tc, test_same_size_is_exact);
  tcase_add_test(tc, test_colorimetry);
  tcase_add_test(tc, test_letterbox_mapping);
  suite_add_tcase(s, tc);
  return s;
}

GST_CHECK_MAIN(trtinfer_formats);
