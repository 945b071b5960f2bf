/* Image files and frame views: PGM/PPM in all their forms, PNG and JPEG when
 * built in, and clear failures on bad files. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "check.h"

#ifdef TRT_TEST_HAVE_PNG
#include <png.h>
#endif

static char tmpdir[] = "/tmp/trt-vision-XXXXXX";

/* Writes bytes to a new file in the test's directory; returns its path. */
static const char *write_file(const char *name, const void *data, size_t size) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fwrite(data, 1, size, f);
  fclose(f);
  return path;
}

static TrtImage *load_bytes(const char *name, const void *data, size_t size) {
  const char *path = write_file(name, data, size);
  return path ? trt_image_load(path, NULL) : NULL;
}

static void test_packed_sizes(void) {
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_RGB, 5, 3), 45);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_BGRX, 5, 3), 60);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_GRAY8, 5, 3), 15);
  /* Odd sizes round chroma up: 3x2 chroma of 5x3. */
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_NV12, 5, 3), 15 + 12);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_I420, 5, 3), 15 + 6 + 6);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_RGB, 0, 3), 0);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_RGB, 3, -1), 0);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_COUNT, 3, 3), 0);
  CHECK_INT(trt_image_packed_size(TRT_PIXEL_FORMAT_RGB, 70000, 3), 0);

  uint8_t buf[27];
  TrtImageView v;
  CHECK_INT(trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_I420, 5, 3, buf),
            TRT_STATUS_OK);
  CHECK(v.planes[1] == buf + 15 && v.planes[2] == buf + 21);
  CHECK_INT(v.strides[0], 5);
  CHECK_INT(v.strides[1], 3);
  CHECK_INT(trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_NV12, 5, 3, buf),
            TRT_STATUS_OK);
  CHECK_INT(v.strides[1], 6);
  CHECK_INT(trt_image_view_init_packed(&v, TRT_PIXEL_FORMAT_RGB, 5, 3, NULL),
            TRT_STATUS_INVALID_ARGUMENT);
}

static void test_format_names(void) {
  for (int f = 0; f < TRT_PIXEL_FORMAT_COUNT; f++) {
    TrtPixelFormat back;
    CHECK(trt_pixel_format_parse(trt_pixel_format_name((TrtPixelFormat)f), &back));
    CHECK_INT(back, f);
  }
  TrtPixelFormat f;
  CHECK(!trt_pixel_format_parse("YUY2", &f));
  CHECK(!trt_pixel_format_parse(NULL, &f));
  CHECK(trt_pixel_format_name(TRT_PIXEL_FORMAT_COUNT) == NULL);
  CHECK_INT(trt_pixel_format_nb_planes(TRT_PIXEL_FORMAT_NV12), 2);
  TrtColorFormat cf;
  CHECK(trt_color_format_parse("bgr", &cf) && cf == TRT_COLOR_FORMAT_BGR);
  CHECK(!trt_color_format_parse("BGR", &cf));
  TrtFitMode fit;
  CHECK(trt_fit_mode_parse("letterbox", &fit) && fit == TRT_FIT_LETTERBOX);
  CHECK(!trt_fit_mode_parse("crop", &fit));
}

static void test_pgm_binary(void) {
  const char pgm[] = "P5\n# a comment\n3 2\n255\n\x00\x10\x20\x30\x40\xff";
  TrtImage *img = load_bytes("a.pgm", pgm, sizeof pgm - 1);
  CHECK(img != NULL);
  if (!img) return;
  const TrtImageView *v = trt_image_get_view(img);
  CHECK_INT(v->format, TRT_PIXEL_FORMAT_GRAY8);
  CHECK_INT(v->width, 3);
  CHECK_INT(v->height, 2);
  CHECK_INT(v->planes[0][1], 0x10);
  CHECK_INT(v->planes[0][5], 0xff);
  trt_image_free(img);
}

static void test_pnm_plain_and_16bit(void) {
  /* Plain PPM with maxval 15: 15 -> 255, 5 -> 85. */
  const char ppm[] = "P3 2 1 15\n15 0 5  1 2 3\n";
  TrtImage *img = load_bytes("b.ppm", ppm, sizeof ppm - 1);
  CHECK(img != NULL);
  if (img) {
    const TrtImageView *v = trt_image_get_view(img);
    CHECK_INT(v->format, TRT_PIXEL_FORMAT_RGB);
    CHECK_INT(v->planes[0][0], 255);
    CHECK_INT(v->planes[0][2], 85);
    CHECK_INT(v->planes[0][3], 17);
    trt_image_free(img);
  }
  /* 16-bit binary PGM, big endian: 65535 -> 255, 32768 -> 128. */
  const unsigned char pgm16[] = "P5 2 1 65535\n\xff\xff\x80\x00";
  img = load_bytes("c.pgm", pgm16, sizeof pgm16 - 1);
  CHECK(img != NULL);
  if (img) {
    CHECK_INT(trt_image_get_view(img)->planes[0][0], 255);
    CHECK_INT(trt_image_get_view(img)->planes[0][1], 128);
    trt_image_free(img);
  }
}

