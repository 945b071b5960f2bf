/* SSD-style detection decoding: threshold, per-class non-maximum
 * suppression, best first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vision-impl.h"

float trt_detection_iou(const TrtDetection *a, const TrtDetection *b) {
  float area_a = (a->x2 - a->x1) * (a->y2 - a->y1);
  float area_b = (b->x2 - b->x1) * (b->y2 - b->y1);
  if (!(a->x2 > a->x1 && a->y2 > a->y1 && b->x2 > b->x1 && b->y2 > b->y1)) return 0.0f;
  float w = fminf(a->x2, b->x2) - fmaxf(a->x1, b->x1);
  float h = fminf(a->y2, b->y2) - fmaxf(a->y1, b->y1);
  if (w <= 0.0f || h <= 0.0f) return 0.0f;
  float inter = w * h;
  return inter / (area_a + area_b - inter);
}

/* Best first; equal confidences keep class then box order so that the
 * result does not depend on the sort's whims. */
typedef struct {
  TrtDetection d;
  int32_t box;
} Candidate;

static int by_confidence(const void *pa, const void *pb) {
  const Candidate *a = pa, *b = pb;
  if (a->d.confidence != b->d.confidence) return a->d.confidence > b->d.confidence ? -1 : 1;
  if (a->d.class_id != b->d.class_id) return a->d.class_id < b->d.class_id ? -1 : 1;
  return (a->box > b->box) - (a->box < b->box);
}

static bool box_is_finite(const float *b) {
  return isfinite(b[0]) && isfinite(b[1]) && isfinite(b[2]) && isfinite(b[3]);
}

/* Keeps, in place, the candidates (sorted best first, all of one class) that
 * no better kept one overlaps by more than iou. Returns how many stay. */
static int suppress(Candidate *c, int n, float iou) {
  int kept = 0;
  for (int i = 0; i < n; i++) {
    bool keep = true;
    for (int k = 0; k < kept && keep; k++)
      keep = !(trt_detection_iou(&c[k].d, &c[i].d) > iou);
    if (keep) c[kept++] = c[i];
  }
  return kept;
}

int trt_detect_ssd(const float *scores, const float *boxes, int nb_boxes,
                   int nb_classes, const TrtDetectionParams *params,
                   TrtDetection *out, int capacity, TrtLogger *logger) {
  if (!scores || !boxes || !params || (!out && capacity > 0) || nb_boxes < 0 ||
      nb_classes <= 0 || capacity < 0 || !isfinite(params->threshold) ||
      isnan(params->nms_iou)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "detection decoding: bad arguments (%d boxes, %d classes, capacity %d)",
            nb_boxes, nb_classes, capacity);
    return -1;
  }
  /* All kept candidates of all classes; each class's are appended after
   * suppression, so nb_boxes * classes bounds the total. */
  size_t room = (size_t)nb_boxes * (size_t)nb_classes;
  /* At least one, so that the pointers below are never NULL (qsort and
   * pointer arithmetic on NULL are undefined even for no elements). */
  Candidate *all = malloc((room ? room : 1) * sizeof *all);
  if (!all) {
    trt_log(logger, TRT_SEVERITY_ERROR, "detection decoding: out of memory for %d boxes",
            nb_boxes);
    return -1;
  }
  int total = 0;
  for (int c = 0; c < nb_classes; c++) {
    if (c == params->background_class) continue;
    Candidate *cls = all + total;
    int n = 0;
    for (int b = 0; b < nb_boxes; b++) {
      float s = scores[(size_t)b * (size_t)nb_classes + (size_t)c];
      const float *box = boxes + (size_t)b * 4;
      if (!(s >= params->threshold) || !box_is_finite(box)) continue;
      cls[n].d = (TrtDetection){c, s, box[0], box[1], box[2], box[3]};
      cls[n++].box = b;
    }
    qsort(cls, (size_t)n, sizeof *cls, by_confidence);
    total += params->nms_iou < 1.0f ? suppress(cls, n, params->nms_iou) : n;
  }
  qsort(all, (size_t)total, sizeof *all, by_confidence);
  int limit = params->max_detections > 0 && params->max_detections < capacity
                  ? params->max_detections : capacity;
  int count = total < limit ? total : limit;
  for (int i = 0; i < count; i++) out[i] = all[i].d;
  free(all);
  return count;
}

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

void trt_detection_to_frame(TrtDetection *d, const TrtImageMapping *m, int32_t net_width,
                            int32_t net_height, int32_t frame_width,
                            int32_t frame_height) {
  float x1, y1, x2, y2;
  trt_image_mapping_apply(m, d->x1 * (float)net_width, d->y1 * (float)net_height, &x1, &y1);
  trt_image_mapping_apply(m, d->x2 * (float)net_width, d->y2 * (float)net_height, &x2, &y2);
  d->x1 = clampf(x1, 0.0f, (float)frame_width);
  d->y1 = clampf(y1, 0.0f, (float)frame_height);
  d->x2 = clampf(x2, 0.0f, (float)frame_width);
  d->y2 = clampf(y2, 0.0f, (float)frame_height);
}
