/* Frame -> CHW: colour conversion from every pixel format, bilinear resize
 * (stretch and letterbox), scale and offsets, strides, batches, bad input. */
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#include "check.h"

static uint32_t rng = 12345;
static uint8_t rand_byte(void) {
  rng = rng * 1664525u + 1013904223u;
  return (uint8_t)(rng >> 24);
}

static TrtPreprocessParams params(int w, int h, TrtColorFormat cf) {
  TrtPreprocessParams p;
  trt_preprocess_params_init(&p);
  p.width = w;
  p.height = h;
  p.color_format = cf;
  return p;
}

/* The same frame as I420: `nv12`'s luma, chroma from the planes u and v. */
static TrtImageView i420_like(const TrtImageView *nv12, const uint8_t *u, const uint8_t *v,
                              int stride) {
  TrtImageView i420 = *nv12;
  i420.format = TRT_PIXEL_FORMAT_I420;
  i420.planes[1] = u;
  i420.planes[2] = v;
  i420.strides[1] = i420.strides[2] = stride;
  return i420;
}

static void test_defaults(void) {
  TrtPreprocessParams p;
  trt_preprocess_params_init(&p);
  CHECK_INT(p.width, 0);
  CHECK_INT(p.color_format, TRT_COLOR_FORMAT_RGB);
  CHECK_INT(p.fit_mode, TRT_FIT_STRETCH);
  CHECK_NEAR(p.scale, 1.0, 0);
  CHECK_NEAR(p.offsets[2], 0.0, 0);
  CHECK_INT(trt_color_format_channels(TRT_COLOR_FORMAT_GRAY), 1);
  CHECK_INT(trt_color_format_channels(TRT_COLOR_FORMAT_BGR), 3);
}

/* Same size: CHW holds the pixels as they are, planes in the asked order. */
static void test_same_size_rgb_bgr(void) {
  const uint8_t px[2 * 2 * 3] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  TrtImageView v;
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_RGB, 2, 2, px);
  float out[12];
  TrtPreprocessParams p = params(2, 2, TRT_COLOR_FORMAT_RGB);
  TrtImageMapping m;
  CHECK_INT(trt_preprocess_image(&v, &p, out, &m, NULL), TRT_STATUS_OK);
  const float want_rgb[12] = {1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12};
  for (int i = 0; i < 12; i++) CHECK_NEAR(out[i], want_rgb[i], 0);
  CHECK_NEAR(m.scale_x, 1, 0);
  CHECK_NEAR(m.offset_y, 0, 0);
  p.color_format = TRT_COLOR_FORMAT_BGR;
  trt_preprocess_image(&v, &p, out, NULL, NULL);
  const float want_bgr[12] = {3, 6, 9, 12, 2, 5, 8, 11, 1, 4, 7, 10};
  for (int i = 0; i < 12; i++) CHECK_NEAR(out[i], want_bgr[i], 0);
  p.color_format = TRT_COLOR_FORMAT_GRAY;
  trt_preprocess_image(&v, &p, out, NULL, NULL);
  CHECK_NEAR(out[0], 0.299 * 1 + 0.587 * 2 + 0.114 * 3, 1e-4);
  CHECK_NEAR(out[3], 0.299 * 10 + 0.587 * 11 + 0.114 * 12, 1e-4);
}

/* The MNIST convention: scale -1/255 and offset 255 give 1 - x/255. */
static void test_scale_and_offsets(void) {
  const uint8_t px[3] = {0, 51, 255};
  TrtImageView v;
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_GRAY8, 3, 1, px);
  TrtPreprocessParams p = params(3, 1, TRT_COLOR_FORMAT_GRAY);
  p.scale = -1.0f / 255.0f;
  p.offsets[0] = 255.0f;
  float out[3];
  CHECK_INT(trt_preprocess_image(&v, &p, out, NULL, NULL), TRT_STATUS_OK);
  CHECK_NEAR(out[0], 1.0, 1e-6);
  CHECK_NEAR(out[1], 0.8, 1e-6);
  CHECK_NEAR(out[2], 0.0, 1e-6);
  /* Per-channel offsets on RGB (ImageNet-style means). */
  const uint8_t rgb[3] = {100, 100, 100};
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_RGB, 1, 1, rgb);
  p = params(1, 1, TRT_COLOR_FORMAT_RGB);
  p.scale = 0.5f;
  p.offsets[0] = 10;
  p.offsets[1] = 20;
  p.offsets[2] = 30;
  float o3[3];
  trt_preprocess_image(&v, &p, o3, NULL, NULL);
  CHECK_NEAR(o3[0], 45, 1e-6);
  CHECK_NEAR(o3[1], 40, 1e-6);
  CHECK_NEAR(o3[2], 35, 1e-6);
}

