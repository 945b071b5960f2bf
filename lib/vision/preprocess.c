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

/* Output columns handled together. Their source columns are worked out
 * once per frame, and each output row's samples are gathered into small
 * arrays (one per colour, R G B order) that the conversion, blend and
 * scale loops then run over without branches, which the compiler
 * vectorizes. */
#define CHUNK 256

typedef float Samples[3][CHUNK];

/* Byte offsets, within a row, of the samples of a chunk's columns. */
typedef struct {
  int32_t luma[CHUNK];   /* plane 0 (the pixel in packed formats) */
  int32_t chroma[CHUNK]; /* the U plane of I420, the UV plane of NV12 */
  int32_t run;           /* first column when the columns are consecutive, else -1 */
} Columns;

typedef enum { SOURCE_PACKED, SOURCE_GRAY, SOURCE_YUV } SourceKind;

/* How a frame's bytes become colours. */
typedef struct {
  const TrtImageView *view;
  YuvCoefficients yuv;
  SourceKind kind;
  bool gray;            /* the network takes one channel */
  int pixel_bytes;      /* plane 0 */
  int chroma_bytes;     /* a chroma sample of plane 1: NV12 2 (U then V), I420 1 */
  int red, green, blue; /* byte of each colour in a packed pixel */
} Source;

static Source source_of(const TrtImageView *v, TrtColorFormat cf) {
  Source s = {.view = v, .yuv = yuv_coefficients(v), .gray = cf == TRT_COLOR_FORMAT_GRAY,
              .pixel_bytes = 4, .chroma_bytes = 1, .green = 1};
  bool bgr_order = false;
  switch (v->format) {
  case TRT_PIXEL_FORMAT_GRAY8: s.kind = SOURCE_GRAY, s.pixel_bytes = 1; break;
  case TRT_PIXEL_FORMAT_NV12: s.kind = SOURCE_YUV, s.pixel_bytes = 1, s.chroma_bytes = 2; break;
  case TRT_PIXEL_FORMAT_I420: s.kind = SOURCE_YUV, s.pixel_bytes = 1; break;
  case TRT_PIXEL_FORMAT_RGB: s.kind = SOURCE_PACKED, s.pixel_bytes = 3; break;
  case TRT_PIXEL_FORMAT_BGR: s.kind = SOURCE_PACKED, s.pixel_bytes = 3, bgr_order = true; break;
  case TRT_PIXEL_FORMAT_BGRA:
  case TRT_PIXEL_FORMAT_BGRX: s.kind = SOURCE_PACKED, bgr_order = true; break;
  default: s.kind = SOURCE_PACKED; break; /* RGBA, RGBX */
  }
  s.red = bgr_order ? 2 : 0;
  s.blue = bgr_order ? 0 : 2;
  return s;
}

static void columns_set(Columns *c, int i, int32_t x, const Source *s) {
  c->luma[i] = x * s->pixel_bytes;
  c->chroma[i] = x / 2 * s->chroma_bytes;
}

/* YUV bytes of n consecutive pixels from an even column: luma as it is,
 * each chroma sample for two pixels; plain loads the compiler vectorizes,
 * where the general case gathers through the column offsets. */
static inline void read_yuv_run(const uint8_t *luma, const uint8_t *u, const uint8_t *v,
                                int step, int n, float *y_out, float *u_out, float *v_out) {
  for (int i = 0; i < n; i++) y_out[i] = luma[i];
  for (int j = 0; j < n / 2; j++) {
    u_out[2 * j] = u_out[2 * j + 1] = u[j * step];
    v_out[2 * j] = v_out[2 * j + 1] = v[j * step];
  }
  if (n % 2) {
    u_out[n - 1] = u[n / 2 * step];
    v_out[n - 1] = v[n / 2 * step];
  }
}

/* Colours of row y at the chunk's columns, 0..255, into out[0..2] as R, G,
 * B, or into out[0] alone for a gray network. Chroma of NV12/I420 is taken
 * from the 2x2 block the pixel is in. */
static void sample_row(const Source *s, int32_t y, const Columns *c, int n, Samples out) {
  const TrtImageView *v = s->view;
  const uint8_t *row = v->planes[0] + (size_t)y * (size_t)v->strides[0];
  float *r = out[0], *g = out[1], *b = out[2];
  switch (s->kind) {
  case SOURCE_PACKED:
    /* Gathered even when consecutive: strided vector loads were slower. */
    for (int i = 0; i < n; i++) {
      const uint8_t *p = row + c->luma[i];
      r[i] = p[s->red];
      g[i] = p[s->green];
      b[i] = p[s->blue];
    }
    if (s->gray)
      for (int i = 0; i < n; i++) r[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
    break;
  case SOURCE_GRAY:
    for (int i = 0; i < n; i++) r[i] = row[c->luma[i]];
    if (!s->gray) {
      memcpy(g, r, (size_t)n * sizeof *r);
      memcpy(b, r, (size_t)n * sizeof *r);
    }
    break;
  case SOURCE_YUV: {
    const YuvCoefficients k = s->yuv;
    const size_t cy = (size_t)(y / 2);
    const uint8_t *u_row = v->planes[1] + cy * (size_t)v->strides[1];
    const uint8_t *v_row =
        s->chroma_bytes == 2 ? u_row + 1 : v->planes[2] + cy * (size_t)v->strides[2];
    const bool run = c->run >= 0 && c->run % 2 == 0;
    if (run && s->chroma_bytes == 2) /* the step as a constant, for the compiler */
      read_yuv_run(row + c->run, u_row + c->run, v_row + c->run, 2, n, r, g, b);
    else if (run)
      read_yuv_run(row + c->run, u_row + c->run / 2, v_row + c->run / 2, 1, n, r, g, b);
    else
      for (int i = 0; i < n; i++) {
        r[i] = row[c->luma[i]];
        g[i] = u_row[c->chroma[i]];
        b[i] = v_row[c->chroma[i]];
      }
    if (s->gray) {
      for (int i = 0; i < n; i++) r[i] = clamp255((r[i] - k.y_offset) * k.y_scale);
      break;
    }
    for (int i = 0; i < n; i++) {
      float luma = (r[i] - k.y_offset) * k.y_scale;
      float u = (g[i] - 128.0f) * k.uv_scale, w = (b[i] - 128.0f) * k.uv_scale;
      r[i] = clamp255(luma + k.rv * w);
      g[i] = clamp255(luma - k.gu * u - k.gv * w);
      b[i] = clamp255(luma + k.bu * u);
    }
    break;
  }
  }
}

/* a += f[i] * (b - a), column by column. */
static void blend_columns(Samples a, Samples b, const float *f, int channels, int n) {
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < n; i++) a[c][i] += f[i] * (b[c][i] - a[c][i]);
}

