/* Frame -> CHW float32 in one pass: each network input pixel samples the
 * frame bilinearly, converts colour to the network's format and is scaled,
 * with no intermediate image. This is the reference the element and the
 * device preprocessing are checked against. */
#include <math.h>
#include <string.h>

#include "vision-impl.h"

/* YUV -> RGB coefficients for one frame:
 *   Y' = (Y - y_offset) * y_scale, U' = (U - 128) * uv_scale, V' likewise
 *   R = Y' + rv V', G = Y' - gu U' - gv V', B = Y' + bu U' */
typedef struct {
  float y_offset, y_scale, uv_scale;
  float rv, gu, gv, bu;
} YuvCoefficients;

static YuvCoefficients yuv_coefficients(const TrtImageView *v) {
  /* From Kr and Kb of each standard (ITU-R BT.601 and BT.709). */
  float kr = v->yuv_matrix == TRT_YUV_BT709 ? 0.2126f : 0.299f;
  float kb = v->yuv_matrix == TRT_YUV_BT709 ? 0.0722f : 0.114f;
  float kg = 1.0f - kr - kb;
  YuvCoefficients c = {
    .y_offset = v->yuv_full_range ? 0.0f : 16.0f,
    .y_scale = v->yuv_full_range ? 1.0f : 255.0f / 219.0f,
    .uv_scale = v->yuv_full_range ? 1.0f : 255.0f / 224.0f,
    .rv = 2.0f * (1.0f - kr),
    .gu = 2.0f * (1.0f - kb) * kb / kg,
    .gv = 2.0f * (1.0f - kr) * kr / kg,
    .bu = 2.0f * (1.0f - kb),
  };
  return c;
}

static float clamp255(float x) { return x < 0.0f ? 0.0f : x > 255.0f ? 255.0f : x; }

/* Pixel (x, y) of the frame as values 0..255 in the network's colour order
 * (three values, or one for GRAY). Chroma of NV12/I420 is taken from the
 * 2x2 block the pixel is in. */
static void fetch(const TrtImageView *v, const YuvCoefficients *yuv,
                  TrtColorFormat cf, int x, int y, float out[3]) {
  const uint8_t *row = v->planes[0] + (size_t)y * (size_t)v->strides[0];
  const uint8_t *p;
  float r, g, b;
  switch (v->format) {
  case TRT_PIXEL_FORMAT_RGB:
  case TRT_PIXEL_FORMAT_BGR:
  case TRT_PIXEL_FORMAT_RGBA:
  case TRT_PIXEL_FORMAT_BGRA:
  case TRT_PIXEL_FORMAT_RGBX:
  case TRT_PIXEL_FORMAT_BGRX: {
    bool three = v->format == TRT_PIXEL_FORMAT_RGB || v->format == TRT_PIXEL_FORMAT_BGR;
    bool bgr = v->format == TRT_PIXEL_FORMAT_BGR || v->format == TRT_PIXEL_FORMAT_BGRA ||
               v->format == TRT_PIXEL_FORMAT_BGRX;
    p = row + (size_t)x * (three ? 3 : 4);
    r = p[bgr ? 2 : 0];
    g = p[1];
    b = p[bgr ? 0 : 2];
    break;
  }
  case TRT_PIXEL_FORMAT_GRAY8:
    r = g = b = row[x];
    if (cf == TRT_COLOR_FORMAT_GRAY) {
      out[0] = r;
      return;
    }
    break;
  default: { /* NV12, I420 */
    float u, w;
    size_t cy = (size_t)(y / 2), cx = (size_t)(x / 2);
    if (v->format == TRT_PIXEL_FORMAT_NV12) {
      p = v->planes[1] + cy * (size_t)v->strides[1] + cx * 2;
      u = p[0];
      w = p[1];
    } else {
      u = v->planes[1][cy * (size_t)v->strides[1] + cx];
      w = v->planes[2][cy * (size_t)v->strides[2] + cx];
    }
    float luma = ((float)row[x] - yuv->y_offset) * yuv->y_scale;
    if (cf == TRT_COLOR_FORMAT_GRAY) {
      out[0] = clamp255(luma);
      return;
    }
    u = (u - 128.0f) * yuv->uv_scale;
    w = (w - 128.0f) * yuv->uv_scale;
    r = clamp255(luma + yuv->rv * w);
    g = clamp255(luma - yuv->gu * u - yuv->gv * w);
    b = clamp255(luma + yuv->bu * u);
    break;
  }
  }
  switch (cf) {
  case TRT_COLOR_FORMAT_GRAY: out[0] = 0.299f * r + 0.587f * g + 0.114f * b; break;
  case TRT_COLOR_FORMAT_BGR: out[0] = b; out[1] = g; out[2] = r; break;
  default: out[0] = r; out[1] = g; out[2] = b; break;
  }
}