/* Half-pixel-centre bilinear, worked by hand. */
static void test_resize_by_hand(void) {
  /* 2x1 -> 4x1: source x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25. */
  const uint8_t row[2] = {0, 100};
  TrtImageView v;
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_GRAY8, 2, 1, row);
  TrtPreprocessParams p = params(4, 1, TRT_COLOR_FORMAT_GRAY);
  float out[4];
  TrtImageMapping m;
  trt_preprocess_image(&v, &p, out, &m, NULL);
  CHECK_NEAR(out[0], 0, 1e-4);
  CHECK_NEAR(out[1], 25, 1e-4);
  CHECK_NEAR(out[2], 75, 1e-4);
  CHECK_NEAR(out[3], 100, 1e-4);
  CHECK_NEAR(m.scale_x, 0.5, 1e-6);
  /* 4x4 -> 2x2: each output is the mean of a 2x2 block. */
  const uint8_t sq[16] = {0,  10, 20,  30,  40,  50,  60,  70,
                          80, 90, 100, 110, 120, 130, 140, 150};
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_GRAY8, 4, 4, sq);
  p = params(2, 2, TRT_COLOR_FORMAT_GRAY);
  trt_preprocess_image(&v, &p, out, &m, NULL);
  CHECK_NEAR(out[0], 25, 1e-4);
  CHECK_NEAR(out[1], 45, 1e-4);
  CHECK_NEAR(out[2], 105, 1e-4);
  CHECK_NEAR(out[3], 125, 1e-4);
  CHECK_NEAR(m.scale_x, 2, 1e-6);
  CHECK_NEAR(m.scale_y, 2, 1e-6);
}

/* A 4x2 frame letterboxed into 4x4: rows 0 and 3 are border. */
static void test_letterbox(void) {
  const uint8_t px[8] = {10, 20, 30, 40, 50, 60, 70, 80};
  TrtImageView v;
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_GRAY8, 4, 2, px);
  TrtPreprocessParams p = params(4, 4, TRT_COLOR_FORMAT_GRAY);
  p.fit_mode = TRT_FIT_LETTERBOX;
  p.pad_value = 114;
  p.scale = 2;
  p.offsets[0] = 4;
  float out[16];
  TrtImageMapping m;
  CHECK_INT(trt_preprocess_image(&v, &p, out, &m, NULL), TRT_STATUS_OK);
  for (int x = 0; x < 4; x++) {
    CHECK_NEAR(out[x], 2 * (114 - 4), 1e-4);
    CHECK_NEAR(out[12 + x], 2 * (114 - 4), 1e-4);
    CHECK_NEAR(out[4 + x], 2 * (px[x] - 4), 1e-4);
    CHECK_NEAR(out[8 + x], 2 * (px[4 + x] - 4), 1e-4);
  }
  CHECK_NEAR(m.scale_x, 1, 1e-6);
  CHECK_NEAR(m.scale_y, 1, 1e-6);
  CHECK_NEAR(m.offset_y, -1, 1e-6);
  float fx, fy;
  trt_image_mapping_apply(&m, 2, 3, &fx, &fy);
  CHECK_NEAR(fx, 2, 1e-6);
  CHECK_NEAR(fy, 2, 1e-6);
  /* A tall 2x8 frame into 4x4: content 1x4, centred at x = 1. */
  uint8_t tall[16];
  memset(tall, 200, sizeof tall);
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_GRAY8, 2, 8, tall);
  p.scale = 1;
  p.offsets[0] = 0;
  trt_preprocess_image(&v, &p, out, &m, NULL);
  CHECK_NEAR(out[0], 114, 1e-4);
  CHECK_NEAR(out[1], 200, 1e-4);
  CHECK_NEAR(out[2], 114, 1e-4);
  CHECK_NEAR(m.scale_x, 2, 1e-6);
  CHECK_NEAR(m.scale_y, 2, 1e-6);
  CHECK_NEAR(m.offset_x, -2, 1e-6);
}

