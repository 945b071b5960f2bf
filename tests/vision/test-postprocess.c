/* Results: softmax, top-k classification, labels files, SSD decoding with
 * per-class NMS and the mapping of boxes back onto the frame. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "check.h"

static void test_softmax(void) {
  const float in[3] = {1, 2, 3};
  float out[3];
  trt_softmax(in, 3, out);
  CHECK_NEAR(out[0], 0.0900306, 1e-6);
  CHECK_NEAR(out[1], 0.2447285, 1e-6);
  CHECK_NEAR(out[2], 0.6652410, 1e-6);
  /* Large values do not overflow; +inf takes all the mass; NaN stays NaN. */
  const float big[2] = {1000, 1000};
  trt_softmax(big, 2, out);
  CHECK_NEAR(out[0], 0.5, 1e-6);
  const float inf[3] = {INFINITY, 1, NAN};
  trt_softmax(inf, 3, out);
  CHECK_NEAR(out[0], 1, 0);
  CHECK_NEAR(out[1], 0, 0);
  CHECK(isnan(out[2]));
  /* In place. */
  float x[2] = {0, 0};
  trt_softmax(x, 2, x);
  CHECK_NEAR(x[1], 0.5, 1e-7);
}

static void test_classify(void) {
  TrtClassification top[4];
  /* Logits: softmax applied (auto). */
  const float logits[4] = {1, 3, 2, -1};
  int n = trt_classify(logits, 4, TRT_SOFTMAX_AUTO, 2, 0.0f, top);
  CHECK_INT(n, 2);
  CHECK_INT(top[0].class_id, 1);
  CHECK_INT(top[1].class_id, 2);
  double sum = exp(1) + exp(3) + exp(2) + exp(-1);
  CHECK_NEAR(top[0].confidence, exp(3) / sum, 1e-6);
  CHECK_NEAR(top[1].confidence, exp(2) / sum, 1e-6);
  /* Already a distribution: taken as it is. */
  const float probs[4] = {0.1f, 0.2f, 0.6f, 0.1f};
  n = trt_classify(probs, 4, TRT_SOFTMAX_AUTO, 4, 0.0f, top);
  CHECK_INT(n, 4);
  CHECK_INT(top[0].class_id, 2);
  CHECK_NEAR(top[0].confidence, 0.6, 1e-7);
  /* Ties: lower class first. */
  CHECK_INT(top[2].class_id, 0);
  CHECK_INT(top[3].class_id, 3);
  /* Threshold. */
  n = trt_classify(probs, 4, TRT_SOFTMAX_NEVER, 4, 0.15f, top);
  CHECK_INT(n, 2);
  /* Never: raw values, even negative ones. */
  n = trt_classify(logits, 4, TRT_SOFTMAX_NEVER, 1, -10.0f, top);
  CHECK_INT(n, 1);
  CHECK_NEAR(top[0].confidence, 3, 0);
  /* Always: softmax even over a distribution. */
  n = trt_classify(probs, 4, TRT_SOFTMAX_ALWAYS, 1, 0.0f, top);
  CHECK(top[0].confidence < 0.6f && top[0].class_id == 2);
  /* NaN never wins. */
  const float with_nan[3] = {NAN, 0.5f, 0.2f};
  n = trt_classify(with_nan, 3, TRT_SOFTMAX_NEVER, 3, -1.0f, top);
  CHECK_INT(n, 2);
  CHECK_INT(top[0].class_id, 1);
  /* Degenerate arguments. */
  CHECK_INT(trt_classify(logits, 0, TRT_SOFTMAX_AUTO, 1, 0, top), 0);
  CHECK_INT(trt_classify(logits, 4, TRT_SOFTMAX_AUTO, 0, 0, top), 0);
  /* Random inputs against a sort-free check: the result is ordered and no
   * class left out beats the last one kept. */
  float r[50];
  uint32_t s = 99;
  for (int i = 0; i < 50; i++) {
    s = s * 1103515245u + 12345u;
    r[i] = (float)((s >> 8) % 1000) / 100.0f;
  }
  TrtClassification best[5];
  n = trt_classify(r, 50, TRT_SOFTMAX_NEVER, 5, 0.0f, best);
  CHECK_INT(n, 5);
  for (int i = 1; i < 5; i++) CHECK(best[i - 1].confidence >= best[i].confidence);
  int above = 0;
  for (int i = 0; i < 50; i++) above += r[i] > best[4].confidence;
  CHECK(above <= 4);
}

