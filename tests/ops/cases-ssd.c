/* Op cases: the SSD layers Normalize, PriorBox and DetectionOutput. Small
 * cases are worked out by hand; random ones are checked against loops
 * here that follow Caffe SSD's definitions (normalize_layer, prior_box_layer
 * and detection_output_layer with bbox_util's decoding, IoU and NMS). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "op-test.h"

static uint32_t seed = 12345;
static float uniform(float lo, float hi) {
  seed = seed * 1664525u + 1013904223u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xffff) / 65535.0f;
}

#define F32(d_, p_) ((OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d_, .data = p_})

/* ---- Normalize ------------------------------------------------------------------ */

static void normalize(const char *name, TrtNormalizeParams p, OpTensor x, OpTensor scale,
                      OpTensor want, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_NORMALIZE, .params = &p, .nb_inputs = 2,
                     .inputs = {x, OP_CONST(scale)}, .nb_outputs = 1, .expected = {want},
                     .atol = 1e-6, .rtol = 1e-5, .expect_build_error = bad});
}

static void random_normalize(const char *name, TrtDims d, TrtNormalizeParams p) {
  int64_t n = trt_dims_volume(&d), c = d.d[1], items = d.d[0], spatial = n / (items * c);
  float *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y), scale[16];
  for (int64_t i = 0; i < n; i++) x[i] = uniform(-2, 2);
  for (int64_t i = 0; i < c; i++) scale[i] = uniform(0.5f, 20);
  for (int64_t b = 0; b < items; b++)
    for (int64_t s = 0; s < (p.across_spatial ? 1 : spatial); s++) {
      /* The elements one norm covers. */
      double sum = p.eps;
      for (int64_t k = 0; k < c; k++)
        for (int64_t t = p.across_spatial ? 0 : s; t < (p.across_spatial ? spatial : s + 1); t++)
          sum += (double)x[(b * c + k) * spatial + t] * x[(b * c + k) * spatial + t];
      for (int64_t k = 0; k < c; k++)
        for (int64_t t = p.across_spatial ? 0 : s; t < (p.across_spatial ? spatial : s + 1); t++) {
          int64_t i = (b * c + k) * spatial + t;
          y[i] = (float)(x[i] / sqrt(sum) * scale[p.channel_shared ? 0 : k]);
        }
    }
  normalize(name, p, F32(d, x), F32(OP_DIMS(p.channel_shared ? 1 : c), scale), F32(d, y), false);
  free(x);
  free(y);
}