/* Whether every plane the format needs is there and wide enough. */
static bool view_is_valid(const TrtImageView *v) {
  int nb = trt_pixel_format_nb_planes(v->format);
  if (nb == 0 || v->width <= 0 || v->height <= 0 || v->width > TRT_IMAGE_MAX_SIDE ||
      v->height > TRT_IMAGE_MAX_SIDE)
    return false;
  int64_t cw = (v->width + 1) / 2;
  int64_t need[3] = {v->width, 0, 0};
  switch (v->format) {
  case TRT_PIXEL_FORMAT_RGB:
  case TRT_PIXEL_FORMAT_BGR: need[0] = 3 * (int64_t)v->width; break;
  case TRT_PIXEL_FORMAT_GRAY8: break;
  case TRT_PIXEL_FORMAT_NV12: need[1] = 2 * cw; break;
  case TRT_PIXEL_FORMAT_I420: need[1] = need[2] = cw; break;
  default: need[0] = 4 * (int64_t)v->width; break;
  }
  for (int i = 0; i < nb; i++)
    if (!v->planes[i] || v->strides[i] < need[i]) return false;
  return true;
}

static bool params_are_valid(const TrtPreprocessParams *p) {
  if (p->width <= 0 || p->height <= 0 || p->width > TRT_IMAGE_MAX_SIDE ||
      p->height > TRT_IMAGE_MAX_SIDE || !isfinite(p->scale) || !isfinite(p->pad_value))
    return false;
  if ((unsigned)p->color_format > TRT_COLOR_FORMAT_GRAY ||
      (unsigned)p->fit_mode > TRT_FIT_LETTERBOX)
    return false;
  for (int c = 0; c < 3; c++)
    if (!isfinite(p->offsets[c])) return false;
  return true;
}

/* Where the frame lands in the network input: a rectangle of rw x rh at
 * (pad_x, pad_y); the rest is border. */
typedef struct {
  int32_t pad_x, pad_y, rw, rh;
} Placement;

static Placement place(const TrtImageView *v, const TrtPreprocessParams *p) {
  Placement pl = {0, 0, p->width, p->height};
  if (p->fit_mode == TRT_FIT_LETTERBOX) {
    double s = fmin((double)p->width / v->width, (double)p->height / v->height);
    pl.rw = (int32_t)fmin(fmax(lround(v->width * s), 1), p->width);
    pl.rh = (int32_t)fmin(fmax(lround(v->height * s), 1), p->height);
    pl.pad_x = (p->width - pl.rw) / 2;
    pl.pad_y = (p->height - pl.rh) / 2;
  }
  return pl;
}

/* The source coordinate of output index i (half-pixel centres, clamped to
 * the frame): integer part in *i0, *i1 = next sample, fraction returned. */
static float source_coord(int32_t i, float ratio, int32_t size, int32_t *i0,
                          int32_t *i1) {
  float s = ((float)i + 0.5f) * ratio - 0.5f;
  if (s < 0.0f) s = 0.0f;
  if (s > (float)(size - 1)) s = (float)(size - 1);
  *i0 = (int32_t)s;
  *i1 = *i0 + 1 < size ? *i0 + 1 : *i0;
  return s - (float)*i0;
}

TrtStatus trt_preprocess_check(const TrtImageView *v, const TrtPreprocessParams *p,
                               TrtLogger *logger) {
  if (!v || !p || !view_is_valid(v)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "preprocess: bad frame (format %s, %dx%d): every plane needs data and a "
            "stride of at least one row",
            v ? (trt_pixel_format_name(v->format) ? trt_pixel_format_name(v->format) : "?")
              : "none",
            v ? v->width : 0, v ? v->height : 0);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  if (!params_are_valid(p)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "preprocess: bad parameters (network input %dx%d, colour format %d, resize "
            "mode %d, scale %g): sizes 1..%d and finite numbers expected",
            p->width, p->height, (int)p->color_format, (int)p->fit_mode,
            (double)p->scale, TRT_IMAGE_MAX_SIDE);
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  return TRT_STATUS_OK;
}

