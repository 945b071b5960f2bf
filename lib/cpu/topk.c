/* CPU reference kernel: topk.
 *
 * Each slice along the axis is scanned once while a heap keeps the best k
 * indices seen so far, its worst at the root (O(n log k)); the heap is then
 * emptied worst-first into the outputs, so results are always sorted best
 * first. Equal values keep the lower index first. NaN counts as larger than
 * every number (as in NumPy's sort): it comes first for largest, last for
 * smallest. The heap lives in the workspace: k int64 indices. */
#include <string.h>

#include "int-access.h"

typedef struct {
  const void *data;
  TrtDataType type;
  int64_t base, stride; /* element j of the slice is at base + j * stride */
  bool largest;
} Slice;

static double value_f(const Slice *s, int64_t j) {
  int64_t i = s->base + j * s->stride;
  return s->type == TRT_DATA_TYPE_FLOAT ? ((const float *)s->data)[i]
                                        : trt_cpu_load(s->data, s->type, i);
}

/* -1, 0, 1 as element a orders before, with, after element b in ascending
 * order with NaN last; integers are compared exactly. */
static int compare(const Slice *s, int64_t a, int64_t b) {
  if (!trt_cpu_is_float(s->type)) {
    int64_t x = trt_cpu_load_int(s->data, s->type, s->base + a * s->stride);
    int64_t y = trt_cpu_load_int(s->data, s->type, s->base + b * s->stride);
    return (x > y) - (x < y);
  }
  double x = value_f(s, a), y = value_f(s, b);
  if (x != x || y != y) return (x != x) - (y != y);
  return (x > y) - (x < y);
}

/* Whether element a should come before element b in the output. */
static bool better(const Slice *s, int64_t a, int64_t b) {
  int c = compare(s, a, b);
  if (c == 0) return a < b;
  return s->largest ? c > 0 : c < 0;
}

/* Restores the heap below position i: the root holds the worst index. */
static void sift_down(const Slice *s, int64_t *heap, int64_t size, int64_t i) {
  for (;;) {
    int64_t l = 2 * i + 1, r = l + 1, worst = i;
    if (l < size && better(s, heap[worst], heap[l])) worst = l;
    if (r < size && better(s, heap[worst], heap[r])) worst = r;
    if (worst == i) return;
    int64_t t = heap[i];
    heap[i] = heap[worst];
    heap[worst] = t;
    i = worst;
  }
}

static void sift_up(const Slice *s, int64_t *heap, int64_t i) {
  while (i > 0) {
    int64_t parent = (i - 1) / 2;
    if (!better(s, heap[parent], heap[i])) return;
    int64_t t = heap[i];
    heap[i] = heap[parent];
    heap[parent] = t;
    i = parent;
  }
}

static TrtStatus prepare_topk(TrtKernelArgs *args) {
  const TrtTopKParams *p = args->params;
  if (p->axis < 0 || p->axis >= args->inputs[0].dims.nb_dims)
    return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range", p->axis);
  args->workspace_size = (size_t)args->outputs[0].dims.d[p->axis] * sizeof(int64_t);
  return TRT_STATUS_OK;
}

static TrtStatus run_topk(TrtKernelArgs *args) {
  const TrtTopKParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *values = &args->outputs[0];
  int64_t *indices = args->outputs[1].data;
  int64_t *heap = args->workspace;
  int axis = p->axis;
  int64_t n = in->dims.d[axis], k = values->dims.d[axis], outer = 1, inner = 1;
  if (k > n || (k > 0 && !heap))
    return trt_cpu_fail(args, TRT_STATUS_INTERNAL_ERROR, "k %lld does not fit", (long long)k);
  for (int d = 0; d < axis; d++) outer *= in->dims.d[d];
  for (int d = axis + 1; d < in->dims.nb_dims; d++) inner *= in->dims.d[d];
  size_t es = trt_data_type_size(in->type);
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      Slice s = {.data = in->data, .type = in->type, .base = o * n * inner + i,
                 .stride = inner, .largest = p->largest != 0};
      int64_t size = 0;
      for (int64_t j = 0; j < n && k > 0; j++) {
        if (size < k) {
          heap[size] = j;
          sift_up(&s, heap, size++);
        } else if (better(&s, j, heap[0])) {
          heap[0] = j;
          sift_down(&s, heap, size, 0);
        }
      }
      int64_t out_base = o * k * inner + i;
      for (int64_t r = k - 1; r >= 0; r--) {
        int64_t j = heap[0];
        heap[0] = heap[--size];
        sift_down(&s, heap, size, 0);
        int64_t at = out_base + r * inner;
        indices[at] = j;
        memcpy((uint8_t *)values->data + (size_t)at * es,
               (const uint8_t *)in->data + (size_t)(s.base + j * s.stride) * es, es);
      }
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_topk = {.prepare = prepare_topk, .run = run_topk};