static void cases_normalize(void) {
  TrtNormalizeParams per_position = {.channel_shared = 0}, across = {.across_spatial = 1, .channel_shared = 1};
  normalize("normalize_per_position", per_position, OP_F32(OP_DIMS(1, 2, 1, 2), 3, 1, 4, 0),
            OP_F32(OP_DIMS(2), 1, 2), OP_F32(OP_DIMS(1, 2, 1, 2), 0.6f, 1, 1.6f, 0), false);
  normalize("normalize_across_spatial_shared", across, OP_F32(OP_DIMS(2, 2, 1, 1), 3, 4, 0, 2),
            OP_F32(OP_DIMS(1), 2), OP_F32(OP_DIMS(2, 2, 1, 1), 1.2f, 1.6f, 0, 2), false);
  TrtNormalizeParams with_eps = {.channel_shared = 1, .eps = 3};
  normalize("normalize_eps", with_eps, OP_F32(OP_DIMS(2, 1), 1, 0), OP_F32(OP_DIMS(1), 1),
            OP_F32(OP_DIMS(2, 1), 0.5f, 0), false);
  normalize("normalize_rank2", per_position, OP_F32(OP_DIMS(2, 2), 3, 4, -6, 8),
            OP_F32(OP_DIMS(2), 1, 10), OP_F32(OP_DIMS(2, 2), 0.6f, 8, -0.6f, 8), false);
  normalize("normalize_empty", per_position, OP_RAND(OP_DIMS(0, 3, 2, 2)),
            OP_F32(OP_DIMS(3), 1, 1, 1), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(0, 3, 2, 2)), false);
  random_normalize("normalize_random_per_position", OP_DIMS(2, 5, 3, 4),
                   (TrtNormalizeParams){.eps = 1e-10f});
  random_normalize("normalize_random_across", OP_DIMS(3, 4, 2, 5),
                   (TrtNormalizeParams){.across_spatial = 1, .eps = 1e-10f});
  random_normalize("normalize_random_shared_3d", OP_DIMS(2, 3, 7),
                   (TrtNormalizeParams){.channel_shared = 1});
  /* Bad: the scale does not fit, rank 1, negative eps, integer input. */
  normalize("normalize_bad_scale", per_position, OP_RAND(OP_DIMS(1, 3, 2, 2)),
            OP_F32(OP_DIMS(2), 1, 1), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 3, 2, 2)), true);
  normalize("normalize_bad_rank", across, OP_RAND(OP_DIMS(4)), OP_F32(OP_DIMS(1), 1),
            OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(4)), true);
  normalize("normalize_bad_eps", (TrtNormalizeParams){.channel_shared = 1, .eps = -1},
            OP_RAND(OP_DIMS(1, 2)), OP_F32(OP_DIMS(1), 1), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2)),
            true);
  normalize("normalize_bad_type", across, OP_I32(OP_DIMS(1, 2), 1, 2), OP_F32(OP_DIMS(1), 1),
            OP_ANY(TRT_DATA_TYPE_INT32, OP_DIMS(1, 2)), true);
}

/* ---- PriorBox ------------------------------------------------------------------------ */

static void prior_box(const char *name, TrtPriorBoxParams p, TrtDims feature, const TrtDims *image,
                      OpTensor want, bool bad) {
  OpCase c = {.name = name, .type = TRT_LAYER_PRIOR_BOX, .params = &p, .nb_inputs = image ? 2 : 1,
              .inputs = {OP_RAND(feature)}, .nb_outputs = 1, .expected = {want}, .atol = 1e-6,
              .rtol = 1e-5, .expect_build_error = bad};
  if (image) c.inputs[1] = OP_RAND(*image);
  op_check(&c);
}

/* Caffe SSD's prior boxes, written out with its rules: ratio 1 first, a
 * ratio within 1e-6 of one already listed is skipped, flip adds 1/r. */
static int64_t reference_priors(const TrtPriorBoxParams *p, int64_t h, int64_t w, int img_h,
                                int img_w, float *out) {
  float ratios[64] = {1};
  int nr = 1;
  for (int i = 0; i < p->nb_aspect_ratios; i++) {
    for (int f = 0; f < (p->flip ? 2 : 1); f++) {
      float r = f ? 1 / p->aspect_ratio[i] : p->aspect_ratio[i];
      bool seen = false;
      for (int k = 0; k < nr; k++) seen = seen || fabsf(r - ratios[k]) < 1e-6f;
      if (!seen) ratios[nr++] = r;
    }
  }
  double step_h = p->step_h ? p->step_h : (double)img_h / h, step_w = p->step_w ? p->step_w : (double)img_w / w;
  int64_t k = 0;
  for (int64_t y = 0; y < h; y++)
    for (int64_t x = 0; x < w; x++) {
      double cx = (x + p->offset) * step_w, cy = (y + p->offset) * step_h;
      for (int s = 0; s < p->nb_min_sizes; s++) {
        double sizes[2][2] = {{p->min_size[s], p->min_size[s]}, {0, 0}};
        int n = 1;
        if (p->nb_max_sizes) {
          sizes[1][0] = sizes[1][1] = sqrt(p->min_size[s] * p->max_size[s]);
          n = 2;
        }
        for (int i = 0; i < n + nr - 1; i++) {
          double bw, bh;
          if (i < n) {
            bw = sizes[i][0];
            bh = sizes[i][1];
          } else {
            double r = ratios[i - n + 1];
            bw = p->min_size[s] * sqrt(r);
            bh = p->min_size[s] / sqrt(r);
          }
          double box[4] = {(cx - bw / 2) / img_w, (cy - bh / 2) / img_h, (cx + bw / 2) / img_w,
                           (cy + bh / 2) / img_h};
          for (int j = 0; j < 4; j++) out[k++] = (float)(p->clip ? fmin(fmax(box[j], 0), 1) : box[j]);
        }
      }
    }
  for (int64_t i = 0; i < k; i++) out[k + i] = p->variance[p->nb_variances == 4 ? i % 4 : 0];
  return k;
}

