/* GstTrtInferMeta: what the trtinfer element found in a frame.
 *
 * One meta per trtinfer element a buffer went through (told apart by
 * model_id). It holds the classifications (class id, label, confidence),
 * optionally the raw output tensors, and the mapping from network input
 * coordinates back to frame pixels. Detections are attached separately as
 * GstVideoRegionOfInterestMeta with a "trtinfer/detection" GstStructure
 * parameter (class-id, label, confidence).
 *
 * Link with pkg-config's gsttrtinfermeta-1.0 and read it with:
 *
 *   GstTrtInferMeta *meta = gst_buffer_get_trt_infer_meta (buffer);
 *   for (guint i = 0; meta && i < meta->classifications->len; i++) {
 *     GstTrtInferClassification *c =
 *         &g_array_index (meta->classifications, GstTrtInferClassification, i);
 *     g_print ("%s %.3f\n", c->label, c->confidence);
 *   }
 *
 * The meta is tagged "video" and "size": elements that scale frames
 * (videoscale) call its transform function, which keeps the mapping
 * pointing at the right pixels.
 */
#ifndef GST_TRT_INFER_META_H
#define GST_TRT_INFER_META_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* Element types of raw tensors; the same numbers as trtinfer's TrtDataType. */
typedef enum {
  GST_TRT_INFER_TENSOR_FLOAT32 = 0,
  GST_TRT_INFER_TENSOR_FLOAT16 = 1,
  GST_TRT_INFER_TENSOR_INT8 = 2,
  GST_TRT_INFER_TENSOR_UINT8 = 3,
  GST_TRT_INFER_TENSOR_INT32 = 4,
  GST_TRT_INFER_TENSOR_INT64 = 5,
  GST_TRT_INFER_TENSOR_BOOL = 6
} GstTrtInferTensorType;

#define GST_TRT_INFER_MAX_DIMS 8

typedef struct {
  gint class_id;
  gfloat confidence;
  gchar *label; /* the labels file's text, or the class id as text */
} GstTrtInferClassification;

/* An output tensor as the network made it (batch of one). */
typedef struct {
  gchar *name;
  GstTrtInferTensorType type;
  guint nb_dims;
  gint64 dims[GST_TRT_INFER_MAX_DIMS];
  GBytes *data; /* row-major, nb of elements * element size bytes */
} GstTrtInferTensor;

typedef struct {
  GstMeta meta;
  guint model_id;
  GArray *classifications; /* GstTrtInferClassification, best first */
  GPtrArray *tensors;      /* GstTrtInferTensor *, empty unless asked for */
  /* Network input size, and where network input pixels are in the frame:
   * frame_x = net_x * scale_x + offset_x (likewise for y). */
  gint net_width, net_height;
  gfloat scale_x, scale_y, offset_x, offset_y;
} GstTrtInferMeta;

GType gst_trt_infer_meta_api_get_type(void);
#define GST_TRT_INFER_META_API_TYPE (gst_trt_infer_meta_api_get_type())
const GstMetaInfo *gst_trt_infer_meta_get_info(void);
#define GST_TRT_INFER_META_INFO (gst_trt_infer_meta_get_info())

/* The first GstTrtInferMeta of a buffer, or NULL. */
#define gst_buffer_get_trt_infer_meta(b) \
  ((GstTrtInferMeta *)gst_buffer_get_meta((b), GST_TRT_INFER_META_API_TYPE))
/* The meta of the element with this model id, or NULL. */
GstTrtInferMeta *gst_buffer_get_trt_infer_meta_for_model(GstBuffer *buffer,
                                                         guint model_id);
/* A new, empty meta; scale 1 and offset 0 until set. */
GstTrtInferMeta *gst_buffer_add_trt_infer_meta(GstBuffer *buffer, guint model_id);

/* Appends a classification (label copied; NULL becomes the class id). */
void gst_trt_infer_meta_add_classification(GstTrtInferMeta *meta, gint class_id,
                                           const gchar *label, gfloat confidence);
/* Appends a tensor; the data is referenced, not copied. */
void gst_trt_infer_meta_add_tensor(GstTrtInferMeta *meta, const gchar *name,
                                   GstTrtInferTensorType type, const gint64 *dims,
                                   guint nb_dims, GBytes *data);
/* The tensor of that name, or NULL. */
const GstTrtInferTensor *gst_trt_infer_meta_get_tensor(GstTrtInferMeta *meta,
                                                       const gchar *name);
/* Network input coordinates -> frame pixels. */
void gst_trt_infer_meta_map_point(const GstTrtInferMeta *meta, gfloat net_x, gfloat net_y,
                                  gfloat *frame_x, gfloat *frame_y);
/* Size of one element of a tensor type in bytes (0 for an unknown type). */
gsize gst_trt_infer_tensor_type_size(GstTrtInferTensorType type);

/* The name of the GstStructure on detection region-of-interest metas. */
#define GST_TRT_INFER_DETECTION_STRUCTURE "trtinfer/detection"

G_END_DECLS
#endif
