/* Names and defaults of the preprocessing and detection settings. */
#include <string.h>

#include "vision-impl.h"

static const char *const color_names[] = {"rgb", "bgr", "gray"};
static const char *const fit_names[] = {"stretch", "letterbox"};

const char *trt_color_format_name(TrtColorFormat format) {
  return (unsigned)format <= TRT_COLOR_FORMAT_GRAY ? color_names[format] : NULL;
}

bool trt_color_format_parse(const char *text, TrtColorFormat *format) {
  for (int i = 0; text && i <= TRT_COLOR_FORMAT_GRAY; i++)
    if (strcmp(text, color_names[i]) == 0) {
      *format = (TrtColorFormat)i;
      return true;
    }
  return false;
}

const char *trt_fit_mode_name(TrtFitMode mode) {
  return (unsigned)mode <= TRT_FIT_LETTERBOX ? fit_names[mode] : NULL;
}

bool trt_fit_mode_parse(const char *text, TrtFitMode *mode) {
  for (int i = 0; text && i <= TRT_FIT_LETTERBOX; i++)
    if (strcmp(text, fit_names[i]) == 0) {
      *mode = (TrtFitMode)i;
      return true;
    }
  return false;
}

int trt_color_format_channels(TrtColorFormat format) {
  return format == TRT_COLOR_FORMAT_GRAY ? 1 : 3;
}

void trt_preprocess_params_init(TrtPreprocessParams *p) {
  memset(p, 0, sizeof *p);
  p->color_format = TRT_COLOR_FORMAT_RGB;
  p->fit_mode = TRT_FIT_STRETCH;
  p->scale = 1.0f;
}

void trt_detection_params_init(TrtDetectionParams *p) {
  p->threshold = 0.5f;
  p->nms_iou = 0.45f;
  p->background_class = 0;
  p->max_detections = 100;
}