/* Independent bilinear reference on an RGB frame (double precision). */
static void reference_rgb(const uint8_t *rgb, int w, int h, int ow, int oh, float *chw) {
  for (int y = 0; y < oh; y++)
    for (int x = 0; x < ow; x++) {
      double sx = (x + 0.5) * w / ow - 0.5, sy = (y + 0.5) * h / oh - 0.5;
      sx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
      sy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
      int x0 = (int)sx, y0 = (int)sy;
      int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
      double fx = sx - x0, fy = sy - y0;
      for (int c = 0; c < 3; c++) {
        double a = rgb[(y0 * w + x0) * 3 + c], b = rgb[(y0 * w + x1) * 3 + c];
        double d = rgb[(y1 * w + x0) * 3 + c], e = rgb[(y1 * w + x1) * 3 + c];
        double top = a + fx * (b - a), bottom = d + fx * (e - d);
        chw[(c * oh + y) * ow + x] = (float)(top + fy * (bottom - top));
      }
    }
}

/* Packed formats with padded strides: garbage in the padding must not show. */
static void packed_formats_against_reference(int ow, int oh) {
  const int w = 7, h = 5;
  uint8_t rgb[7 * 5 * 3];
  for (size_t i = 0; i < sizeof rgb; i++) rgb[i] = rand_byte();
  float want[3 * 7 * 6], got[3 * 7 * 6];
  reference_rgb(rgb, w, h, ow, oh, want);
  const TrtPixelFormat formats[] = {TRT_PIXEL_FORMAT_RGB,  TRT_PIXEL_FORMAT_BGR,
                                    TRT_PIXEL_FORMAT_RGBA, TRT_PIXEL_FORMAT_BGRA,
                                    TRT_PIXEL_FORMAT_RGBX, TRT_PIXEL_FORMAT_BGRX};
  for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
    int bpp = f < 2 ? 3 : 4;
    bool bgr = f % 2 == 1;
    int stride = w * bpp + 5;
    uint8_t *frame = malloc((size_t)stride * h);
    memset(frame, 0xab, (size_t)stride * h);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        const uint8_t *s = rgb + (y * w + x) * 3;
        uint8_t *d = frame + y * stride + x * bpp;
        d[0] = bgr ? s[2] : s[0];
        d[1] = s[1];
        d[2] = bgr ? s[0] : s[2];
        if (bpp == 4) d[3] = rand_byte();
      }
    TrtImageView v = {.format = formats[f],
                      .width = w,
                      .height = h,
                      .planes = {frame},
                      .strides = {stride}};
    TrtPreprocessParams p = params(ow, oh, TRT_COLOR_FORMAT_RGB);
    CHECK_INT(trt_preprocess_image(&v, &p, got, NULL, NULL), TRT_STATUS_OK);
    double worst = 0;
    for (int i = 0; i < 3 * ow * oh; i++)
      worst = fmax(worst, fabs((double)got[i] - want[i]));
    CHECK_NEAR(worst, 0, 1e-3);
    free(frame);
  }
}

/* Resized, and at the frame's size (the path that reads each pixel once). */
static void test_packed_formats_against_reference(void) {
  packed_formats_against_reference(4, 6);
  packed_formats_against_reference(7, 5);
}

/* GRAY8 frames into an RGB model: the value repeated on the three planes. */
static void test_gray_frame_to_rgb(void) {
  const uint8_t px[2] = {7, 200};
  TrtImageView v;
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_GRAY8, 2, 1, px);
  TrtPreprocessParams p = params(2, 1, TRT_COLOR_FORMAT_BGR);
  float out[6];
  trt_preprocess_image(&v, &p, out, NULL, NULL);
  const float want[6] = {7, 200, 7, 200, 7, 200};
  for (int i = 0; i < 6; i++) CHECK_NEAR(out[i], want[i], 0);
}

/* YUV -> RGB with the usual published constants (BT.601 and BT.709,
 * limited range), for pixel (x, y) of planes y, u, v. */
