/* Fuzz target: the trtinfer element's config-file reader (DeepStream
 * nvinfer-style key files, gst/trtinfer/gsttrtinferconfig.c), applied to
 * a fresh element; then the element's properties are read back. A bad
 * file must give an error, never a crash. */
#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>

#include "fuzz.h"
#include "gsttrtinfer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  /* Keep GStreamer from scanning plugins and from printing warnings. */
  setenv("GST_REGISTRY_DISABLE", "yes", 0);
  setenv("GST_DEBUG", "0", 0);
  gst_init(NULL, NULL);
  return 0;
}

/* Reads every property back, as gst-inspect and applications do. */
static void read_properties(GObject *element) {
  guint n = 0;
  GParamSpec **specs = g_object_class_list_properties(G_OBJECT_GET_CLASS(element), &n);
  for (guint i = 0; i < n; i++) {
    if (!(specs[i]->flags & G_PARAM_READABLE)) continue;
    GValue v = G_VALUE_INIT;
    g_value_init(&v, specs[i]->value_type);
    g_object_get_property(element, specs[i]->name, &v);
    gchar *text = g_strdup_value_contents(&v);
    g_free(text);
    g_value_unset(&v);
  }
  g_free(specs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  int fd = fuzz_file_open(data, size, path, sizeof path);
  if (fd < 0) return 0;
  GstTrtInfer *element = g_object_ref_sink(g_object_new(GST_TYPE_TRT_INFER, NULL));
  GError *error = NULL;
  gboolean ok = gst_trt_infer_apply_config_file(element, path, &error);
  if (!ok && (!error || !error->message || !error->message[0])) {
    fprintf(stderr, "finding: the config file was refused without a message\n");
    abort();
  }
  if (ok && error) {
    fprintf(stderr, "finding: the config file was applied with an error set\n");
    abort();
  }
  g_clear_error(&error);
  read_properties(G_OBJECT(element));
  gst_object_unref(element);
  fuzz_file_close(fd);
  return 0;
}
