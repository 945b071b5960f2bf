/* config-file: DeepStream nvinfer-style key files, e.g.
 *
 *   [property]
 *   onnx-file=mnist.onnx
 *   model-color-format=2
 *   net-scale-factor=0.00392156862745098
 *   labelfile-path=labels.txt
 *   network-type=1
 *
 *   [class-attrs-all]
 *   pre-cluster-threshold=0.6
 *
 * nvinfer keys are mapped onto the element's properties (numbers where
 * nvinfer uses numbers); any property name is a key too, with the value
 * written as on a gst-launch line. Relative paths are relative to the
 * config file. Keys nvinfer has but trtinfer does not use are logged and
 * skipped; a bad value is an error. */
#include <string.h>

#include "gsttrtinfer.h"

#define GST_CAT_DEFAULT gst_trt_infer_debug

/* nvinfer key -> property, where the value carries over as it is. */
static const struct {
  const char *key, *property;
} renamed[] = {
    {"onnx-file", "model-file"},
    {"proto-file", "model-file"},
    {"uff-file", "model-file"},
    {"model-engine-file", "engine-file"},
    {"labelfile-path", "labels-file"},
    {"output-blob-names", "output-blobs"},
    {"uff-input-blob-name", "input-blob"},
    {"input-blob-name", "input-blob"},
    {"gie-unique-id", "unique-id"},
    {"classifier-threshold", "threshold"},
    {"pre-cluster-threshold", "threshold"},
    {"nms-iou-threshold", "nms-iou"},
};

/* nvinfer keys whose meaning trtinfer fixes itself: skipped quietly. */
static const char *const fixed_keys[] = {
    "num-detected-classes",
    "process-mode",
    "cluster-mode",
    "symmetric-padding",
    "scaling-filter",
    "scaling-compute-hw",
    "workspace-size",
    "infer-dims",
    "force-implicit-batch-dim",
    "maintain-aspect-ratio-padding",
};

static const char *const path_properties[] = {
    "model-file", "weights-file", "engine-file", "labels-file", "engine-cache-dir",
};

static gboolean in_list(const char *const *list, gsize n, const char *s) {
  for (gsize i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0) return TRUE;
  return FALSE;
}

/* Sets one property from text unless the application set it. */
static gboolean set_from_text(GstTrtInfer *self, const gchar *config, const gchar *key,
                              const gchar *property, const gchar *text, GError **error) {
  GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(self), property);
  if (!pspec) {
    GST_WARNING_OBJECT(self, "config-file %s: key %s is not used by trtinfer", config,
                       key);
    return TRUE;
  }
  if (gst_trt_infer_property_is_explicit(self, property)) {
    GST_INFO_OBJECT(self, "config-file %s: %s set on the element wins over %s=%s", config,
                    property, key, text);
    return TRUE;
  }
  gchar *resolved = NULL;
  if (in_list(path_properties, G_N_ELEMENTS(path_properties), property) && *text &&
      !g_path_is_absolute(text)) {
    gchar *dir = g_path_get_dirname(config);
    resolved = g_build_filename(dir, text, NULL);
    g_free(dir);
    text = resolved;
  }
  GValue value = G_VALUE_INIT;
  g_value_init(&value, pspec->value_type);
  gboolean ok = gst_value_deserialize(&value, text);
  if (ok && g_param_value_validate(pspec, &value)) ok = FALSE; /* out of range */
  if (ok) {
    GST_OBJECT_LOCK(self);
    self->applying_config = TRUE;
    GST_OBJECT_UNLOCK(self);
    g_object_set_property(G_OBJECT(self), property, &value);
    GST_OBJECT_LOCK(self);
    self->applying_config = FALSE;
    GST_OBJECT_UNLOCK(self);
    GST_DEBUG_OBJECT(self, "config-file %s: %s=%s", config, property, text);
  } else {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "config-file %s: bad value '%s' for %s (see gst-inspect-1.0 trtinfer, "
                "property %s, for what it takes)",
                config, text, key, property);
  }
  g_value_unset(&value);
  g_free(resolved);
  return ok;
}