static void yuv_reference(int yv, int u, int v, bool bt709, bool full, double rgb[3]) {
  double Y = full ? yv : (yv - 16) * 255.0 / 219.0;
  double U = full ? u - 128 : (u - 128) * 255.0 / 224.0;
  double V = full ? v - 128 : (v - 128) * 255.0 / 224.0;
  double r, g, b;
  if (bt709) {
    r = Y + 1.5748 * V;
    g = Y - 0.187324 * U - 0.468124 * V;
    b = Y + 1.8556 * U;
  } else {
    r = Y + 1.402 * V;
    g = Y - 0.344136 * U - 0.714136 * V;
    b = Y + 1.772 * U;
  }
  rgb[0] = r < 0 ? 0 : r > 255 ? 255 : r;
  rgb[1] = g < 0 ? 0 : g > 255 ? 255 : g;
  rgb[2] = b < 0 ? 0 : b > 255 ? 255 : b;
}

/* NV12 and I420 at odd sizes with padded strides, same size as the network
 * so every output pixel is one frame pixel. */
static void test_yuv_formats(void) {
  const int w = 5, h = 3, cw = 3, ch = 2;
  uint8_t Y[5 * 3], U[3 * 2], V[3 * 2];
  for (int i = 0; i < w * h; i++) Y[i] = rand_byte();
  for (int i = 0; i < cw * ch; i++) {
    U[i] = rand_byte();
    V[i] = rand_byte();
  }
  for (int variant = 0; variant < 4; variant++) {
    bool bt709 = variant & 1, full = variant & 2;
    int ys = 8, nv_s = 2 * cw + 2, cs = cw + 3;
    uint8_t y_plane[8 * 3], uv[8 * 2], u_plane[6 * 2], v_plane[6 * 2];
    memset(y_plane, 0xee, sizeof y_plane);
    memset(uv, 0xee, sizeof uv);
    memset(u_plane, 0xee, sizeof u_plane);
    memset(v_plane, 0xee, sizeof v_plane);
    for (int y = 0; y < h; y++) memcpy(y_plane + y * ys, Y + y * w, (size_t)w);
    for (int y = 0; y < ch; y++)
      for (int x = 0; x < cw; x++) {
        uv[y * nv_s + 2 * x] = U[y * cw + x];
        uv[y * nv_s + 2 * x + 1] = V[y * cw + x];
        u_plane[y * cs + x] = U[y * cw + x];
        v_plane[y * cs + x] = V[y * cw + x];
      }
    TrtImageView nv12 = {.format = TRT_PIXEL_FORMAT_NV12,
                         .width = w,
                         .height = h,
                         .planes = {y_plane, uv},
                         .strides = {ys, nv_s},
                         .yuv_matrix = bt709 ? TRT_YUV_BT709 : TRT_YUV_BT601,
                         .yuv_full_range = full};
    TrtImageView i420 = i420_like(&nv12, u_plane, v_plane, cs);
    TrtPreprocessParams p = params(w, h, TRT_COLOR_FORMAT_RGB);
    float a[3 * 15], b[3 * 15], gray[15], bgr[3 * 15];
    CHECK_INT(trt_preprocess_image(&nv12, &p, a, NULL, NULL), TRT_STATUS_OK);
    CHECK_INT(trt_preprocess_image(&i420, &p, b, NULL, NULL), TRT_STATUS_OK);
    /* BGR planes, each with its own offset, scaled. */
    const float offsets[3] = {1, 2, 3};
    p.color_format = TRT_COLOR_FORMAT_BGR;
    p.scale = 0.5f;
    memcpy(p.offsets, offsets, sizeof offsets);
    CHECK_INT(trt_preprocess_image(&nv12, &p, bgr, NULL, NULL), TRT_STATUS_OK);
    p = params(w, h, TRT_COLOR_FORMAT_RGB);
    p.color_format = TRT_COLOR_FORMAT_GRAY;
    CHECK_INT(trt_preprocess_image(&i420, &p, gray, NULL, NULL), TRT_STATUS_OK);
    double worst = 0, worst_gray = 0;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        double want[3];
        int ci = (y / 2) * cw + x / 2;
        yuv_reference(Y[y * w + x], U[ci], V[ci], bt709, full, want);
        for (int c = 0; c < 3; c++) {
          worst = fmax(worst, fabs(a[(c * h + y) * w + x] - want[c]));
          worst = fmax(worst, fabs(b[(c * h + y) * w + x] - want[c]));
          worst = fmax(worst, fabs(bgr[(c * h + y) * w + x] - 0.5 * (want[2 - c] - offsets[c])));
        }
        double luma = full ? Y[y * w + x] : (Y[y * w + x] - 16) * 255.0 / 219.0;
        luma = luma < 0 ? 0 : luma > 255 ? 255 : luma;
        worst_gray = fmax(worst_gray, fabs(gray[y * w + x] - luma));
      }
    CHECK_NEAR(worst, 0, 0.01);
    CHECK_NEAR(worst_gray, 0, 1e-3);
  }
}

