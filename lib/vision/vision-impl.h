/* Internals of lib/vision shared between its files. */
#ifndef TRT_VISION_IMPL_H
#define TRT_VISION_IMPL_H

#include <trtinfer/vision.h>

/* The largest width or height accepted for a frame or an image: keeps
 * every byte count of a frame well inside size_t and int64. */
#define TRT_IMAGE_MAX_SIDE 65535

/* Whether a frame and parameters can be preprocessed; logs why not. */
TrtStatus trt_preprocess_check(const TrtImageView *image,
                               const TrtPreprocessParams *params,
                               TrtLogger *logger);

/* Decoders behind trt_image_load; each logs why it failed. */
TrtImage *trt_image_decode_pnm(const uint8_t *data, size_t size,
                               const char *path, TrtLogger *logger);
#ifdef TRT_HAVE_PNG
TrtImage *trt_image_load_png(const char *path, TrtLogger *logger);
#endif
#ifdef TRT_HAVE_JPEG
TrtImage *trt_image_load_jpeg(const char *path, TrtLogger *logger);
#endif

#endif
