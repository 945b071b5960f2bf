/* The trtinfer plugin: the trtinfer element and its overlay. */
#include <gst/gst.h>

#include "gsttrtinfer.h"
#include "gsttrtoverlay.h"

static gboolean plugin_init(GstPlugin *plugin) {
  GST_DEBUG_CATEGORY_INIT(gst_trt_infer_debug, "trtinfer", 0,
                          "trtinfer element and the trtinfer library's log");
  return gst_element_register(plugin, "trtinfer", GST_RANK_NONE, GST_TYPE_TRT_INFER) &&
         gst_element_register(plugin, "trtoverlay", GST_RANK_NONE, GST_TYPE_TRT_OVERLAY);
}

GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, trtinfer,
                  "Inference with trtinfer engines in video pipelines", plugin_init,
                  TRT_PLUGIN_VERSION, "MIT", "trtinfer",
                  "https://github.com/trtinfer/trtinfer")
