/* The engine cache: built once and loaded afterwards, a new engine for new
 * settings, and a replaced, corrupt or foreign file rebuilt with the reason
 * in the log, never used silently; engine-file likewise. */
#include <string.h>

#include <glib/gstdio.h>

#include "gst-test-util.h"

static gchar *tmpdir;

static void setup(void) {
  tmpdir = test_make_tmpdir();
  test_log_capture_start();
}

static void teardown(void) {
  test_log_capture_stop();
  test_remove_tree(tmpdir);
  g_clear_pointer(&tmpdir, g_free);
}

/* Starts and stops an element set up by props; fails the test when it
 * does not start. */
static void run_once(const gchar *props) {
  GstHarness *h = test_harness_new(tmpdir, props, NULL);
  gst_harness_set_src_caps_str(h,
                               "video/x-raw,format=RGB,width=8,height=6,framerate=30/1");
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_RGB, 8, 6);
  GstBuffer *out = gst_harness_push_and_pull(h, test_solid_frame(&info, 1, 2, 3));
  fail_unless(out != NULL);
  gst_buffer_unref(out);
  gst_harness_teardown(h);
}

/* The .engine files in the cache directory, sorted. */
static GPtrArray *engines(void) {
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GDir *dir = g_dir_open(tmpdir, 0, NULL);
  const gchar *name;
  while (dir && (name = g_dir_read_name(dir)))
    if (g_str_has_suffix(name, ".engine")) g_ptr_array_add(names, g_strdup(name));
  if (dir) g_dir_close(dir);
  g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
  return names;
}

static gchar *only_engine(void) {
  GPtrArray *names = engines();
  fail_unless_equals_int(names->len, 1);
  gchar *path = g_build_filename(tmpdir, g_ptr_array_index(names, 0), NULL);
  g_ptr_array_unref(names);
  return path;
}

static gchar *read_all(const gchar *path, gsize *size) {
  gchar *data = NULL;
  fail_unless(g_file_get_contents(path, &data, size, NULL));
  return data;
}

GST_START_TEST(test_built_once_then_loaded) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s", model);
  run_once(props);
  fail_unless(test_log_contains("no cached engine"));
  fail_unless(test_log_contains("saved the engine to"));
  gchar *path = only_engine();
  fail_unless(strstr(path, "identity-rgb-") != NULL);
  gsize size1, size2;
  gchar *first = read_all(path, &size1);
  GStatBuf st1, st2;
  g_stat(path, &st1);

  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("loaded cached engine"));
  fail_if(test_log_contains("building"));
  fail_if(test_log_contains("saved the engine"));
  g_stat(path, &st2);
  gchar *second = read_all(path, &size2);
  fail_unless(size1 == size2 && memcmp(first, second, size1) == 0);
  fail_unless(st1.st_mtime == st2.st_mtime && st1.st_ino == st2.st_ino);
  g_free(first);
  g_free(second);
  g_free(path);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* Settings that change the engine make another one; the first stays. */
GST_START_TEST(test_new_settings_new_engine) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s", model);
  run_once(props);
  g_free(props);
  props = g_strdup_printf("model-file=%s batch-size=2", model);
  run_once(props);
  GPtrArray *names = engines();
  fail_unless_equals_int(names->len, 2);
  g_ptr_array_unref(names);
  /* Preprocessing settings do not change the engine. */
  g_free(props);
  props =
      g_strdup_printf("model-file=%s net-scale-factor=2 resize-mode=letterbox", model);
  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("loaded cached engine"));
  names = engines();
  fail_unless_equals_int(names->len, 2);
  g_ptr_array_unref(names);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* A corrupt cached file is refused and rebuilt, and says so. */
GST_START_TEST(test_corrupt_engine_rebuilt) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *props = g_strdup_printf("model-file=%s", model);
  run_once(props);
  gchar *path = only_engine();
  gsize size;
  gchar *good = read_all(path, &size);
  /* Truncated. */
  fail_unless(g_file_set_contents(path, good, (gssize)(size / 2), NULL));
  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("rebuilding"));
  fail_unless(test_log_contains("saved the engine"));
  gsize size2;
  gchar *again = read_all(path, &size2);
  fail_unless_equals_int(size2, size);
  g_free(again);
  /* Garbage. */
  fail_unless(g_file_set_contents(path, "garbage", -1, NULL));
  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("rebuilding"));
  g_free(good);
  g_free(path);
  g_free(props);
  g_free(model);
}
GST_END_TEST;

/* An engine of another model put in place of the cached one is found out
 * by the key in its header. */