/* nvinfer's numeric codes that differ from the element's enums. */
static const gchar *translate(const gchar *key, const gchar *value,
                              const gchar **property) {
  if (strcmp(key, "network-mode") == 0) {
    *property = "precision";
    return strcmp(value, "0") == 0   ? "fp32"
           : strcmp(value, "1") == 0 ? "int8"
           : strcmp(value, "2") == 0 ? "fp16"
                                     : NULL;
  }
  if (strcmp(key, "network-type") == 0) {
    *property = "network-type";
    return strcmp(value, "0") == 0     ? "detector"
           : strcmp(value, "1") == 0   ? "classifier"
           : strcmp(value, "100") == 0 ? "raw"
           : g_ascii_isdigit(value[0]) ? NULL
                                       : value;
  }
  if (strcmp(key, "maintain-aspect-ratio") == 0) {
    *property = "resize-mode";
    return strcmp(value, "1") == 0   ? "letterbox"
           : strcmp(value, "0") == 0 ? "stretch"
                                     : NULL;
  }
  return value;
}

static gboolean apply_group(GstTrtInfer *self, GKeyFile *kf, const gchar *config,
                            const gchar *group, GError **error) {
  gchar **keys = g_key_file_get_keys(kf, group, NULL, NULL);
  gboolean ok = TRUE;
  gboolean has_proto = g_key_file_has_key(kf, group, "proto-file", NULL);
  for (gchar **k = keys; ok && k && *k; k++) {
    gchar *value = g_key_file_get_value(kf, group, *k, NULL);
    g_strstrip(value);
    const gchar *property = *k;
    for (gsize i = 0; i < G_N_ELEMENTS(renamed); i++)
      if (strcmp(renamed[i].key, *k) == 0) property = renamed[i].property;
    /* nvinfer's model-file is the Caffe weights next to a proto-file. */
    if (strcmp(*k, "model-file") == 0 && has_proto) property = "weights-file";
    const gchar *text = translate(*k, value, &property);
    if (in_list(fixed_keys, G_N_ELEMENTS(fixed_keys), *k)) {
      GST_INFO_OBJECT(self, "config-file %s: %s is decided by trtinfer itself: skipped",
                      config, *k);
    } else if (!text) {
      g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                  "config-file %s: %s=%s is not supported by trtinfer (see the "
                  "element's documentation for the values it takes)",
                  config, *k, value);
      ok = FALSE;
    } else {
      ok = set_from_text(self, config, *k, property, text, error);
    }
    g_free(value);
  }
  g_strfreev(keys);
  return ok;
}

gboolean gst_trt_infer_apply_config_file(GstTrtInfer *self, const gchar *path,
                                         GError **error) {
  GKeyFile *kf = g_key_file_new();
  GError *parse_error = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &parse_error)) {
    g_set_error(error, GST_RESOURCE_ERROR,
                g_error_matches(parse_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                    ? GST_RESOURCE_ERROR_NOT_FOUND
                    : GST_RESOURCE_ERROR_SETTINGS,
                "Cannot read config-file %s: %s (a key file with a [property] group is "
                "expected)",
                path, parse_error->message);
    g_error_free(parse_error);
    g_key_file_free(kf);
    return FALSE;
  }
  if (!g_key_file_has_group(kf, "property")) {
    g_set_error(error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                "config-file %s has no [property] group: put the settings under "
                "[property], as nvinfer config files do",
                path);
    g_key_file_free(kf);
    return FALSE;
  }
  gboolean ok = apply_group(self, kf, path, "property", error);
  if (ok && g_key_file_has_group(kf, "class-attrs-all"))
    ok = apply_group(self, kf, path, "class-attrs-all", error);
  gchar **groups = g_key_file_get_groups(kf, NULL);
  for (gchar **g = groups; ok && *g; g++)
    if (strcmp(*g, "property") != 0 && strcmp(*g, "class-attrs-all") != 0)
      GST_WARNING_OBJECT(self, "config-file %s: group [%s] is not used by trtinfer", path,
                         *g);
  g_strfreev(groups);
  g_key_file_free(kf);
  return ok;
}