/* NV12 and I420 resized (stretch and letterbox) against the bilinear
 * reference over each frame pixel's RGB, and the gray network's luma. */
static void yuv_resized(int ow, int oh, TrtFitMode fit) {
  enum { W = 9, H = 7, CW = 5, CH = 4, YS = 12, CS = 7 };
  uint8_t y_plane[YS * H], uv[2 * CS * CH], u_plane[CS * CH], v_plane[CS * CH];
  for (size_t i = 0; i < sizeof y_plane; i++) y_plane[i] = rand_byte();
  for (size_t i = 0; i < sizeof u_plane; i++) {
    u_plane[i] = rand_byte();
    v_plane[i] = rand_byte();
  }
  for (int y = 0; y < CH; y++)
    for (int x = 0; x < CS; x++) {
      uv[y * 2 * CS + 2 * x] = u_plane[y * CS + x];
      uv[y * 2 * CS + 2 * x + 1] = v_plane[y * CS + x];
    }
  /* The frame as RGB bytes would lose the fractions: keep doubles, and
   * resample them with the packed formats' reference, one channel a time. */
  double rgb[3][H][W], gray[H][W];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      double px[3];
      int ci = (y / 2) * CS + x / 2;
      yuv_reference(y_plane[y * YS + x], u_plane[ci], v_plane[ci], false, false, px);
      for (int c = 0; c < 3; c++) rgb[c][y][x] = px[c];
      double luma = (y_plane[y * YS + x] - 16) * 255.0 / 219.0;
      gray[y][x] = luma < 0 ? 0 : luma > 255 ? 255 : luma;
    }
  TrtImageView nv12 = {.format = TRT_PIXEL_FORMAT_NV12,
                       .width = W,
                       .height = H,
                       .planes = {y_plane, uv},
                       .strides = {YS, 2 * CS}};
  TrtImageView i420 = i420_like(&nv12, u_plane, v_plane, CS);
  TrtPreprocessParams p = params(ow, oh, TRT_COLOR_FORMAT_RGB);
  p.fit_mode = fit;
  p.pad_value = 114;
  float a[3 * 64], b[3 * 64], g[64];
  TrtImageMapping m;
  CHECK_INT(trt_preprocess_image(&nv12, &p, a, &m, NULL), TRT_STATUS_OK);
  CHECK_INT(trt_preprocess_image(&i420, &p, b, NULL, NULL), TRT_STATUS_OK);
  p.color_format = TRT_COLOR_FORMAT_GRAY;
  CHECK_INT(trt_preprocess_image(&nv12, &p, g, NULL, NULL), TRT_STATUS_OK);
  /* The placed rectangle, from the mapping: frame x = net x * scale + offset. */
  int pad_x = (int)(-m.offset_x / m.scale_x + 0.5), pad_y = (int)(-m.offset_y / m.scale_y + 0.5);
  int rw = (int)(W / m.scale_x + 0.5), rh = (int)(H / m.scale_y + 0.5);
  double worst = 0, worst_border = 0;
  for (int y = 0; y < oh; y++)
    for (int x = 0; x < ow; x++) {
      int at = y * ow + x;
      if (x < pad_x || x >= pad_x + rw || y < pad_y || y >= pad_y + rh) {
        for (int c = 0; c < 3; c++)
          worst_border = fmax(worst_border, fabs(a[c * oh * ow + at] - 114));
        continue;
      }
      double sx = (x - pad_x + 0.5) * W / rw - 0.5, sy = (y - pad_y + 0.5) * H / rh - 0.5;
      sx = sx < 0 ? 0 : sx > W - 1 ? W - 1 : sx;
      sy = sy < 0 ? 0 : sy > H - 1 ? H - 1 : sy;
      int x0 = (int)sx, y0 = (int)sy, x1 = x0 + 1 < W ? x0 + 1 : x0, y1 = y0 + 1 < H ? y0 + 1 : y0;
      double fx = sx - x0, fy = sy - y0;
      for (int c = 0; c <= 3; c++) {
        double(*src)[W] = c < 3 ? rgb[c] : gray;
        double top = src[y0][x0] + fx * (src[y0][x1] - src[y0][x0]);
        double bottom = src[y1][x0] + fx * (src[y1][x1] - src[y1][x0]);
        double want = top + fy * (bottom - top);
        if (c < 3) {
          worst = fmax(worst, fabs(a[c * oh * ow + at] - want));
          worst = fmax(worst, fabs(b[c * oh * ow + at] - want));
        } else {
          worst = fmax(worst, fabs(g[at] - want));
        }
      }
    }
  CHECK_NEAR(worst, 0, 0.01);
  CHECK_NEAR(worst_border, 0, 1e-4);
}

