/* The trtinfer element: runs each video frame through a trtinfer engine and
 * attaches the results to the buffer (see gsttrtinfer.c). This header is
 * private to the plugin: applications read results through
 * gsttrtinfermeta.h, GstVideoRegionOfInterestMeta and bus messages. */
#ifndef GST_TRT_INFER_H
#define GST_TRT_INFER_H

#include <gst/base/gstbasetransform.h>
#include <gst/video/video.h>
#include <trtinfer/trtinfer.h>

G_BEGIN_DECLS

#define GST_TYPE_TRT_INFER (gst_trt_infer_get_type())
G_DECLARE_FINAL_TYPE(GstTrtInfer, gst_trt_infer, GST, TRT_INFER, GstBaseTransform)

GST_DEBUG_CATEGORY_EXTERN(gst_trt_infer_debug);

typedef enum {
  GST_TRT_INFER_NETWORK_CLASSIFIER = 0,
  GST_TRT_INFER_NETWORK_DETECTOR = 1,
  GST_TRT_INFER_NETWORK_RAW = 2
} GstTrtInferNetworkType;

/* The properties, as set by the application or the config file. */
typedef struct {
  gchar *model_file, *weights_file, *engine_file, *engine_cache_dir;
  gchar *input_blob, *output_blobs, *labels_file, *config_file, *offsets;
  TrtBackendKind backend;
  guint gpu_id;
  TrtPrecision precision;
  guint batch_size;
  gfloat net_scale_factor;
  TrtColorFormat color_format;
  TrtFitMode fit_mode;
  guint interval;
  GstTrtInferNetworkType network_type;
  gfloat threshold;
  guint topk;
  gfloat nms_iou;
  gboolean output_tensor_meta;
  guint unique_id;
} GstTrtInferSettings;

/* The engine and its buffers, from start to stop (gsttrtinfermodel.c). */
typedef struct GstTrtInferModel GstTrtInferModel;

struct _GstTrtInfer {
  GstBaseTransform parent;

  /* Guarded by the object lock. */
  GstTrtInferSettings settings;
  guint64 explicitly_set; /* bit per property set by the application */
  gboolean applying_config;

  /* Between start and stop; used by the streaming thread only. */
  TrtLogger *logger;
  gchar *last_error; /* the library's last error message, for errors */
  GstTrtInferModel *model;
  TrtLabels *labels;
  GstVideoInfo info;
  gboolean have_info;
  guint64 frame_count;
};

/* Whether the application set the property itself (the config file does
 * not override those). */
gboolean gst_trt_infer_property_is_explicit(GstTrtInfer *self, const gchar *name);

/* Reads a DeepStream nvinfer-style config file ([property] and
 * [class-attrs-all] groups) and sets the element's properties from it,
 * except those the application set itself. */
gboolean gst_trt_infer_apply_config_file(GstTrtInfer *self, const gchar *path,
                                         GError **error);

/* Builds or loads the engine the settings describe, with its context and
 * buffers. NULL and `error` set when that fails. */
GstTrtInferModel *gst_trt_infer_model_open(GstTrtInfer *self,
                                           const GstTrtInferSettings *settings,
                                           GError **error);
void gst_trt_infer_model_free(GstTrtInferModel *model);
/* Preprocesses one frame, runs it, and leaves the outputs in the model. */
TrtStatus gst_trt_infer_model_run(GstTrtInferModel *model, const TrtImageView *frame,
                                  TrtImageMapping *mapping);
const TrtPreprocessParams *gst_trt_infer_model_get_preprocess(
    const GstTrtInferModel *model);

/* An output of the last run: name, type, dims (batch of one) and data. */
typedef struct {
  const char *name;
  TrtDataType type;
  TrtDims dims;
  const void *data;
  size_t size;
} GstTrtInferOutput;

/* Outputs in the order of output-blobs, or of the engine when not given. */
int gst_trt_infer_model_nb_outputs(const GstTrtInferModel *model);
GstTrtInferOutput gst_trt_infer_model_get_output(const GstTrtInferModel *model, int i);

/* Checks the outputs fit the network type: a classifier needs a float
 * output; a detector needs "scores" [1,N,C] and "boxes" [1,N,4]. */
gboolean gst_trt_infer_results_check(const GstTrtInferModel *model,
                                     GstTrtInferNetworkType type, GError **error);
/* Decodes the last run's outputs, attaches metas to `buffer` and posts the
 * "trtinfer" element message. */
void gst_trt_infer_results_publish(GstTrtInfer *self, GstBuffer *buffer,
                                   const GstTrtInferSettings *settings,
                                   const TrtImageMapping *mapping, guint64 frame);

G_END_DECLS
#endif
