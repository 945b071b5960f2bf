/* CPU reference kernels: the SSD detection layers (see layers.h).
 * Normalize sums squares in double. PriorBox computes in double and stores
 * float. DetectionOutput follows Caffe SSD's decoder: box decoding and IoU
 * in float, candidates sorted by score (ties: lower prior first), greedy
 * NMS per class, then the best keep_top_k of all classes. */
#include <stdlib.h>
#include <string.h>

#include "cpu-impl.h"

/* ---- Normalize -------------------------------------------------------------- */

static int64_t spatial_size(const TrtDims *d) {
  int64_t s = 1;
  for (int i = 2; i < d->nb_dims; i++) s *= d->d[i];
  return s;
}

static TrtStatus prepare_normalize(TrtKernelArgs *args) {
  const TrtNormalizeParams *p = args->params;
  /* Per-position sums, filled channel by channel to read x in order. */
  if (!p->across_spatial)
    args->workspace_size = (size_t)spatial_size(&args->inputs[0].dims) * sizeof(double);
  return TRT_STATUS_OK;
}

static TrtStatus run_normalize(TrtKernelArgs *args) {
  const TrtNormalizeParams *p = args->params;
  const TrtDims *d = &args->inputs[0].dims;
  int64_t items = d->d[0], channels = d->d[1], spatial = spatial_size(d);
  const float *x = args->inputs[0].data, *scale = args->inputs[1].data;
  float *y = args->outputs[0].data;
  double *norms = args->workspace;
  for (int64_t b = 0; b < items; b++) {
    const float *xb = x + b * channels * spatial;
    float *yb = y + b * channels * spatial;
    if (p->across_spatial) {
      double sum = 0;
      for (int64_t i = 0; i < channels * spatial; i++) sum += (double)xb[i] * xb[i];
      double inv = 1.0 / sqrt(sum + p->eps);
      for (int64_t c = 0; c < channels; c++) {
        double s = inv * scale[p->channel_shared ? 0 : c];
        for (int64_t i = 0; i < spatial; i++)
          yb[c * spatial + i] = (float)(xb[c * spatial + i] * s);
      }
      continue;
    }
    for (int64_t i = 0; i < spatial; i++) norms[i] = p->eps;
    for (int64_t c = 0; c < channels; c++)
      for (int64_t i = 0; i < spatial; i++)
        norms[i] += (double)xb[c * spatial + i] * xb[c * spatial + i];
    for (int64_t i = 0; i < spatial; i++) norms[i] = 1.0 / sqrt(norms[i]);
    for (int64_t c = 0; c < channels; c++) {
      double s = scale[p->channel_shared ? 0 : c];
      for (int64_t i = 0; i < spatial; i++)
        yb[c * spatial + i] = (float)(xb[c * spatial + i] * norms[i] * s);
    }
  }
  return TRT_STATUS_OK;
}

const TrtKernel trt_cpu_normalize = {.prepare = prepare_normalize, .run = run_normalize};

/* ---- PriorBox --------------------------------------------------------------- */

typedef struct {
  float *out;
  int64_t k;
  double img_w, img_h;
} PriorWriter;

static void emit_prior(PriorWriter *w, double cx, double cy, double bw, double bh) {
  w->out[w->k++] = (float)((cx - bw / 2) / w->img_w);
  w->out[w->k++] = (float)((cy - bh / 2) / w->img_h);
  w->out[w->k++] = (float)((cx + bw / 2) / w->img_w);
  w->out[w->k++] = (float)((cy + bh / 2) / w->img_h);
}

