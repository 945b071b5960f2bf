/* Classification: softmax and the k best classes. */
#include <math.h>
#include <string.h>

#include "vision-impl.h"

/* Largest non-NaN value, -INFINITY when there is none. */
static float max_value(const float *x, int n) {
  float m = -INFINITY;
  for (int i = 0; i < n; i++)
    if (x[i] > m) m = x[i];
  return m;
}

/* exp(x - max) with the one case that would give NaN made explicit: when the
 * maximum is +inf, the +inf entries share all the mass. */
static float shifted_exp(float x, float max) {
  if (isinf(max) && max > 0) return x == max ? 1.0f : 0.0f;
  return expf(x - max);
}

void trt_softmax(const float *in, int n, float *out) {
  float max = max_value(in, n);
  double sum = 0.0;
  for (int i = 0; i < n; i++)
    if (!isnan(in[i])) sum += shifted_exp(in[i], max);
  for (int i = 0; i < n; i++)
    out[i] = isnan(in[i]) || sum == 0.0 ? NAN : (float)(shifted_exp(in[i], max) / sum);
}

/* Scores that already are a distribution: all in [0, 1], summing to 1. */
static bool is_distribution(const float *x, int n) {
  double sum = 0.0;
  for (int i = 0; i < n; i++) {
    if (!(x[i] >= 0.0f && x[i] <= 1.0f)) return false;
    sum += x[i];
  }
  return fabs(sum - 1.0) < 1e-3;
}

int trt_classify(const float *scores, int n, TrtSoftmaxMode softmax, int topk,
                 float threshold, TrtClassification *out) {
  if (!scores || !out || n <= 0 || topk <= 0) return 0;
  bool apply = softmax == TRT_SOFTMAX_ALWAYS ||
               (softmax == TRT_SOFTMAX_AUTO && !is_distribution(scores, n));
  float max = apply ? max_value(scores, n) : 0.0f;
  double sum = 0.0;
  if (apply)
    for (int i = 0; i < n; i++)
      if (!isnan(scores[i])) sum += shifted_exp(scores[i], max);
  if (apply && sum == 0.0) return 0;

  /* Insertion into a sorted list of at most topk: n is a class count and
   * topk small, so this beats sorting everything. */
  int count = 0;
  for (int i = 0; i < n; i++) {
    float c = apply ? (float)(shifted_exp(scores[i], max) / sum) : scores[i];
    if (isnan(c) || !(c >= threshold)) continue;
    if (count == topk && c <= out[count - 1].confidence) continue;
    int pos = count < topk ? count++ : topk - 1;
    while (pos > 0 && out[pos - 1].confidence < c) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos].class_id = i;
    out[pos].confidence = c;
  }
  return count;
}