static void test_yuv_resized(void) {
  yuv_resized(4, 3, TRT_FIT_STRETCH);   /* down */
  yuv_resized(8, 8, TRT_FIT_STRETCH);   /* across: wider, shorter */
  yuv_resized(8, 8, TRT_FIT_LETTERBOX); /* bands above and below */
}

static void test_batch(void) {
  const uint8_t a[1] = {10}, b[1] = {20};
  TrtImageView views[2];
  trt_image_view_init_packed(&views[0], TRT_PIXEL_FORMAT_GRAY8, 1, 1, a);
  trt_image_view_init_packed(&views[1], TRT_PIXEL_FORMAT_GRAY8, 1, 1, b);
  TrtPreprocessParams p = params(2, 1, TRT_COLOR_FORMAT_RGB);
  float out[12];
  TrtImageMapping maps[2];
  CHECK_INT(trt_preprocess_batch(views, 2, &p, out, maps, NULL), TRT_STATUS_OK);
  CHECK_NEAR(out[5], 10, 0);
  CHECK_NEAR(out[6], 20, 0);
  CHECK_NEAR(out[11], 20, 0);
  CHECK_NEAR(maps[1].scale_x, 0.5, 1e-6);
  CHECK_INT(trt_preprocess_batch(views, 0, &p, out, NULL, NULL), TRT_STATUS_OK);
  CHECK_INT(trt_preprocess_batch(NULL, 1, &p, out, NULL, NULL),
            TRT_STATUS_INVALID_ARGUMENT);
}

static void test_bad_arguments(void) {
  uint8_t px[16] = {0};
  float out[64];
  TrtImageView v;
  trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_RGB, 2, 2, px);
  TrtPreprocessParams p = params(2, 2, TRT_COLOR_FORMAT_RGB);
  TrtLogger *quiet = trt_logger_new_console(TRT_SEVERITY_INTERNAL_ERROR);
  TrtImageView bad = v;
  bad.strides[0] = 5; /* shorter than a row of 2 RGB pixels */
  CHECK_INT(trt_preprocess_image(&bad, &p, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  bad = v;
  bad.planes[0] = NULL;
  CHECK_INT(trt_preprocess_image(&bad, &p, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  bad = v;
  bad.format = TRT_PIXEL_FORMAT_NV12; /* needs a second plane */
  bad.strides[0] = 2;
  CHECK_INT(trt_preprocess_image(&bad, &p, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  bad = v;
  bad.width = 0;
  CHECK_INT(trt_preprocess_image(&bad, &p, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  TrtPreprocessParams badp = p;
  badp.width = 0;
  CHECK_INT(trt_preprocess_image(&v, &badp, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  badp = p;
  badp.scale = NAN;
  CHECK_INT(trt_preprocess_image(&v, &badp, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  badp = p;
  badp.color_format = (TrtColorFormat)7;
  CHECK_INT(trt_preprocess_image(&v, &badp, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  CHECK_INT(trt_preprocess_image(NULL, &p, out, NULL, quiet),
            TRT_STATUS_INVALID_ARGUMENT);
  trt_logger_free(quiet);
}

CHECK_MAIN(test_defaults, test_same_size_rgb_bgr, test_scale_and_offsets,
           test_resize_by_hand, test_letterbox, test_packed_formats_against_reference,
           test_gray_frame_to_rgb, test_yuv_formats, test_yuv_resized, test_batch,
           test_bad_arguments)