static char tmpdir[] = "/tmp/trt-labels-XXXXXX";

static TrtLabels *labels_from(const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/labels.txt", tmpdir);
  FILE *f = fopen(path, "wb");
  fputs(text, f);
  fclose(f);
  return trt_labels_load(path, NULL);
}

static void test_labels(void) {
  if (!mkdtemp(tmpdir)) return;
  TrtLabels *l = labels_from("cat\ndog\r\n\nbird\n");
  CHECK_INT(trt_labels_count(l), 4);
  CHECK(strcmp(trt_labels_get(l, 0), "cat") == 0);
  CHECK(strcmp(trt_labels_get(l, 1), "dog") == 0);
  CHECK(strcmp(trt_labels_get(l, 2), "") == 0);
  CHECK(strcmp(trt_labels_get(l, 3), "bird") == 0);
  CHECK(trt_labels_get(l, 4) == NULL);
  CHECK(trt_labels_get(l, -1) == NULL);
  trt_labels_free(l);
  l = labels_from("car;bicycle;person;roadsign\n");
  CHECK_INT(trt_labels_count(l), 4);
  CHECK(strcmp(trt_labels_get(l, 3), "roadsign") == 0);
  trt_labels_free(l);
  l = labels_from("no newline at the end");
  CHECK_INT(trt_labels_count(l), 1);
  CHECK(strcmp(trt_labels_get(l, 0), "no newline at the end") == 0);
  trt_labels_free(l);
  /* Semicolons inside labels of a many-line file are kept. */
  l = labels_from("a;b\nc\n");
  CHECK_INT(trt_labels_count(l), 2);
  CHECK(strcmp(trt_labels_get(l, 0), "a;b") == 0);
  trt_labels_free(l);
  CHECK(labels_from("") == NULL);
  CHECK(trt_labels_load("/nonexistent/labels.txt", NULL) == NULL);
  CHECK(trt_labels_load(NULL, NULL) == NULL);
  CHECK(trt_labels_get(NULL, 0) == NULL);
  CHECK_INT(trt_labels_count(NULL), 0);
  const char *mnist = TRT_TEST_SOURCE "/models/labels/mnist.txt";
  if (access(mnist, R_OK) == 0) {
    l = trt_labels_load(mnist, NULL);
    CHECK_INT(trt_labels_count(l), 10);
    CHECK(strcmp(trt_labels_get(l, 7), "7") == 0);
    trt_labels_free(l);
  }
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}

static void test_iou(void) {
  TrtDetection a = {0, 1, 0, 0, 2, 2}, b = {0, 1, 1, 1, 3, 3}, c = {0, 1, 5, 5, 6, 6};
  CHECK_NEAR(trt_detection_iou(&a, &b), 1.0 / 7.0, 1e-6);
  CHECK_NEAR(trt_detection_iou(&a, &a), 1.0, 1e-6);
  CHECK_NEAR(trt_detection_iou(&a, &c), 0.0, 0);
  TrtDetection empty = {0, 1, 2, 2, 1, 1};
  CHECK_NEAR(trt_detection_iou(&a, &empty), 0.0, 0);
}

/* Five boxes, three classes (0 = background):
 *   box 0 class 1 0.9, box 1 class 1 0.8 overlapping box 0 (IoU 0.81): dropped,
 *   box 2 class 1 0.7 apart: kept, box 3 class 2 0.85 on box 0: other class,
 *   kept; box 4 background 0.99 and class 2 0.3: below threshold. */
static const float scores[5 * 3] = {
    0.05f, 0.9f, 0.05f, 0.1f,  0.8f,  0.1f, 0.2f, 0.7f,
    0.1f,  0.1f, 0.05f, 0.85f, 0.99f, 0.0f, 0.3f,
};
static const float boxes[5 * 4] = {
    0.1f, 0.1f, 0.5f, 0.5f, 0.12f, 0.12f, 0.5f, 0.5f, 0.6f, 0.6f,
    0.9f, 0.9f, 0.1f, 0.1f, 0.5f,  0.5f,  0.0f, 0.0f, 1.0f, 1.0f,
};

