/* JPEG images through libjpeg, with errors returned rather than exit(). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "vision-impl.h"

typedef struct {
  struct jpeg_error_mgr base;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} ErrorManager;

static void on_error(j_common_ptr cinfo) {
  ErrorManager *err = (ErrorManager *)cinfo->err;
  err->base.format_message(cinfo, err->message);
  longjmp(err->jump, 1);
}

/* libjpeg's warnings (corrupt but readable data) are not worth a line. */
static void on_message(j_common_ptr cinfo) { (void)cinfo; }

TrtImage *trt_image_load_jpeg(const char *path, TrtLogger *logger) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot open", path);
    return NULL;
  }
  struct jpeg_decompress_struct cinfo;
  ErrorManager err;
  /* volatile: changed between setjmp and a longjmp back to it. */
  TrtImage *volatile image = NULL;
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.output_message = on_message;
  if (setjmp(err.jump)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: bad JPEG: %s", path, err.message);
    jpeg_destroy_decompress(&cinfo);
    fclose(f);
    trt_image_free(image);
    return NULL;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_stdio_src(&cinfo, f);
  jpeg_read_header(&cinfo, TRUE);
  bool gray = cinfo.num_components == 1;
  if (!gray && cinfo.jpeg_color_space != JCS_YCbCr && cinfo.jpeg_color_space != JCS_RGB) {
    snprintf(err.message, sizeof err.message,
             "colour space %d (CMYK?) is not supported: convert it to RGB",
             (int)cinfo.jpeg_color_space);
    longjmp(err.jump, 1);
  }
  cinfo.out_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&cinfo);
  if (cinfo.output_width > TRT_IMAGE_MAX_SIDE || cinfo.output_height > TRT_IMAGE_MAX_SIDE) {
    snprintf(err.message, sizeof err.message, "%ux%u pixels: sides up to %d expected",
             cinfo.output_width, cinfo.output_height, TRT_IMAGE_MAX_SIDE);
    longjmp(err.jump, 1);
  }
  image = trt_image_new(gray ? TRT_PIXEL_FORMAT_GRAY8 : TRT_PIXEL_FORMAT_RGB,
                        (int32_t)cinfo.output_width, (int32_t)cinfo.output_height);
  if (!image) {
    snprintf(err.message, sizeof err.message, "out of memory");
    longjmp(err.jump, 1);
  }
  const TrtImageView *view = trt_image_get_view(image);
  uint8_t *data = trt_image_get_data(image);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = data + (size_t)cinfo.output_scanline * (size_t)view->strides[0];
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  fclose(f);
  return image;
}
