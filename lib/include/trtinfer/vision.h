/* trtinfer — images in, results out: loading images, converting frames to
 * the CHW float tensors networks take, and decoding what classifiers and
 * detectors return. Shared by the GStreamer element, the CLI and the
 * bindings, so that all of them see the same numbers for the same frame.
 *
 * Typical use:
 *
 *   TrtImage *img = trt_image_load("digit.pgm", logger);
 *   TrtPreprocessParams pp;
 *   trt_preprocess_params_init(&pp);
 *   pp.width = 28; pp.height = 28; pp.color_format = TRT_COLOR_FORMAT_GRAY;
 *   pp.scale = -1.0f / 255; pp.offsets[0] = 255;     // y = 1 - x/255
 *   trt_preprocess_image(trt_image_get_view(img), &pp, input, &map, logger);
 *   ... run the engine ...
 *   TrtClassification top[5];
 *   int n = trt_classify(output, 10, TRT_SOFTMAX_AUTO, 5, 0.0f, top);
 */
#ifndef TRTINFER_VISION_H
#define TRTINFER_VISION_H

#include <trtinfer/logger.h>
#include <trtinfer/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- frames ------------------------------------------------------------ */

/* Pixel layouts of frames, named as GStreamer names them. Packed formats
 * have one plane; NV12 has Y then interleaved UV at half resolution; I420
 * has Y, U and V planes, U and V at half resolution. */
typedef enum {
  TRT_PIXEL_FORMAT_RGB = 0,
  TRT_PIXEL_FORMAT_BGR,
  TRT_PIXEL_FORMAT_RGBA,
  TRT_PIXEL_FORMAT_BGRA,
  TRT_PIXEL_FORMAT_RGBX,
  TRT_PIXEL_FORMAT_BGRX,
  TRT_PIXEL_FORMAT_GRAY8,
  TRT_PIXEL_FORMAT_NV12,
  TRT_PIXEL_FORMAT_I420,
  TRT_PIXEL_FORMAT_COUNT
} TrtPixelFormat;

/* How YUV frames (NV12, I420) encode colour. */
typedef enum {
  TRT_YUV_BT601 = 0, /* SD video, JPEG */
  TRT_YUV_BT709 = 1  /* HD video */
} TrtYuvMatrix;

/* "RGB", "BGRx", "NV12", ... (GStreamer's names); NULL when out of range. */
TRT_API const char *trt_pixel_format_name(TrtPixelFormat format);
/* Parses those names (case-sensitive, as in caps); false on other text. */
TRT_API bool trt_pixel_format_parse(const char *text, TrtPixelFormat *format);
/* Number of planes (1, 2 for NV12, 3 for I420). */
TRT_API int trt_pixel_format_nb_planes(TrtPixelFormat format);

/* A frame in memory that someone else owns. Strides are in bytes and may be
 * larger than a row needs. YUV fields only matter for NV12 and I420. */
typedef struct {
  TrtPixelFormat format;
  int32_t width, height;
  const uint8_t *planes[3];
  int32_t strides[3];
  TrtYuvMatrix yuv_matrix;
  bool yuv_full_range; /* false: Y in 16..235, UV in 16..240 (video) */
} TrtImageView;

/* Bytes of a tightly packed frame (rows not padded, chroma rows of odd
 * sizes rounded up); 0 for a bad format or size. */
TRT_API size_t trt_image_packed_size(TrtPixelFormat format, int32_t width,
                                     int32_t height);
/* Points `view` at a tightly packed frame at `data` (BT.601, limited range
 * for YUV). INVALID_ARGUMENT for a bad format or size. */
TRT_API TrtStatus trt_image_view_init_packed(TrtImageView *view,
                                             TrtPixelFormat format,
                                             int32_t width, int32_t height,
                                             const void *data);

/* ---- images that own their pixels ---------------------------------------- */

typedef struct TrtImage TrtImage;

/* A tightly packed image, all bytes zero; NULL for a bad size. */
TRT_API TrtImage *trt_image_new(TrtPixelFormat format, int32_t width,
                                int32_t height);
/* Reads PGM (P2/P5, 8 or 16 bit) as GRAY8 and PPM (P3/P6) as RGB always;
 * PNG and JPEG when the library was built with libpng and libjpeg (gray
 * images as GRAY8, others as RGB, alpha dropped). The format is found from
 * the file's first bytes, not its name. NULL, with the reason in the log,
 * for a missing, unknown or broken file. */
TRT_API TrtImage *trt_image_load(const char *path, TrtLogger *logger);
/* Whether trt_image_load reads "pnm", "png" or "jpeg" in this build. */
TRT_API bool trt_image_format_is_supported(const char *name);
TRT_API void trt_image_free(TrtImage *image);
TRT_API const TrtImageView *trt_image_get_view(const TrtImage *image);
/* The pixels, planes one after another, to fill a new image. */
TRT_API uint8_t *trt_image_get_data(TrtImage *image);

/* ---- preprocessing: frame -> CHW float32 --------------------------------- */

/* The colour order a network expects (DeepStream's model-color-format). */
typedef enum {
  TRT_COLOR_FORMAT_RGB = 0,
  TRT_COLOR_FORMAT_BGR = 1,
  TRT_COLOR_FORMAT_GRAY = 2
} TrtColorFormat;

typedef enum {
  TRT_FIT_STRETCH = 0,  /* fill the input, aspect ratio not kept */
  TRT_FIT_LETTERBOX = 1 /* keep the aspect ratio, centre, pad the rest */
} TrtFitMode;

TRT_API const char *trt_color_format_name(TrtColorFormat format);
TRT_API bool trt_color_format_parse(const char *text, TrtColorFormat *format);
TRT_API const char *trt_fit_mode_name(TrtFitMode mode);
TRT_API bool trt_fit_mode_parse(const char *text, TrtFitMode *mode);