static void cases_prior_box(void) {
  float s2 = sqrtf(2);
  TrtPriorBoxParams p = {.nb_min_sizes = 1, .min_size = {4}, .nb_max_sizes = 1, .max_size = {9},
                         .nb_aspect_ratios = 1, .aspect_ratio = {2}, .flip = 1, .nb_variances = 4,
                         .variance = {0.1f, 0.1f, 0.2f, 0.2f}, .offset = 0.5f};
  TrtDims image = OP_DIMS(1, 3, 10, 10);
  prior_box("prior_box_one_cell", p, OP_DIMS(1, 8, 1, 1), &image,
            OP_F32(OP_DIMS(1, 2, 16), 0.3f, 0.3f, 0.7f, 0.7f, 0.2f, 0.2f, 0.8f, 0.8f,
                   (5 - 2 * s2) / 10, (5 - s2) / 10, (5 + 2 * s2) / 10, (5 + s2) / 10,
                   (5 - s2) / 10, (5 - 2 * s2) / 10, (5 + s2) / 10, (5 + 2 * s2) / 10,
                   0.1f, 0.1f, 0.2f, 0.2f, 0.1f, 0.1f, 0.2f, 0.2f, 0.1f, 0.1f, 0.2f, 0.2f,
                   0.1f, 0.1f, 0.2f, 0.2f),
            false);
  /* 3x2 cells of a 30x20 image (steps from the sizes), two min sizes, no
   * max, duplicate ratios, clipped, one variance. */
  TrtPriorBoxParams q = {.nb_min_sizes = 2, .min_size = {6, 15}, .nb_aspect_ratios = 4,
                         .aspect_ratio = {2, 3, 2.0000001f, 1}, .clip = 1, .nb_variances = 1,
                         .variance = {0.1f}, .offset = 0.5f};
  float want[2 * 3 * 2 * 6 * 4 * 2];
  int64_t k = reference_priors(&q, 3, 2, 30, 20, want);
  TrtDims img2 = OP_DIMS(1, 3, 30, 20);
  prior_box("prior_box_clip_duplicates", q, OP_DIMS(2, 4, 3, 2), &img2,
            F32(OP_DIMS(1, 2, k), want), false);
  /* Explicit image size and steps, offset 0, flip, no image input. */
  TrtPriorBoxParams e = {.nb_min_sizes = 1, .min_size = {30}, .nb_max_sizes = 1, .max_size = {60},
                         .nb_aspect_ratios = 2, .aspect_ratio = {2, 3}, .flip = 1, .nb_variances = 4,
                         .variance = {0.1f, 0.1f, 0.2f, 0.2f}, .img_h = 300, .img_w = 300,
                         .step_h = 100, .step_w = 100, .offset = 0};
  float want_e[3 * 3 * 6 * 4 * 2];
  k = reference_priors(&e, 3, 3, 300, 300, want_e);
  prior_box("prior_box_explicit_sizes", e, OP_DIMS(1, 1, 3, 3), NULL, F32(OP_DIMS(1, 2, k), want_e),
            false);
  /* Bad parameters. */
  TrtPriorBoxParams bad = p;
  bad.nb_min_sizes = 0;
  prior_box("prior_box_bad_no_min", bad, OP_DIMS(1, 1, 1, 1), &image, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 4)), true);
  bad = p;
  bad.max_size[0] = 3;
  prior_box("prior_box_bad_max", bad, OP_DIMS(1, 1, 1, 1), &image, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 16)), true);
  bad = p;
  bad.nb_variances = 3;
  prior_box("prior_box_bad_variances", bad, OP_DIMS(1, 1, 1, 1), &image, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 16)), true);
  bad = p;
  bad.aspect_ratio[0] = 0;
  prior_box("prior_box_bad_ratio", bad, OP_DIMS(1, 1, 1, 1), &image, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 16)), true);
  bad = p;
  bad.nb_aspect_ratios = 9;
  for (int i = 0; i < 9; i++) bad.aspect_ratio[i] = 2.0f + (float)i;
  prior_box("prior_box_bad_too_many_ratios", bad, OP_DIMS(1, 1, 1, 1), &image, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 4)), true);
  prior_box("prior_box_bad_no_image", p, OP_DIMS(1, 1, 1, 1), NULL, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 16)), true);
  prior_box("prior_box_bad_rank", p, OP_DIMS(1, 1, 1), &image, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 16)), true);
}

