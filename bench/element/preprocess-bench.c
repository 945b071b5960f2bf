/* The element's preprocessing alone: trt_preprocess_image from a frame of
 * W x H in RGB or NV12 to the 224x224 RGB CHW input of a classifier, the
 * work the element does before each run on the CPU. Prints one JSON object
 * per case: min and median milliseconds over `runs` conversions.
 *
 *   preprocess-bench [RUNS]
 * (built by run.sh against the library: cc ... -ltrtinfer) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#include "timing.h"

static void measure(TrtPixelFormat format, int w, int h, int runs) {
  size_t size = trt_image_packed_size(format, w, h);
  uint8_t *frame = malloc(size);
  float *chw = malloc(3 * 224 * 224 * sizeof *chw);
  double *ms = malloc((size_t)runs * sizeof *ms);
  TrtImageView v;
  TrtPreprocessParams p;
  for (size_t i = 0; i < size; i++) frame[i] = (uint8_t)(i * 31 + i / 4096);
  trt_image_view_init_packed(&v, format, w, h, frame);
  trt_preprocess_params_init(&p);
  p.width = p.height = 224;
  p.scale = 1.0f / 255.0f;
  for (int r = 0; r < runs; r++) {
    double t0 = now_ms();
    if (trt_preprocess_image(&v, &p, chw, NULL, NULL) != TRT_STATUS_OK) {
      fprintf(stderr, "preprocess-bench: conversion failed\n");
      exit(1);
    }
    ms[r] = now_ms() - t0;
  }
  qsort(ms, (size_t)runs, sizeof *ms, compare_ms);
  printf("{\"format\":\"%s\",\"width\":%d,\"height\":%d,\"runs\":%d,\"min_ms\":%.4f,"
         "\"median_ms\":%.4f}\n",
         trt_pixel_format_name(format), w, h, runs, ms[0], ms[runs / 2]);
  free(ms);
  free(chw);
  free(frame);
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 200;
  if (runs < 1) runs = 1;
  const int sizes[2][2] = {{224, 224}, {1920, 1080}};
  for (int s = 0; s < 2; s++) {
    measure(TRT_PIXEL_FORMAT_RGB, sizes[s][0], sizes[s][1], runs);
    measure(TRT_PIXEL_FORMAT_NV12, sizes[s][0], sizes[s][1], runs);
  }
  return 0;
}