/* A frame of the network's size needs no resampling: the general loop
 * below would compute the same values (its bilinear weights are 0) several
 * times slower, a tenth of a small classifier's time. In a packed 8-bit
 * RGB-family format each output value is one byte of the frame, scaled. */
static bool convert_packed(const TrtImageView *v, const TrtPreprocessParams *p, float *chw) {
  int step, r, b;
  switch (v->format) {
  case TRT_PIXEL_FORMAT_RGB: step = 3, r = 0, b = 2; break;
  case TRT_PIXEL_FORMAT_BGR: step = 3, r = 2, b = 0; break;
  case TRT_PIXEL_FORMAT_RGBA:
  case TRT_PIXEL_FORMAT_RGBX: step = 4, r = 0, b = 2; break;
  case TRT_PIXEL_FORMAT_BGRA:
  case TRT_PIXEL_FORMAT_BGRX: step = 4, r = 2, b = 0; break;
  default: return false;
  }
  if (p->color_format == TRT_COLOR_FORMAT_GRAY) return false;
  const int at[3] = {p->color_format == TRT_COLOR_FORMAT_BGR ? b : r, 1,
                     p->color_format == TRT_COLOR_FORMAT_BGR ? r : b};
  const size_t plane = (size_t)p->width * (size_t)p->height;
  for (int c = 0; c < 3; c++) {
    const float scale = p->scale, offset = p->offsets[c];
    for (int32_t y = 0; y < p->height; y++) {
      const uint8_t *src = v->planes[0] + (size_t)y * (size_t)v->strides[0] + at[c];
      float *dst = chw + c * plane + (size_t)y * (size_t)p->width;
      for (int32_t x = 0; x < p->width; x++) dst[x] = scale * ((float)src[x * step] - offset);
    }
  }
  return true;
}

/* NV12 and I420 into RGB or BGR: fetch()'s arithmetic, row by row. */
static bool convert_yuv(const TrtImageView *v, const YuvCoefficients *yuv,
                        const TrtPreprocessParams *p, float *chw) {
  bool nv12 = v->format == TRT_PIXEL_FORMAT_NV12;
  if ((!nv12 && v->format != TRT_PIXEL_FORMAT_I420) || p->color_format == TRT_COLOR_FORMAT_GRAY)
    return false;
  const size_t plane = (size_t)p->width * (size_t)p->height;
  const bool bgr = p->color_format == TRT_COLOR_FORMAT_BGR;
  float *first = chw + (bgr ? 2 : 0) * plane, *second = chw + plane,
        *third = chw + (bgr ? 0 : 2) * plane; /* R, G and B planes */
  const float s = p->scale, off_r = p->offsets[bgr ? 2 : 0], off_g = p->offsets[1],
              off_b = p->offsets[bgr ? 0 : 2];
  for (int32_t y = 0; y < p->height; y++) {
    const uint8_t *luma_row = v->planes[0] + (size_t)y * (size_t)v->strides[0];
    const uint8_t *u_row = v->planes[1] + (size_t)(y / 2) * (size_t)v->strides[1];
    const uint8_t *v_row =
        nv12 ? u_row + 1 : v->planes[2] + (size_t)(y / 2) * (size_t)v->strides[2];
    const int step = nv12 ? 2 : 1;
    size_t o = (size_t)y * (size_t)p->width;
    for (int32_t x = 0; x < p->width; x++, o++) {
      float luma = ((float)luma_row[x] - yuv->y_offset) * yuv->y_scale;
      float u = ((float)u_row[(x / 2) * step] - 128.0f) * yuv->uv_scale;
      float w = ((float)v_row[(x / 2) * step] - 128.0f) * yuv->uv_scale;
      first[o] = s * (clamp255(luma + yuv->rv * w) - off_r);
      second[o] = s * (clamp255(luma - yuv->gu * u - yuv->gv * w) - off_g);
      third[o] = s * (clamp255(luma + yuv->bu * u) - off_b);
    }
  }
  return true;
}

/* Other formats: each pixel fetched once. */
static void convert_pixels(const TrtImageView *v, const YuvCoefficients *yuv,
                           const TrtPreprocessParams *p, float *chw) {
  const int channels = trt_color_format_channels(p->color_format);
  const size_t plane = (size_t)p->width * (size_t)p->height;
  for (int32_t y = 0; y < p->height; y++)
    for (int32_t x = 0; x < p->width; x++) {
      float value[3];
      float *out = chw + (size_t)y * (size_t)p->width + (size_t)x;
      fetch(v, yuv, p->color_format, x, y, value);
      for (int c = 0; c < channels; c++) out[c * plane] = p->scale * (value[c] - p->offsets[c]);
    }
}