static TrtStatus run_prior_box(TrtKernelArgs *args) {
  const TrtPriorBoxParams *p = args->params;
  const TrtDims *feature = &args->inputs[0].dims;
  bool has_image = args->nb_inputs > 1 && args->inputs[1].present;
  const TrtDims *image = has_image ? &args->inputs[1].dims : NULL;
  int64_t h = feature->d[2], w = feature->d[3];
  PriorWriter pw = {
      .out = args->outputs[0].data,
      .img_h = p->img_h ? p->img_h : (double)image->d[2],
      .img_w = p->img_w ? p->img_w : (double)image->d[3],
  };
  double step_h = p->step_h > 0 ? p->step_h : pw.img_h / (double)h;
  double step_w = p->step_w > 0 ? p->step_w : pw.img_w / (double)w;
  for (int64_t row = 0; row < h; row++) {
    for (int64_t col = 0; col < w; col++) {
      double cx = (col + p->offset) * step_w, cy = (row + p->offset) * step_h;
      for (int s = 0; s < p->nb_min_sizes; s++) {
        double size = p->min_size[s];
        emit_prior(&pw, cx, cy, size, size);
        if (p->nb_max_sizes) {
          double big = sqrt(size * p->max_size[s]);
          emit_prior(&pw, cx, cy, big, big);
        }
        for (int r = 0; r < p->nb_aspect_ratios; r++) {
          double ratio = p->aspect_ratio[r];
          if (fabs(ratio - 1.0) < 1e-6) continue;
          emit_prior(&pw, cx, cy, size * sqrt(ratio), size / sqrt(ratio));
        }
      }
    }
  }
  int64_t count = pw.k;
  if (p->clip)
    for (int64_t i = 0; i < count; i++) pw.out[i] = fminf(fmaxf(pw.out[i], 0.0f), 1.0f);
  float *variances = pw.out + count;
  for (int64_t i = 0; i < count; i++)
    variances[i] = p->variance[p->nb_variances == 4 ? i % 4 : 0];
  return TRT_STATUS_OK;
}

const TrtKernel trt_cpu_prior_box = {.run = run_prior_box};

/* ---- DetectionOutput -------------------------------------------------------- */

typedef struct {
  float score;
  int32_t index; /* prior */
} Candidate;

typedef struct {
  float score;
  int32_t label;
  int32_t index; /* prior */
} Detection;

/* The counts that size the scratch, from the inputs and params. */
typedef struct {
  int64_t priors, loc_classes, per_class, max_kept;
} DetectionCounts;

static DetectionCounts detection_counts(const TrtKernelArgs *args) {
  const TrtDetectionOutputParams *p = args->params;
  DetectionCounts n;
  n.priors = args->inputs[2].dims.d[2] / 4;
  n.loc_classes = p->share_location ? 1 : p->num_classes;
  n.per_class = p->top_k >= 0 && p->top_k < n.priors ? p->top_k : n.priors;
  n.max_kept = (p->num_classes - (p->background_label_id >= 0 ? 1 : 0)) * n.per_class;
  return n;
}

static size_t align16(size_t n) { return (n + 15) & ~(size_t)15; }

/* Workspace: decoded boxes, the candidates of one class, the detections
 * kept for one item. */
static TrtStatus prepare_detection_output(TrtKernelArgs *args) {
  DetectionCounts n = detection_counts(args);
  args->workspace_size = align16((size_t)(n.priors * n.loc_classes * 4) * sizeof(float)) +
                         align16((size_t)n.priors * sizeof(Candidate)) +
                         (size_t)n.max_kept * sizeof(Detection);
  return TRT_STATUS_OK;
}

static void decode_box(const TrtDetectionOutputParams *p, const float *prior,
                       const float *variance, const float *loc, float *out) {
  float v[4] = {1, 1, 1, 1};
  if (!p->variance_encoded_in_target) memcpy(v, variance, sizeof v);
  float pw = prior[2] - prior[0], ph = prior[3] - prior[1];
  switch (p->code_type) {
    case TRT_BOX_CODE_CORNER:
      for (int k = 0; k < 4; k++) out[k] = prior[k] + v[k] * loc[k];
      break;
    case TRT_BOX_CODE_CENTER_SIZE: {
      float cx = v[0] * loc[0] * pw + (prior[0] + prior[2]) / 2;
      float cy = v[1] * loc[1] * ph + (prior[1] + prior[3]) / 2;
      float w = expf(v[2] * loc[2]) * pw, h = expf(v[3] * loc[3]) * ph;
      out[0] = cx - w / 2;
      out[1] = cy - h / 2;
      out[2] = cx + w / 2;
      out[3] = cy + h / 2;
      break;
    }
    default: /* TRT_BOX_CODE_CORNER_SIZE */
      out[0] = prior[0] + v[0] * loc[0] * pw;
      out[1] = prior[1] + v[1] * loc[1] * ph;
      out[2] = prior[2] + v[2] * loc[2] * pw;
      out[3] = prior[3] + v[3] * loc[3] * ph;
  }
}

static float box_area(const float *b) {
  return b[2] < b[0] || b[3] < b[1] ? 0.0f : (b[2] - b[0]) * (b[3] - b[1]);
}

static float box_iou(const float *a, const float *b) {
  if (b[0] > a[2] || b[2] < a[0] || b[1] > a[3] || b[3] < a[1]) return 0.0f;
  float w = fminf(a[2], b[2]) - fmaxf(a[0], b[0]);
  float h = fminf(a[3], b[3]) - fmaxf(a[1], b[1]);
  if (!(w > 0 && h > 0)) return 0.0f;
  float inter = w * h;
  return inter / (box_area(a) + box_area(b) - inter);
}