/* ---- DetectionOutput ------------------------------------------------------------------ */

static void detection(const char *name, TrtDetectionOutputParams p, OpTensor loc, OpTensor conf,
                      OpTensor priors, OpTensor want, OpTensor count, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_DETECTION_OUTPUT, .params = &p,
                     .nb_inputs = 3, .inputs = {loc, conf, OP_CONST(priors)},
                     .nb_outputs = count.type == TRT_DATA_TYPE_INT32 ? 2 : 1,
                     .expected = {want, count}, .atol = 1e-5, .rtol = 1e-5,
                     .expect_build_error = bad});
}

static TrtDetectionOutputParams ssd_defaults(int classes) {
  return (TrtDetectionOutputParams){.num_classes = classes, .share_location = 1,
                                    .background_label_id = 0, .code_type = TRT_BOX_CODE_CENTER_SIZE,
                                    .top_k = -1, .keep_top_k = -1, .confidence_threshold = 0.01f,
                                    .nms_threshold = 0.45f, .eta = 1};
}

/* Reference decoder: Caffe's DecodeBBox, JaccardOverlap and ApplyNMSFast,
 * then the best keep_top_k of all classes, by score (ties: label, prior). */
typedef struct {
  float score;
  int label, index;
} Det;

static int by_score(const void *pa, const void *pb) {
  const Det *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->label != b->label) return a->label - b->label;
  return a->index - b->index;
}

