/* trt_image_load: finds an image file's format from its first bytes and
 * hands it to the decoder for that format. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "vision-impl.h"

static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
static const uint8_t jpeg_magic[3] = {0xff, 0xd8, 0xff};

bool trt_image_format_is_supported(const char *name) {
  if (!name) return false;
  if (strcmp(name, "pnm") == 0) return true;
#ifdef TRT_HAVE_PNG
  if (strcmp(name, "png") == 0) return true;
#endif
#ifdef TRT_HAVE_JPEG
  if (strcmp(name, "jpeg") == 0) return true;
#endif
  return false;
}

#if !defined(TRT_HAVE_PNG) || !defined(TRT_HAVE_JPEG)
/* A decoder this build lacks: say what would make it work. */
static TrtImage *not_built(const char *path, const char *format,
                           const char *package, TrtLogger *logger) {
  trt_log(logger, TRT_SEVERITY_ERROR,
          "%s: a %s image, but this build of trtinfer has no %s decoder "
          "(install %s and rebuild), or convert the image to PPM/PGM",
          path, format, format, package);
  return NULL;
}
#endif

TrtImage *trt_image_load(const char *path, TrtLogger *logger) {
  if (!path) {
    trt_log(logger, TRT_SEVERITY_ERROR, "trt_image_load: no path given");
    return NULL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  uint8_t head[8] = {0};
  size_t got = fread(head, 1, sizeof head, f);
  fclose(f);

  if (got >= sizeof png_magic && memcmp(head, png_magic, sizeof png_magic) == 0) {
#ifdef TRT_HAVE_PNG
    return trt_image_load_png(path, logger);
#else
    return not_built(path, "PNG", "libpng-dev", logger);
#endif
  }
  if (got >= sizeof jpeg_magic && memcmp(head, jpeg_magic, sizeof jpeg_magic) == 0) {
#ifdef TRT_HAVE_JPEG
    return trt_image_load_jpeg(path, logger);
#else
    return not_built(path, "JPEG", "libjpeg-dev", logger);
#endif
  }
  if (got >= 2 && head[0] == 'P' && head[1] && strchr("2356", head[1])) {
    size_t size = 0;
    uint8_t *data = trt_read_file(path, &size);
    if (!data) {
      trt_log(logger, TRT_SEVERITY_ERROR, "%s: cannot read: %s", path, strerror(errno));
      return NULL;
    }
    TrtImage *image = trt_image_decode_pnm(data, size, path, logger);
    free(data);
    return image;
  }
  trt_log(logger, TRT_SEVERITY_ERROR,
          "%s: not an image trtinfer reads (PGM, PPM, PNG or JPEG expected)", path);
  return NULL;
}
