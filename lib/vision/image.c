/* Pixel formats, views of frames and images that own their pixels. */
#include <stdlib.h>
#include <string.h>

#include "vision-impl.h"

struct TrtImage {
  TrtImageView view;
  uint8_t *data;
};

static const char *const format_names[TRT_PIXEL_FORMAT_COUNT] = {
  [TRT_PIXEL_FORMAT_RGB] = "RGB",     [TRT_PIXEL_FORMAT_BGR] = "BGR",
  [TRT_PIXEL_FORMAT_RGBA] = "RGBA",   [TRT_PIXEL_FORMAT_BGRA] = "BGRA",
  [TRT_PIXEL_FORMAT_RGBX] = "RGBx",   [TRT_PIXEL_FORMAT_BGRX] = "BGRx",
  [TRT_PIXEL_FORMAT_GRAY8] = "GRAY8", [TRT_PIXEL_FORMAT_NV12] = "NV12",
  [TRT_PIXEL_FORMAT_I420] = "I420",
};

const char *trt_pixel_format_name(TrtPixelFormat format) {
  return (unsigned)format < TRT_PIXEL_FORMAT_COUNT ? format_names[format] : NULL;
}

bool trt_pixel_format_parse(const char *text, TrtPixelFormat *format) {
  for (int f = 0; text && f < TRT_PIXEL_FORMAT_COUNT; f++)
    if (strcmp(text, format_names[f]) == 0) {
      *format = (TrtPixelFormat)f;
      return true;
    }
  return false;
}

int trt_pixel_format_nb_planes(TrtPixelFormat format) {
  switch (format) {
  case TRT_PIXEL_FORMAT_NV12: return 2;
  case TRT_PIXEL_FORMAT_I420: return 3;
  default: return (unsigned)format < TRT_PIXEL_FORMAT_COUNT ? 1 : 0;
  }
}

/* Bytes a pixel takes in the first plane. */
static int bytes_per_pixel(TrtPixelFormat format) {
  switch (format) {
  case TRT_PIXEL_FORMAT_RGB:
  case TRT_PIXEL_FORMAT_BGR: return 3;
  case TRT_PIXEL_FORMAT_RGBA:
  case TRT_PIXEL_FORMAT_BGRA:
  case TRT_PIXEL_FORMAT_RGBX:
  case TRT_PIXEL_FORMAT_BGRX: return 4;
  default: return 1;
  }
}

/* Row bytes and row count of each plane of a packed frame. */
static int plane_layout(TrtPixelFormat format, int32_t w, int32_t h,
                        int32_t strides[3], int32_t rows[3]) {
  int32_t cw = (w + 1) / 2, ch = (h + 1) / 2;
  strides[0] = w * bytes_per_pixel(format);
  rows[0] = h;
  switch (format) {
  case TRT_PIXEL_FORMAT_NV12:
    strides[1] = 2 * cw;
    rows[1] = ch;
    return 2;
  case TRT_PIXEL_FORMAT_I420:
    strides[1] = strides[2] = cw;
    rows[1] = rows[2] = ch;
    return 3;
  default: return 1;
  }
}

static bool size_ok(TrtPixelFormat format, int32_t w, int32_t h) {
  return (unsigned)format < TRT_PIXEL_FORMAT_COUNT && w > 0 && h > 0 &&
         w <= TRT_IMAGE_MAX_SIDE && h <= TRT_IMAGE_MAX_SIDE;
}

size_t trt_image_packed_size(TrtPixelFormat format, int32_t w, int32_t h) {
  if (!size_ok(format, w, h)) return 0;
  int32_t strides[3], rows[3];
  int n = plane_layout(format, w, h, strides, rows);
  size_t size = 0;
  for (int p = 0; p < n; p++) size += (size_t)strides[p] * (size_t)rows[p];
  return size;
}

TrtStatus trt_image_view_init_packed(TrtImageView *view, TrtPixelFormat format,
                                     int32_t w, int32_t h, const void *data) {
  if (!view || !data || !size_ok(format, w, h)) return TRT_STATUS_INVALID_ARGUMENT;
  int32_t rows[3];
  memset(view, 0, sizeof *view);
  view->format = format;
  view->width = w;
  view->height = h;
  int n = plane_layout(format, w, h, view->strides, rows);
  const uint8_t *p = data;
  for (int i = 0; i < n; i++) {
    view->planes[i] = p;
    p += (size_t)view->strides[i] * (size_t)rows[i];
  }
  view->yuv_matrix = TRT_YUV_BT601;
  view->yuv_full_range = false;
  return TRT_STATUS_OK;
}

TrtImage *trt_image_new(TrtPixelFormat format, int32_t w, int32_t h) {
  size_t size = trt_image_packed_size(format, w, h);
  if (!size) return NULL;
  TrtImage *image = calloc(1, sizeof *image);
  if (!image) return NULL;
  image->data = calloc(size, 1);
  if (!image->data) {
    free(image);
    return NULL;
  }
  trt_image_view_init_packed(&image->view, format, w, h, image->data);
  return image;
}

void trt_image_free(TrtImage *image) {
  if (!image) return;
  free(image->data);
  free(image);
}

const TrtImageView *trt_image_get_view(const TrtImage *image) {
  return image ? &image->view : NULL;
}

uint8_t *trt_image_get_data(TrtImage *image) { return image ? image->data : NULL; }