static void test_pnm_errors(void) {
  const char truncated[] = "P5\n3 2\n255\n\x01\x02";
  CHECK(load_bytes("t.pgm", truncated, sizeof truncated - 1) == NULL);
  const char zero[] = "P5\n0 2\n255\n";
  CHECK(load_bytes("z.pgm", zero, sizeof zero - 1) == NULL);
  const char huge[] = "P6\n99999999 99999999\n255\n";
  CHECK(load_bytes("h.ppm", huge, sizeof huge - 1) == NULL);
  const char above[] = "P2 2 1 10\n3 11\n";
  CHECK(load_bytes("m.pgm", above, sizeof above - 1) == NULL);
  const char no_header[] = "P5";
  CHECK(load_bytes("n.pgm", no_header, sizeof no_header - 1) == NULL);
  const char text[] = "hello, world";
  CHECK(load_bytes("x.txt", text, sizeof text - 1) == NULL);
  CHECK(load_bytes("empty", "", 0) == NULL);
  CHECK(trt_image_load("/nonexistent/image.png", NULL) == NULL);
  CHECK(trt_image_load(NULL, NULL) == NULL);
}

static void test_mnist_digit(void) {
  const char *path = TRT_TEST_MODELS "/mnist/3.pgm";
  if (access(path, R_OK) != 0) return;
  TrtImage *img = trt_image_load(path, NULL);
  CHECK(img != NULL);
  if (!img) return;
  const TrtImageView *v = trt_image_get_view(img);
  CHECK_INT(v->width, 28);
  CHECK_INT(v->height, 28);
  CHECK_INT(v->planes[0][0], 255); /* white background */
  int dark = 0;
  for (int i = 0; i < 28 * 28; i++) dark += v->planes[0][i] < 128;
  CHECK(dark > 40 && dark < 400);
  trt_image_free(img);
}

static void test_jpeg(void) {
  const char *path = TRT_TEST_MODELS "/images/faces_4people.jpg";
  if (!trt_image_format_is_supported("jpeg") || access(path, R_OK) != 0) return;
  TrtImage *img = trt_image_load(path, NULL);
  CHECK(img != NULL);
  if (!img) return;
  const TrtImageView *v = trt_image_get_view(img);
  CHECK_INT(v->format, TRT_PIXEL_FORMAT_RGB);
  CHECK_INT(v->width, 1024);
  CHECK_INT(v->height, 484);
  trt_image_free(img);
  /* The first 600 bytes: a header, then the data ends. libjpeg fills in
   * what is missing; a header cut short must fail cleanly. */
  FILE *f = fopen(path, "rb");
  unsigned char head[64];
  size_t n = f ? fread(head, 1, sizeof head, f) : 0;
  if (f) fclose(f);
  CHECK(load_bytes("cut.jpg", head, n) == NULL);
}

#ifdef TRT_TEST_HAVE_PNG
static void test_png(void) {
  CHECK(trt_image_format_is_supported("png"));
  /* RGBA written by libpng: alpha is dropped, colour kept even where
   * transparent. */
  uint8_t rgba[2 * 2 * 4] = {10, 20, 30, 255, 40,  50,  60,  0,
                             70, 80, 90, 128, 100, 110, 120, 255};
  png_image png;
  memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  png.width = 2;
  png.height = 2;
  png.format = PNG_FORMAT_RGBA;
  char path[256];
  snprintf(path, sizeof path, "%s/rgba.png", tmpdir);
  CHECK(png_image_write_to_file(&png, path, 0, rgba, 0, NULL));
  TrtImage *img = trt_image_load(path, NULL);
  CHECK(img != NULL);
  if (img) {
    const TrtImageView *v = trt_image_get_view(img);
    CHECK_INT(v->format, TRT_PIXEL_FORMAT_RGB);
    const uint8_t want[12] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
    CHECK(memcmp(v->planes[0], want, sizeof want) == 0);
    trt_image_free(img);
  }
  uint8_t gray[3] = {0, 128, 255};
  png.width = 3;
  png.height = 1;
  png.format = PNG_FORMAT_GRAY;
  snprintf(path, sizeof path, "%s/gray.png", tmpdir);
  CHECK(png_image_write_to_file(&png, path, 0, gray, 0, NULL));
  img = trt_image_load(path, NULL);
  CHECK(img && trt_image_get_view(img)->format == TRT_PIXEL_FORMAT_GRAY8);
  if (img) CHECK(memcmp(trt_image_get_view(img)->planes[0], gray, 3) == 0);
  trt_image_free(img);
  /* A PNG signature followed by junk. */
  const unsigned char junk[] = "\x89PNG\r\n\x1a\nthis is not a png at all";
  CHECK(load_bytes("junk.png", junk, sizeof junk - 1) == NULL);
}
#else
static void test_png(void) {
  CHECK(!trt_image_format_is_supported("png"));
}
#endif

static void test_new_image(void) {
  TrtImage *img = trt_image_new(TRT_PIXEL_FORMAT_NV12, 4, 2);
  CHECK(img != NULL);
  if (img) {
    uint8_t *d = trt_image_get_data(img);
    CHECK(d[0] == 0 && d[11] == 0);
    CHECK(trt_image_get_view(img)->planes[1] == d + 8);
  }
  trt_image_free(img);
  CHECK(trt_image_new(TRT_PIXEL_FORMAT_RGB, 0, 0) == NULL);
  trt_image_free(NULL);
}

static void setup(void) {
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    exit(1);
  }
}

static void cleanup(void) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}

CHECK_MAIN(setup, test_packed_sizes, test_format_names, test_pgm_binary,
           test_pnm_plain_and_16bit, test_pnm_errors, test_mnist_digit, test_jpeg,
           test_png, test_new_image, cleanup)