static void test_detect(void) {
  TrtDetectionParams p;
  trt_detection_params_init(&p);
  CHECK_NEAR(p.threshold, 0.5, 1e-7);
  CHECK_NEAR(p.nms_iou, 0.45, 1e-7);
  CHECK_INT(p.background_class, 0);
  TrtDetection out[8];
  int n = trt_detect_ssd(scores, boxes, 5, 3, &p, out, 8, NULL);
  CHECK_INT(n, 3);
  CHECK_INT(out[0].class_id, 1);
  CHECK_NEAR(out[0].confidence, 0.9, 1e-6);
  CHECK_INT(out[1].class_id, 2);
  CHECK_NEAR(out[1].x1, 0.1, 1e-6);
  CHECK_INT(out[2].class_id, 1);
  CHECK_NEAR(out[2].x1, 0.6, 1e-6);
  /* NMS off: the overlapping box stays. */
  p.nms_iou = 1.0f;
  CHECK_INT(trt_detect_ssd(scores, boxes, 5, 3, &p, out, 8, NULL), 4);
  /* No background class: box 4's 0.99 shows as class 0. */
  p.nms_iou = 0.45f;
  p.background_class = -1;
  n = trt_detect_ssd(scores, boxes, 5, 3, &p, out, 8, NULL);
  CHECK_INT(n, 4);
  CHECK_INT(out[0].class_id, 0);
  /* max_detections and capacity both cap. */
  p.max_detections = 2;
  CHECK_INT(trt_detect_ssd(scores, boxes, 5, 3, &p, out, 8, NULL), 2);
  p.max_detections = 0;
  CHECK_INT(trt_detect_ssd(scores, boxes, 5, 3, &p, out, 1, NULL), 1);
  CHECK_INT(trt_detect_ssd(scores, boxes, 5, 3, &p, NULL, 0, NULL), 0);
  /* Non-finite boxes and NaN scores are skipped. */
  const float bad_scores[2 * 2] = {0, NAN, 0, 0.9f};
  const float bad_boxes[2 * 4] = {0, 0, 1, 1, 0, NAN, 1, 1};
  trt_detection_params_init(&p);
  CHECK_INT(trt_detect_ssd(bad_scores, bad_boxes, 2, 2, &p, out, 8, NULL), 0);
  /* Bad arguments. */
  TrtLogger *quiet = trt_logger_new_console(TRT_SEVERITY_INTERNAL_ERROR);
  CHECK_INT(trt_detect_ssd(NULL, boxes, 5, 3, &p, out, 8, quiet), -1);
  CHECK_INT(trt_detect_ssd(scores, boxes, 5, 0, &p, out, 8, quiet), -1);
  CHECK_INT(trt_detect_ssd(scores, boxes, -1, 3, &p, out, 8, quiet), -1);
  CHECK_INT(trt_detect_ssd(scores, boxes, 0, 3, &p, out, 8, quiet), 0);
  trt_logger_free(quiet);
}

/* A 320x240 network over a 640x240 frame, letterboxed: the frame is 320x120
 * in the middle (pad 60 rows), so net y 60..180 is frame y 0..240. */
static void test_to_frame(void) {
  TrtImageMapping m = {2.0f, 2.0f, 0.0f, -120.0f};
  TrtDetection d = {1, 0.9f, 0.25f, 0.25f, 0.5f, 0.75f};
  trt_detection_to_frame(&d, &m, 320, 240, 640, 240);
  CHECK_NEAR(d.x1, 160, 1e-3);
  CHECK_NEAR(d.y1, 0, 1e-3);
  CHECK_NEAR(d.x2, 320, 1e-3);
  CHECK_NEAR(d.y2, 240, 1e-3);
  TrtDetection outside = {1, 0.9f, -0.5f, 0.5f, 1.5f, 0.6f};
  trt_detection_to_frame(&outside, &m, 320, 240, 640, 240);
  CHECK_NEAR(outside.x1, 0, 0);
  CHECK_NEAR(outside.x2, 640, 0);
}

CHECK_MAIN(test_softmax, test_classify, test_labels, test_iou, test_detect, test_to_frame)
