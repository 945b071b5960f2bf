/* PGM and PPM (netpbm) images, binary and plain text, 8 or 16 bits. */
#include <stdlib.h>
#include <string.h>

#include "vision-impl.h"

typedef struct {
  const uint8_t *data;
  size_t size, pos;
} Reader;

static bool is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Skips whitespace and '#' comments (which run to the end of the line). */
static void skip_space(Reader *r) {
  while (r->pos < r->size) {
    uint8_t c = r->data[r->pos];
    if (c == '#') {
      while (r->pos < r->size && r->data[r->pos] != '\n') r->pos++;
    } else if (is_space(c)) {
      r->pos++;
    } else {
      break;
    }
  }
}

/* A decimal number of at most `max`; false when absent or too large. */
static bool read_number(Reader *r, uint32_t max, uint32_t *value) {
  skip_space(r);
  uint64_t v = 0;
  size_t start = r->pos;
  while (r->pos < r->size && r->data[r->pos] >= '0' && r->data[r->pos] <= '9') {
    v = v * 10 + (uint64_t)(r->data[r->pos++] - '0');
    if (v > max) return false;
  }
  *value = (uint32_t)v;
  return r->pos > start;
}

/* A sample of `maxval` scale brought to 0..255, rounded. */
static uint8_t to_byte(uint32_t v, uint32_t maxval) {
  if (v > maxval) v = maxval;
  return maxval == 255 ? (uint8_t)v : (uint8_t)((v * 255u + maxval / 2) / maxval);
}

TrtImage *trt_image_decode_pnm(const uint8_t *data, size_t size,
                               const char *path, TrtLogger *logger) {
  Reader r = {data, size, 2};
  char kind = size >= 2 ? (char)data[1] : 0;
  bool plain = kind == '2' || kind == '3';
  bool color = kind == '3' || kind == '6';
  uint32_t width, height, maxval;
  if (size < 2 || data[0] != 'P' || !kind || !strchr("2356", kind)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: not a PGM or PPM file", path);
    return NULL;
  }
  if (!read_number(&r, TRT_IMAGE_MAX_SIDE, &width) ||
      !read_number(&r, TRT_IMAGE_MAX_SIDE, &height) ||
      !read_number(&r, 65535, &maxval) || width == 0 || height == 0 || maxval == 0) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: bad PGM/PPM header (width and height 1..%d and maxval 1..65535 "
            "expected)", path, TRT_IMAGE_MAX_SIDE);
    return NULL;
  }
  /* Binary samples start after exactly one whitespace byte. */
  if (!plain) {
    if (r.pos >= size || !is_space(data[r.pos])) {
      trt_log(logger, TRT_SEVERITY_ERROR, "%s: truncated PGM/PPM header", path);
      return NULL;
    }
    r.pos++;
  }
  int channels = color ? 3 : 1;
  size_t samples = (size_t)width * height * (size_t)channels;
  size_t sample_bytes = maxval > 255 ? 2 : 1;
  if (!plain && size - r.pos < samples * sample_bytes) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: truncated: %zu bytes of pixels for a %ux%u image that needs %zu",
            path, size - r.pos, width, height, samples * sample_bytes);
    return NULL;
  }
  TrtImage *image = trt_image_new(color ? TRT_PIXEL_FORMAT_RGB : TRT_PIXEL_FORMAT_GRAY8,
                                  (int32_t)width, (int32_t)height);
  if (!image) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: out of memory for a %ux%u image", path,
            width, height);
    return NULL;
  }
  uint8_t *out = trt_image_get_data(image);
  for (size_t i = 0; i < samples; i++) {
    uint32_t v;
    if (plain) {
      if (!read_number(&r, maxval, &v)) {
        trt_log(logger, TRT_SEVERITY_ERROR,
                "%s: sample %zu of %zu is missing or above maxval %u", path, i,
                samples, maxval);
        trt_image_free(image);
        return NULL;
      }
    } else if (sample_bytes == 2) {
      v = (uint32_t)data[r.pos] << 8 | data[r.pos + 1];
      r.pos += 2;
    } else {
      v = data[r.pos++];
    }
    out[i] = to_byte(v, maxval);
  }
  return image;
}