GST_START_TEST(test_foreign_engine_rebuilt) {
  gchar *rgb = test_model("identity-rgb.onnx"), *cls = test_model("classifier.onnx");
  gchar *props_rgb = g_strdup_printf("model-file=%s", rgb);
  gchar *props_cls = g_strdup_printf("model-file=%s", cls);
  run_once(props_rgb);
  gchar *rgb_path = only_engine();
  run_once(props_cls);
  GPtrArray *names = engines();
  fail_unless_equals_int(names->len, 2);
  gchar *cls_path = NULL;
  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix(g_ptr_array_index(names, i), "classifier-"))
      cls_path = g_build_filename(tmpdir, g_ptr_array_index(names, i), NULL);
  g_ptr_array_unref(names);
  fail_unless(cls_path != NULL);
  gsize size;
  gchar *cls_engine = read_all(cls_path, &size);
  fail_unless(g_file_set_contents(rgb_path, cls_engine, (gssize)size, NULL));
  test_log_capture_start();
  run_once(props_rgb);
  fail_unless(test_log_contains("was built from another model or with other settings"));
  fail_unless(test_log_contains("rebuilding"));
  g_free(cls_engine);
  g_free(cls_path);
  g_free(rgb_path);
  g_free(props_rgb);
  g_free(props_cls);
  g_free(rgb);
  g_free(cls);
}
GST_END_TEST;

/* engine-file: built there when missing, loaded afterwards, loaded alone,
 * rebuilt when the model is another. */
GST_START_TEST(test_engine_file) {
  gchar *rgb = test_model("identity-rgb.onnx"), *cls = test_model("classifier.onnx");
  gchar *engine = g_build_filename(tmpdir, "sub", "mine.engine", NULL);
  gchar *props = g_strdup_printf("model-file=%s engine-file=%s", rgb, engine);
  run_once(props);
  fail_unless(test_log_contains("does not exist yet"));
  fail_unless(g_file_test(engine, G_FILE_TEST_EXISTS));
  GPtrArray *names = engines();
  fail_unless_equals_int(names->len, 0); /* nothing in the cache */
  g_ptr_array_unref(names);
  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("loaded engine-file"));
  g_free(props);
  props = g_strdup_printf("engine-file=%s", engine);
  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("loaded engine-file"));
  g_free(props);
  props = g_strdup_printf("model-file=%s engine-file=%s", cls, engine);
  test_log_capture_start();
  run_once(props);
  fail_unless(test_log_contains("rebuilding it from"));
  g_free(props);
  g_free(engine);
  g_free(rgb);
  g_free(cls);
}
GST_END_TEST;

/* An empty engine-cache-dir turns the cache off; without the property the
 * engine goes to $XDG_CACHE_HOME/trtinfer. */
GST_START_TEST(test_cache_locations) {
  gchar *model = test_model("identity-rgb.onnx");
  gchar *line = g_strdup_printf("trtinfer engine-cache-dir=\"\" model-file=%s", model);
  GstHarness *h = gst_harness_new_parse(line);
  gst_harness_teardown(h);
  fail_unless(test_log_contains("engine cache off"));
  GPtrArray *names = engines();
  fail_unless_equals_int(names->len, 0);
  g_ptr_array_unref(names);
  g_free(line);

  g_setenv("XDG_CACHE_HOME", tmpdir, TRUE);
  line = g_strdup_printf("trtinfer model-file=%s", model);
  h = gst_harness_new_parse(line);
  gst_harness_teardown(h);
  gchar *dir = g_build_filename(tmpdir, "trtinfer", NULL);
  fail_unless(g_file_test(dir, G_FILE_TEST_IS_DIR));
  GDir *d = g_dir_open(dir, 0, NULL);
  const gchar *name = g_dir_read_name(d);
  fail_unless(name && g_str_has_prefix(name, "identity-rgb-") &&
              g_str_has_suffix(name, ".engine"));
  g_dir_close(d);
  g_free(dir);
  g_free(line);
  g_free(model);
}
GST_END_TEST;

static Suite *trtinfer_cache_suite(void) {
  Suite *s = suite_create("trtinfer-cache");
  TCase *tc = tcase_create("general");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_built_once_then_loaded);
  tcase_add_test(tc, test_new_settings_new_engine);
  tcase_add_test(tc, test_corrupt_engine_rebuilt);
  tcase_add_test(tc, test_foreign_engine_rebuilt);
  tcase_add_test(tc, test_engine_file);
  tcase_add_test(tc, test_cache_locations);
  suite_add_tcase(s, tc);
  return s;
}

GST_CHECK_MAIN(trtinfer_cache);