static float iou(const float *a, const float *b) {
  if (b[0] > a[2] || b[2] < a[0] || b[1] > a[3] || b[3] < a[1]) return 0;
  float w = fminf(a[2], b[2]) - fmaxf(a[0], b[0]), h = fminf(a[3], b[3]) - fmaxf(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  float sa = (a[2] - a[0]) * (a[3] - a[1]), sb = (b[2] - b[0]) * (b[3] - b[1]);
  return w * h / (sa + sb - w * h);
}

static int64_t reference_detect(const TrtDetectionOutputParams *p, int items, int priors,
                                const float *loc, const float *conf, const float *prior,
                                float *out, int32_t *counts) {
  int lc = p->share_location ? 1 : p->num_classes;
  int classes = p->num_classes - (p->background_label_id >= 0);
  int per_class = p->top_k >= 0 && p->top_k < priors ? p->top_k : priors;
  int64_t rows = (int64_t)classes * per_class;
  if (p->keep_top_k >= 0 && p->keep_top_k < rows) rows = p->keep_top_k;
  float *boxes = malloc((size_t)priors * lc * 4 * sizeof *boxes);
  Det *cand = malloc((size_t)priors * sizeof *cand), *kept = malloc((size_t)(classes * per_class + 1) * sizeof *kept);
  for (int b = 0; b < items; b++) {
    for (int i = 0; i < priors; i++)
      for (int l = 0; l < lc; l++) {
        const float *pb = prior + i * 4, *pv = prior + priors * 4 + i * 4;
        const float *d = loc + ((b * priors + i) * lc + l) * 4;
        float *o = boxes + (i * lc + l) * 4;
        float v[4];
        for (int j = 0; j < 4; j++) v[j] = p->variance_encoded_in_target ? 1 : pv[j];
        float pw = pb[2] - pb[0], ph = pb[3] - pb[1];
        if (p->code_type == TRT_BOX_CODE_CORNER) {
          for (int j = 0; j < 4; j++) o[j] = pb[j] + v[j] * d[j];
        } else if (p->code_type == TRT_BOX_CODE_CENTER_SIZE) {
          float cx = v[0] * d[0] * pw + (pb[0] + pb[2]) / 2, cy = v[1] * d[1] * ph + (pb[1] + pb[3]) / 2;
          float w = expf(v[2] * d[2]) * pw, h = expf(v[3] * d[3]) * ph;
          o[0] = cx - w / 2;
          o[1] = cy - h / 2;
          o[2] = cx + w / 2;
          o[3] = cy + h / 2;
        } else {
          o[0] = pb[0] + v[0] * d[0] * pw;
          o[1] = pb[1] + v[1] * d[1] * ph;
          o[2] = pb[2] + v[2] * d[2] * pw;
          o[3] = pb[3] + v[3] * d[3] * ph;
        }
      }
    int nk = 0;
    for (int c = 0; c < p->num_classes; c++) {
      if (c == p->background_label_id) continue;
      int n = 0;
      for (int i = 0; i < priors; i++) {
        float s = conf[(b * priors + i) * p->num_classes + c];
        if (s > p->confidence_threshold) cand[n++] = (Det){s, 0, i};
      }
      qsort(cand, (size_t)n, sizeof *cand, by_score);
      if (n > per_class) n = per_class;
      float thr = p->nms_threshold;
      int first = nk, l = p->share_location ? 0 : c;
      for (int i = 0; i < n; i++) {
        bool keep = true;
        for (int k = first; k < nk && keep; k++)
          keep = iou(boxes + (cand[i].index * lc + l) * 4, boxes + (kept[k].index * lc + l) * 4) <= thr;
        if (!keep) continue;
        kept[nk++] = (Det){cand[i].score, c, cand[i].index};
        if (p->eta < 1 && thr > 0.5f) thr *= p->eta;
      }
    }
    qsort(kept, (size_t)nk, sizeof *kept, by_score);
    if (nk > rows) nk = (int)rows;
    for (int64_t r = 0; r < rows; r++) {
      float *row = out + (b * rows + r) * 7;
      if (r >= nk) {
        for (int j = 0; j < 7; j++) row[j] = -1;
        continue;
      }
      row[0] = (float)b;
      row[1] = (float)kept[r].label;
      row[2] = kept[r].score;
      memcpy(row + 3, boxes + (kept[r].index * lc + (p->share_location ? 0 : kept[r].label)) * 4,
             4 * sizeof(float));
    }
    counts[b] = nk;
  }
  free(boxes);
  free(cand);
  free(kept);
  return rows;
}

static void random_detection(const char *name, TrtDetectionOutputParams p, int items, int priors) {
  int lc = p.share_location ? 1 : p.num_classes;
  size_t nl = (size_t)items * priors * lc * 4, nc = (size_t)items * priors * p.num_classes;
  float *loc = malloc(nl * sizeof *loc), *conf = malloc(nc * sizeof *conf);
  float *prior = malloc((size_t)priors * 8 * sizeof *prior);
  /* Priors on a coarse grid so that many overlap. */
  for (int i = 0; i < priors; i++) {
    float cx = 0.1f + 0.8f * (float)(i % 5) / 4, cy = 0.1f + 0.8f * (float)(i / 5 % 5) / 4;
    float w = uniform(0.1f, 0.5f), h = uniform(0.1f, 0.5f);
    float box[4] = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}, var[4] = {0.1f, 0.1f, 0.2f, 0.2f};
    memcpy(prior + i * 4, box, sizeof box);
    memcpy(prior + priors * 4 + i * 4, var, sizeof var);
  }
  for (size_t i = 0; i < nl; i++) loc[i] = uniform(-1, 1);
  for (size_t i = 0; i < nc; i++) conf[i] = uniform(0, 1) * uniform(0, 1);
  conf[3] = conf[4 * p.num_classes + 3]; /* a tie */
  int classes = p.num_classes - (p.background_label_id >= 0);
  int per_class = p.top_k >= 0 && p.top_k < priors ? p.top_k : priors;
  int64_t cap = (int64_t)classes * per_class;
  float *want = malloc((size_t)(items * cap * 7 + 1) * sizeof *want);
  int32_t counts[8];
  int64_t rows = reference_detect(&p, items, priors, loc, conf, prior, want, counts);
  detection(name, p, F32(OP_DIMS(items, priors * lc * 4), loc),
            F32(OP_DIMS(items, priors, p.num_classes), conf), F32(OP_DIMS(1, 2, priors * 4), prior),
            F32(OP_DIMS(items, 1, rows, 7), want),
            (OpTensor){.type = TRT_DATA_TYPE_INT32, .dims = OP_DIMS(items), .data = counts}, false);
  free(loc);
  free(conf);
  free(prior);
  free(want);
}

