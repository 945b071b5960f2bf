/* PNG images through libpng's simplified API. */
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "vision-impl.h"

TrtImage *trt_image_load_png(const char *path, TrtLogger *logger) {
  png_image png;
  memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: bad PNG: %s", path, png.message);
    return NULL;
  }
  bool color = png.format & PNG_FORMAT_FLAG_COLOR;
  bool alpha = png.format & PNG_FORMAT_FLAG_ALPHA;
  /* Read alpha when there is one and drop it below, so that transparent
   * pixels keep their colour rather than being blended onto some background. */
  png.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
                     : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
  if (png.width == 0 || png.height == 0 || png.width > TRT_IMAGE_MAX_SIDE ||
      png.height > TRT_IMAGE_MAX_SIDE) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: PNG of %ux%u pixels: sides of 1..%d expected",
            path, png.width, png.height, TRT_IMAGE_MAX_SIDE);
    png_image_free(&png);
    return NULL;
  }
  size_t channels = PNG_IMAGE_PIXEL_CHANNELS(png.format);
  size_t pixels = (size_t)png.width * png.height;
  uint8_t *buf = malloc(pixels * channels);
  TrtImage *image = trt_image_new(color ? TRT_PIXEL_FORMAT_RGB : TRT_PIXEL_FORMAT_GRAY8,
                                  (int32_t)png.width, (int32_t)png.height);
  if (!buf || !image) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: out of memory for a %ux%u image", path,
            png.width, png.height);
    png_image_free(&png);
    free(buf);
    trt_image_free(image);
    return NULL;
  }
  if (!png_image_finish_read(&png, NULL, buf, 0, NULL)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: bad PNG: %s", path, png.message);
    png_image_free(&png);
    free(buf);
    trt_image_free(image);
    return NULL;
  }
  size_t keep = color ? 3 : 1;
  uint8_t *out = trt_image_get_data(image);
  for (size_t i = 0; i < pixels; i++) memcpy(out + i * keep, buf + i * channels, keep);
  free(buf);
  return image;
}