/* What a network wants: each output value is
 *   y = scale * (x - offsets[c])
 * where x is the pixel value (0..255) of channel c after colour conversion
 * and bilinear resizing (pixel centres aligned, as OpenCV's INTER_LINEAR). */
typedef struct {
  int32_t width, height; /* of the network input */
  TrtColorFormat color_format;
  TrtFitMode fit_mode;
  float scale;      /* DeepStream's net-scale-factor */
  float offsets[3]; /* per output channel; GRAY uses offsets[0] */
  float pad_value;  /* pixel value (before scaling) of letterbox borders */
} TrtPreprocessParams;

/* Defaults: size 0x0 (must be set), RGB, stretch, scale 1, offsets 0,
 * pad value 0. */
TRT_API void trt_preprocess_params_init(TrtPreprocessParams *params);
/* Channels of the network input for a colour format: 3, or 1 for GRAY. */
TRT_API int trt_color_format_channels(TrtColorFormat format);

/* Maps network input coordinates (pixels) back onto the frame:
 *   frame_x = net_x * scale_x + offset_x, frame_y = net_y * scale_y + offset_y */
typedef struct {
  float scale_x, scale_y;
  float offset_x, offset_y;
} TrtImageMapping;

/* Converts one frame in one pass into `chw`, which holds
 * channels * height * width floats. `mapping` (may be NULL) receives the
 * net -> frame mapping. INVALID_ARGUMENT (and a log line) for a bad view or
 * parameters; the frame is never read out of bounds. */
TRT_API TrtStatus trt_preprocess_image(const TrtImageView *image,
                                       const TrtPreprocessParams *params,
                                       float *chw, TrtImageMapping *mapping,
                                       TrtLogger *logger);
/* The same for `count` frames packed one after another (NCHW); mappings
 * (may be NULL) has `count` entries. */
TRT_API TrtStatus trt_preprocess_batch(const TrtImageView *images, int count,
                                       const TrtPreprocessParams *params,
                                       float *nchw, TrtImageMapping *mappings,
                                       TrtLogger *logger);
TRT_API void trt_image_mapping_apply(const TrtImageMapping *mapping,
                                     float net_x, float net_y, float *frame_x,
                                     float *frame_y);

/* ---- labels ---------------------------------------------------------------- */

typedef struct TrtLabels TrtLabels;

/* One label a line (blank lines count; a trailing "\r" is dropped), or
 * DeepStream's one-line form "a;b;c". NULL, with the reason in the log, when
 * the file cannot be read or holds no label. */
TRT_API TrtLabels *trt_labels_load(const char *path, TrtLogger *logger);
TRT_API void trt_labels_free(TrtLabels *labels);
TRT_API int trt_labels_count(const TrtLabels *labels);
/* The label of a class; NULL when out of range or labels is NULL. */
TRT_API const char *trt_labels_get(const TrtLabels *labels, int class_id);

/* ---- classification ----------------------------------------------------- */

typedef enum {
  TRT_SOFTMAX_AUTO = 0, /* apply it unless the scores already sum to 1 */
  TRT_SOFTMAX_ALWAYS = 1,
  TRT_SOFTMAX_NEVER = 2
} TrtSoftmaxMode;

typedef struct {
  int32_t class_id;
  float confidence;
} TrtClassification;

/* Writes the (at most) `topk` best classes with confidence >= threshold to
 * `out`, best first (ties: lower class id first), and returns how many.
 * NaN scores never win. Returns 0 for n <= 0 or topk <= 0. */
TRT_API int trt_classify(const float *scores, int n, TrtSoftmaxMode softmax,
                         int topk, float threshold, TrtClassification *out);
/* Numerically stable softmax over n values; `out` may equal `in`. */
TRT_API void trt_softmax(const float *in, int n, float *out);

/* ---- detection --------------------------------------------------------- */

typedef struct {
  int32_t class_id;
  float confidence;
  /* Corners; normalized (0..1) or in pixels depending on the caller. */
  float x1, y1, x2, y2;
} TrtDetection;

typedef struct {
  float threshold;        /* keep scores >= this */
  float nms_iou;          /* drop a box overlapping a better one of its class
                             by more than this IoU; >= 1 disables NMS */
  int32_t background_class; /* class to ignore; -1: none */
  int32_t max_detections;   /* after NMS, best first; <= 0: no limit */
} TrtDetectionParams;

/* threshold 0.5, nms_iou 0.45, background_class 0, max_detections 100. */
TRT_API void trt_detection_params_init(TrtDetectionParams *params);

/* Decodes SSD-style outputs that are already in corner form: `scores` holds
 * nb_boxes x nb_classes confidences, `boxes` nb_boxes x 4 (x1, y1, x2, y2,
 * normalized). Runs per-class NMS, sorts best first and stores at most
 * `capacity` detections in `out` (caller-owned). Returns the number stored,
 * or -1 (and a log line) on bad arguments or out of memory. */
TRT_API int trt_detect_ssd(const float *scores, const float *boxes,
                           int nb_boxes, int nb_classes,
                           const TrtDetectionParams *params, TrtDetection *out,
                           int capacity, TrtLogger *logger);
/* Intersection over union of two corner-form boxes; 0 when either is empty. */
TRT_API float trt_detection_iou(const TrtDetection *a, const TrtDetection *b);
/* Turns a detection in normalized network coordinates into frame pixels,
 * clipped to the frame. */
TRT_API void trt_detection_to_frame(TrtDetection *detection,
                                    const TrtImageMapping *mapping,
                                    int32_t net_width, int32_t net_height,
                                    int32_t frame_width, int32_t frame_height);

#ifdef __cplusplus
}
#endif
#endif