TrtStatus trt_preprocess_image(const TrtImageView *v, const TrtPreprocessParams *p,
                               float *chw, TrtImageMapping *mapping, TrtLogger *logger) {
  if (!chw) {
    trt_log(logger, TRT_SEVERITY_ERROR, "preprocess: no output buffer");
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtStatus s = trt_preprocess_check(v, p, logger);
  if (s != TRT_STATUS_OK) return s;
  const YuvCoefficients yuv = yuv_coefficients(v);
  const Placement pl = place(v, p);
  const int channels = trt_color_format_channels(p->color_format);
  const size_t plane = (size_t)p->width * (size_t)p->height;
  const float rx = (float)v->width / (float)pl.rw, ry = (float)v->height / (float)pl.rh;
  float border[3];
  for (int c = 0; c < channels; c++) border[c] = p->scale * (p->pad_value - p->offsets[c]);

  bool converted = v->width == p->width && v->height == p->height;
  if (converted && !convert_packed(v, p, chw) && !convert_yuv(v, &yuv, p, chw))
    convert_pixels(v, &yuv, p, chw);
  for (int32_t oy = 0; !converted && oy < p->height; oy++) {
    bool row_inside = oy >= pl.pad_y && oy < pl.pad_y + pl.rh;
    int32_t y0 = 0, y1 = 0;
    float fy = row_inside ? source_coord(oy - pl.pad_y, ry, v->height, &y0, &y1) : 0.0f;
    for (int32_t ox = 0; ox < p->width; ox++) {
      float *out = chw + (size_t)oy * (size_t)p->width + (size_t)ox;
      if (!row_inside || ox < pl.pad_x || ox >= pl.pad_x + pl.rw) {
        for (int c = 0; c < channels; c++) out[c * plane] = border[c];
        continue;
      }
      int32_t x0, x1;
      float fx = source_coord(ox - pl.pad_x, rx, v->width, &x0, &x1);
      float a[3], b[3], value[3];
      fetch(v, &yuv, p->color_format, x0, y0, a);
      if (fx > 0.0f) {
        fetch(v, &yuv, p->color_format, x1, y0, b);
        for (int c = 0; c < channels; c++) a[c] += fx * (b[c] - a[c]);
      }
      memcpy(value, a, sizeof value);
      if (fy > 0.0f) {
        fetch(v, &yuv, p->color_format, x0, y1, a);
        if (fx > 0.0f) {
          fetch(v, &yuv, p->color_format, x1, y1, b);
          for (int c = 0; c < channels; c++) a[c] += fx * (b[c] - a[c]);
        }
        for (int c = 0; c < channels; c++) value[c] += fy * (a[c] - value[c]);
      }
      for (int c = 0; c < channels; c++) out[c * plane] = p->scale * (value[c] - p->offsets[c]);
    }
  }
  if (mapping) {
    mapping->scale_x = rx;
    mapping->scale_y = ry;
    mapping->offset_x = -(float)pl.pad_x * rx;
    mapping->offset_y = -(float)pl.pad_y * ry;
  }
  return TRT_STATUS_OK;
}

TrtStatus trt_preprocess_batch(const TrtImageView *images, int count,
                               const TrtPreprocessParams *p, float *nchw,
                               TrtImageMapping *mappings, TrtLogger *logger) {
  if (!images || !p || count < 0) {
    trt_log(logger, TRT_SEVERITY_ERROR, "preprocess: bad batch arguments");
    return TRT_STATUS_INVALID_ARGUMENT;
  }
  size_t item = (size_t)trt_color_format_channels(p->color_format) * (size_t)p->width *
                (size_t)p->height;
  for (int i = 0; i < count; i++) {
    TrtStatus s = trt_preprocess_image(&images[i], p, nchw + (size_t)i * item,
                                       mappings ? &mappings[i] : NULL, logger);
    if (s != TRT_STATUS_OK) return s;
  }
  return TRT_STATUS_OK;
}

void trt_image_mapping_apply(const TrtImageMapping *m, float net_x, float net_y,
                             float *frame_x, float *frame_y) {
  *frame_x = net_x * m->scale_x + m->offset_x;
  *frame_y = net_y * m->scale_y + m->offset_y;
}