static void cases_detection_output(void) {
  /* Two priors; zero offsets decode to the priors themselves. */
  OpTensor priors = OP_F32(OP_DIMS(1, 2, 8), 0.1f, 0.1f, 0.5f, 0.5f, 0.12f, 0.1f, 0.5f, 0.52f,
                           0.1f, 0.1f, 0.2f, 0.2f, 0.1f, 0.1f, 0.2f, 0.2f);
  OpTensor zeros = OP_F32(OP_DIMS(1, 8), 0, 0, 0, 0, 0, 0, 0, 0);
  TrtDetectionOutputParams p = ssd_defaults(3);
  /* The priors overlap by IoU 0.91: each class keeps its best one (prior 0
   * for class 1, prior 1 for class 2). Rows by score, then padding. */
  detection("detection_nms", p, zeros, OP_F32(OP_DIMS(1, 6), 0.1f, 0.9f, 0.2f, 0.5f, 0.7f, 0.6f),
            priors,
            OP_F32(OP_DIMS(1, 1, 4, 7), 0, 1, 0.9f, 0.1f, 0.1f, 0.5f, 0.5f,
                   0, 2, 0.6f, 0.12f, 0.1f, 0.5f, 0.52f, -1, -1, -1, -1, -1, -1, -1,
                   -1, -1, -1, -1, -1, -1, -1),
            OP_I32(OP_DIMS(1), 2), false);
  /* CENTER_SIZE offsets: centre moves by var * offset * size, size scales by
   * exp(var * offset). */
  TrtDetectionOutputParams one = ssd_defaults(2);
  one.keep_top_k = 1;
  float e = expf(0.2f * 0.5f);
  detection("detection_center_size", one,
            OP_F32(OP_DIMS(1, 8), 1, -1, 0.5f, 0, 0, 0, 0, 0),
            OP_F32(OP_DIMS(1, 4), 0, 0.9f, 0, 0.8f), priors,
            OP_F32(OP_DIMS(1, 1, 1, 7), 0, 1, 0.9f, 0.34f - 0.2f * e, 0.26f - 0.2f, 0.34f + 0.2f * e,
                   0.26f + 0.2f),
            OP_I32(OP_DIMS(1), 1), false);
  /* CORNER with the variance in the target, per-class locations, no
   * background, a count output absent. */
  TrtDetectionOutputParams corner = {.num_classes = 2, .background_label_id = -1,
                                     .code_type = TRT_BOX_CODE_CORNER, .variance_encoded_in_target = 1,
                                     .top_k = 1, .keep_top_k = -1, .confidence_threshold = 0.5f,
                                     .nms_threshold = 0.3f, .eta = 1};
  OpTensor loc2 = OP_F32(OP_DIMS(1, 16), 0.1f, 0, 0, 0, 0, 0.1f, 0, 0, 0, 0, 0.1f, 0, 0, 0, 0, 0.1f);
  detection("detection_corner_per_class", corner, loc2, OP_F32(OP_DIMS(1, 4), 0.6f, 0.7f, 0.8f, 0.4f),
            priors,
            OP_F32(OP_DIMS(1, 1, 2, 7), 0, 0, 0.8f, 0.12f, 0.1f, 0.6f, 0.52f,
                   0, 1, 0.7f, 0.1f, 0.2f, 0.5f, 0.5f),
            (OpTensor){0}, false);
  /* Nothing above the threshold: all rows are padding, count 0. */
  TrtDetectionOutputParams high = ssd_defaults(2);
  high.confidence_threshold = 0.95f;
  detection("detection_none", high, zeros, OP_F32(OP_DIMS(1, 4), 0, 0.9f, 0, 0.95f), priors,
            OP_F32(OP_DIMS(1, 1, 2, 7), -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1),
            OP_I32(OP_DIMS(1), 0), false);
  /* Random: batches, top_k, keep_top_k across classes, adaptive NMS,
   * unshared locations, CORNER_SIZE. */
  TrtDetectionOutputParams r = ssd_defaults(4);
  random_detection("detection_random", r, 2, 25);
  r.top_k = 5;
  r.keep_top_k = 7;
  random_detection("detection_random_top_k", r, 3, 25);
  r.eta = 0.8f;
  r.nms_threshold = 0.7f;
  r.code_type = TRT_BOX_CODE_CORNER_SIZE;
  r.share_location = 0;
  random_detection("detection_random_eta_per_class", r, 2, 20);
  r = ssd_defaults(3);
  r.keep_top_k = 0;
  random_detection("detection_random_keep_none", r, 1, 10);
  /* Empty batch. */
  detection("detection_empty_batch", p, OP_RAND(OP_DIMS(0, 8)), OP_RAND(OP_DIMS(0, 6)), priors,
            OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(0, 1, 4, 7)), OP_ANY(TRT_DATA_TYPE_INT32, OP_DIMS(0)),
            false);
  /* Bad: sizes that do not fit, priors without variances, parameters. */
  OpTensor any = OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 1, 4, 7));
  detection("detection_bad_loc", p, OP_RAND(OP_DIMS(1, 7)), OP_RAND(OP_DIMS(1, 6)), priors, any,
            (OpTensor){0}, true);
  detection("detection_bad_conf", p, zeros, OP_RAND(OP_DIMS(1, 5)), priors, any, (OpTensor){0}, true);
  detection("detection_bad_priors", p, zeros, OP_RAND(OP_DIMS(1, 6)),
            OP_F32(OP_DIMS(1, 1, 8), 0, 0, 1, 1, 0, 0, 1, 1), any, (OpTensor){0}, true);
  TrtDetectionOutputParams bad = p;
  bad.background_label_id = 3;
  detection("detection_bad_background", bad, zeros, OP_RAND(OP_DIMS(1, 6)), priors, any,
            (OpTensor){0}, true);
  bad = p;
  bad.nms_threshold = 1.5f;
  detection("detection_bad_nms", bad, zeros, OP_RAND(OP_DIMS(1, 6)), priors, any, (OpTensor){0}, true);
  bad = p;
  bad.code_type = 0;
  detection("detection_bad_code", bad, zeros, OP_RAND(OP_DIMS(1, 6)), priors, any, (OpTensor){0}, true);
}

void cases_ssd(void) {
  cases_normalize();
  cases_prior_box();
  cases_detection_output();
}