static int by_score(const void *pa, const void *pb) {
  const Candidate *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

static int by_score_label(const void *pa, const void *pb) {
  const Detection *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->label != b->label) return a->label < b->label ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/* Candidates of class c in one item, best first, cut to top_k; then greedy
 * NMS appends the survivors to kept. Returns the new count of kept. */
static int64_t select_class(const TrtDetectionOutputParams *p, const DetectionCounts *n,
                            const float *conf, const float *boxes, int32_t c,
                            Candidate *candidates, Detection *kept, int64_t nb_kept) {
  int64_t count = 0;
  for (int64_t i = 0; i < n->priors; i++) {
    float s = conf[i * p->num_classes + c];
    if (s > p->confidence_threshold) candidates[count++] = (Candidate){s, (int32_t)i};
  }
  qsort(candidates, (size_t)count, sizeof *candidates, by_score);
  if (count > n->per_class) count = n->per_class;
  int64_t loc_class = p->share_location ? 0 : c, first = nb_kept;
  float threshold = p->nms_threshold;
  for (int64_t i = 0; i < count; i++) {
    const float *box = boxes + (candidates[i].index * n->loc_classes + loc_class) * 4;
    bool keep = true;
    for (int64_t k = first; k < nb_kept && keep; k++)
      keep = box_iou(box, boxes + (kept[k].index * n->loc_classes + loc_class) * 4) <= threshold;
    if (!keep) continue;
    kept[nb_kept++] = (Detection){candidates[i].score, c, candidates[i].index};
    if (p->eta < 1 && threshold > 0.5f) threshold *= p->eta;
  }
  return nb_kept;
}

static TrtStatus run_detection_output(TrtKernelArgs *args) {
  const TrtDetectionOutputParams *p = args->params;
  DetectionCounts n = detection_counts(args);
  const float *loc = args->inputs[0].data, *conf = args->inputs[1].data;
  const float *priors = args->inputs[2].data, *variances = priors + n.priors * 4;
  int64_t items = args->outputs[0].dims.d[0], rows = args->outputs[0].dims.d[2];
  float *out = args->outputs[0].data;
  int32_t *counts = args->nb_outputs > 1 ? args->outputs[1].data : NULL;
  char *ws = args->workspace;
  float *boxes = (float *)ws;
  Candidate *candidates =
      (Candidate *)(ws + align16((size_t)(n.priors * n.loc_classes * 4) * sizeof(float)));
  Detection *kept = (Detection *)((char *)candidates + align16((size_t)n.priors * sizeof(Candidate)));
  for (int64_t b = 0; b < items; b++) {
    const float *loc_b = loc + b * n.priors * n.loc_classes * 4;
    const float *conf_b = conf + b * n.priors * p->num_classes;
    for (int64_t i = 0; i < n.priors; i++)
      for (int64_t l = 0; l < n.loc_classes; l++)
        decode_box(p, priors + i * 4, variances + i * 4, loc_b + (i * n.loc_classes + l) * 4,
                   boxes + (i * n.loc_classes + l) * 4);
    int64_t nb_kept = 0;
    for (int32_t c = 0; c < p->num_classes; c++)
      if (c != p->background_label_id)
        nb_kept = select_class(p, &n, conf_b, boxes, c, candidates, kept, nb_kept);
    qsort(kept, (size_t)nb_kept, sizeof *kept, by_score_label);
    if (nb_kept > rows) nb_kept = rows; /* rows is keep_top_k when that cuts */
    float *out_b = out + b * rows * 7;
    for (int64_t r = 0; r < nb_kept; r++) {
      const float *box = boxes + (kept[r].index * n.loc_classes +
                                  (p->share_location ? 0 : kept[r].label)) * 4;
      float *row = out_b + r * 7;
      row[0] = (float)b;
      row[1] = (float)kept[r].label;
      row[2] = kept[r].score;
      memcpy(row + 3, box, 4 * sizeof(float));
    }
    for (int64_t i = nb_kept * 7; i < rows * 7; i++) out_b[i] = -1.0f;
    if (counts) counts[b] = (int32_t)nb_kept;
  }
  return TRT_STATUS_OK;
}

const TrtKernel trt_cpu_detection_output = {.prepare = prepare_detection_output,
                                            .run = run_detection_output};