/* a += f * (b - a): row y0's samples towards row y1's. */
static void blend_rows(Samples a, Samples b, float f, int channels, int n) {
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < n; i++) a[c][i] += f * (b[c][i] - a[c][i]);
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

/* Fills what the placed frame leaves uncovered (letterbox) with border[c]. */
static void fill_border(const TrtPreprocessParams *p, const Placement *pl, const float *border,
                        int channels, float *chw) {
  const size_t plane = (size_t)p->width * (size_t)p->height;
  for (int c = 0; c < channels; c++)
    for (int32_t y = 0; y < p->height; y++) {
      float *row = chw + c * plane + (size_t)y * (size_t)p->width;
      bool inside = y >= pl->pad_y && y < pl->pad_y + pl->rh;
      int32_t left = inside ? pl->pad_x : p->width, right = inside ? pl->pad_x + pl->rw : p->width;
      for (int32_t x = 0; x < left; x++) row[x] = border[c];
      for (int32_t x = right; x < p->width; x++) row[x] = border[c];
    }
}

/* Bilinear resampling of the frame into the placement, with half-pixel
 * centres: each output value is the blend of the four frame pixels around
 * its centre, each converted to the network's colours first. A frame of the
 * network's size has weights of 0: its pixels are read once, not blended. */
static void resample(const Source *s, const TrtPreprocessParams *p, const Placement *pl,
                     float *chw) {
  const TrtImageView *v = s->view;
  const int channels = s->gray ? 1 : 3;
  const bool bgr = p->color_format == TRT_COLOR_FORMAT_BGR;
  const size_t plane = (size_t)p->width * (size_t)p->height;
  const float rx = (float)v->width / (float)pl->rw, ry = (float)v->height / (float)pl->rh;
  Columns left, right;
  float fx[CHUNK];
  Samples top, bottom, other;
  for (int32_t start = 0; start < pl->rw; start += CHUNK) {
    const int n = pl->rw - start < CHUNK ? pl->rw - start : CHUNK;
    bool blend_x = false, consecutive = true;
    int32_t first = 0;
    for (int i = 0; i < n; i++) {
      int32_t x0, x1;
      fx[i] = source_coord(start + i, rx, v->width, &x0, &x1);
      blend_x |= fx[i] > 0.0f;
      if (i == 0) first = x0;
      consecutive &= x0 == first + i;
      columns_set(&left, i, x0, s);
      columns_set(&right, i, x1, s);
    }
    left.run = consecutive ? first : -1;
    right.run = -1;
    for (int32_t oy = 0; oy < pl->rh; oy++) {
      int32_t y0, y1;
      const float fy = source_coord(oy, ry, v->height, &y0, &y1);
      sample_row(s, y0, &left, n, top);
      if (blend_x) {
        sample_row(s, y0, &right, n, other);
        blend_columns(top, other, fx, channels, n);
      }
      if (fy > 0.0f) {
        sample_row(s, y1, &left, n, bottom);
        if (blend_x) {
          sample_row(s, y1, &right, n, other);
          blend_columns(bottom, other, fx, channels, n);
        }
        blend_rows(top, bottom, fy, channels, n);
      }
      const size_t at = (size_t)(pl->pad_y + oy) * (size_t)p->width + (size_t)(pl->pad_x + start);
      for (int c = 0; c < channels; c++) {
        /* Samples are R, G, B; a BGR network takes them in reverse. */
        const int out = bgr ? 2 - c : c;
        const float scale = p->scale, offset = p->offsets[out];
        float *dst = chw + (size_t)out * plane + at;
        for (int i = 0; i < n; i++) dst[i] = scale * (top[c][i] - offset);
      }
    }
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
  const Placement pl = place(v, p);
  const int channels = trt_color_format_channels(p->color_format);
  const float rx = (float)v->width / (float)pl.rw, ry = (float)v->height / (float)pl.rh;
  float border[3];
  for (int c = 0; c < channels; c++) border[c] = p->scale * (p->pad_value - p->offsets[c]);
  const Source source = source_of(v, p->color_format);
  fill_border(p, &pl, border, channels, chw);
  resample(&source, p, &pl, chw);
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
