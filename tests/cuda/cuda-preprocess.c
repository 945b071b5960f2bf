/* The device preprocessing (trt_context_execute_images on a CUDA engine)
 * against lib/vision's CPU reference (trt_preprocess_batch): every pixel
 * format the element takes, RGB/BGR/GRAY networks, stretch and letterbox,
 * shrinking and growing, odd sizes, padded strides, both YUV matrices and
 * ranges, batches of frames of different formats and sizes; the mappings
 * too; and the refusals (bad frame, wrong size). The network is x + 0, so
 * its output is the preprocessed input. Exits 77 (SKIP) without a GPU. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#define MAX_BATCH 3

static int failures, passes;

static void check(bool ok, const char *what) {
  if (!ok) printf("FAIL %s\n", what);
  ok ? passes++ : failures++;
}

static TrtEngine *build(TrtLogger *logger, TrtBackendKind kind, int c, int h, int w) {
  TrtBuilder *b = trt_builder_new(logger);
  TrtNetwork *net = trt_builder_create_network(b);
  TrtBuilderConfig *config = trt_builder_config_new();
  trt_builder_config_set_backend(config, kind);
  trt_builder_config_set_max_batch_size(config, MAX_BATCH);
  float zero = 0.0f;
  TrtDims xd = {.nb_dims = 4, .d = {-1, c, h, w}}, zd = {.nb_dims = 0};
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &xd);
  TrtTensor *z = trt_network_add_constant(net, "zero", TRT_DATA_TYPE_FLOAT, &zd, &zero);
  TrtLayer *sum = trt_network_add_elementwise(net, x, z, TRT_ELEMENTWISE_ADD);
  trt_network_mark_output(net, trt_layer_get_output(sum, 0));
  TrtEngine *e = trt_builder_build_engine(b, net, config);
  trt_builder_config_free(config);
  trt_network_free(net);
  trt_builder_free(b);
  return e;
}

/* A frame of random bytes with `pad` spare bytes at the end of each row. */
typedef struct {
  TrtImageView view;
  uint8_t *data;
} Frame;

static Frame make_frame(TrtPixelFormat format, int w, int h, int pad, unsigned *seed) {
  Frame f = {.view = {.format = format, .width = w, .height = h}};
  int cw = (w + 1) / 2, ch = (h + 1) / 2;
  int rows[3] = {h, ch, ch}, widths[3] = {w, 0, 0};
  switch (format) {
  case TRT_PIXEL_FORMAT_RGB:
  case TRT_PIXEL_FORMAT_BGR: widths[0] = 3 * w; break;
  case TRT_PIXEL_FORMAT_GRAY8: break;
  case TRT_PIXEL_FORMAT_NV12: widths[1] = 2 * cw; break;
  case TRT_PIXEL_FORMAT_I420: widths[1] = widths[2] = cw; break;
  default: widths[0] = 4 * w; break;
  }
  size_t size = 0, offsets[3];
  int nb = trt_pixel_format_nb_planes(format);
  for (int k = 0; k < nb; k++) {
    offsets[k] = size;
    f.view.strides[k] = widths[k] + pad;
    size += (size_t)f.view.strides[k] * (size_t)rows[k];
  }
  f.data = malloc(size);
  for (size_t i = 0; i < size; i++) {
    *seed = *seed * 1103515245u + 12345u;
    f.data[i] = (uint8_t)(*seed >> 16);
  }
  for (int k = 0; k < nb; k++) f.view.planes[k] = f.data + offsets[k];
  return f;
}

typedef struct {
  TrtEngine *engine;
  TrtContext *context;
} Runner;

static float max_difference(const float *a, const float *b, size_t n) {
  float worst = 0.0f;
  for (size_t i = 0; i < n; i++) {
    float d = fabsf(a[i] - b[i]);
    if (!(d <= worst)) worst = isnan(d) ? INFINITY : d;
  }
  return worst;
}

/* Runs the frames through the engine and through the CPU reference. */
static void compare(TrtLogger *logger, Runner *gpu, Runner *cpu_engine, const Frame *frames,
                    int count, const TrtPreprocessParams *p, const char *what) {
  size_t volume = (size_t)count * (size_t)trt_color_format_channels(p->color_format) *
                  (size_t)p->width * (size_t)p->height;
  float *want = malloc(volume * sizeof(float)), *got = malloc(volume * sizeof(float)),
        *cpu_got = malloc(volume * sizeof(float));
  TrtImageView views[MAX_BATCH];
  TrtImageMapping want_map[MAX_BATCH], got_map[MAX_BATCH];
  for (int i = 0; i < count; i++) views[i] = frames[i].view;
  bool ok = trt_preprocess_batch(views, count, p, want, want_map, logger) == TRT_STATUS_OK;
  memset(got, 0xff, volume * sizeof(float));
  void *bindings[2] = {NULL, got};
  ok = ok && trt_context_execute_images(gpu->context, 0, views, count, p, bindings, got_map) ==
                 TRT_STATUS_OK;
  float diff = ok ? max_difference(got, want, volume) : INFINITY;
  char text[256];
  snprintf(text, sizeof text, "%s on cuda (max difference %g)", what, (double)diff);
  check(ok && diff <= 1e-4f, text);
  if (ok) {
    snprintf(text, sizeof text, "%s: mappings", what);
    check(memcmp(got_map, want_map, (size_t)count * sizeof *got_map) == 0, text);
  }
  bindings[1] = cpu_got;
  ok = trt_context_execute_images(cpu_engine->context, 0, views, count, p, bindings, NULL) ==
           TRT_STATUS_OK &&
       memcmp(cpu_got, want, volume * sizeof(float)) == 0;
  snprintf(text, sizeof text, "%s on the cpu engine", what);
  check(ok, text);
  free(want);
  free(got);
  free(cpu_got);
}

static Runner runner(TrtLogger *logger, TrtBackendKind kind, int c, int h, int w) {
  Runner r = {build(logger, kind, c, h, w), NULL};
  if (r.engine) r.context = trt_engine_create_context(r.engine);
  return r;
}

static void runner_free(Runner *r) {
  trt_context_free(r->context);
  trt_engine_free(r->engine);
}

int main(void) {
  if (!trt_backend_is_available(TRT_BACKEND_CUDA, 0)) {
    printf("SKIP: no CUDA device\n");
    return 77;
  }
  TrtLogger *logger = trt_logger_new_console(TRT_SEVERITY_WARNING);
  const int net_w = 20, net_h = 14;
  /* Frame sizes: shrink, grow, odd sides, a one-pixel-wide frame. */
  const int sizes[][2] = {{37, 23}, {9, 5}, {1, 7}, {64, 64}};
  unsigned seed = 12345u;
  for (int cf = TRT_COLOR_FORMAT_RGB; cf <= TRT_COLOR_FORMAT_GRAY; cf++) {
    int channels = trt_color_format_channels((TrtColorFormat)cf);
    Runner gpu = runner(logger, TRT_BACKEND_CUDA, channels, net_h, net_w);
    Runner cpu = runner(logger, TRT_BACKEND_CPU, channels, net_h, net_w);
    check(gpu.context && cpu.context, "engines and contexts");
    if (!gpu.context || !cpu.context) return 1;
    for (int fit = TRT_FIT_STRETCH; fit <= TRT_FIT_LETTERBOX; fit++) {
      TrtPreprocessParams p;
      trt_preprocess_params_init(&p);
      p.width = net_w;
      p.height = net_h;
      p.color_format = (TrtColorFormat)cf;
      p.fit_mode = (TrtFitMode)fit;
      p.scale = 1.0f / 58.0f;
      p.offsets[0] = 123.7f;
      p.offsets[1] = 116.3f;
      p.offsets[2] = 103.5f;
      p.pad_value = 114.0f;
      for (int pf = 0; pf < TRT_PIXEL_FORMAT_COUNT; pf++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
          for (int yuv = 0; yuv < (pf >= TRT_PIXEL_FORMAT_NV12 ? 4 : 1); yuv++) {
            Frame f = make_frame((TrtPixelFormat)pf, sizes[s][0], sizes[s][1], (int)s * 3,
                                 &seed);
            f.view.yuv_matrix = yuv & 1 ? TRT_YUV_BT709 : TRT_YUV_BT601;
            f.view.yuv_full_range = yuv & 2;
            char what[160];
            snprintf(what, sizeof what, "%s %dx%d%s%s -> %s %s",
                     trt_pixel_format_name((TrtPixelFormat)pf), sizes[s][0], sizes[s][1],
                     yuv & 1 ? " BT.709" : "", yuv & 2 ? " full range" : "",
                     trt_color_format_name((TrtColorFormat)cf),
                     trt_fit_mode_name((TrtFitMode)fit));
            compare(logger, &gpu, &cpu, &f, 1, &p, what);
            free(f.data);
          }
      /* One batch of frames that differ in format and size. */
      Frame batch[MAX_BATCH] = {
          make_frame(TRT_PIXEL_FORMAT_NV12, 33, 17, 5, &seed),
          make_frame(TRT_PIXEL_FORMAT_BGRX, 12, 40, 0, &seed),
          make_frame(TRT_PIXEL_FORMAT_I420, 41, 29, 2, &seed),
      };
      char what[96];
      snprintf(what, sizeof what, "a batch of NV12, BGRx and I420 frames -> %s %s",
               trt_color_format_name((TrtColorFormat)cf), trt_fit_mode_name((TrtFitMode)fit));
      compare(logger, &gpu, &cpu, batch, MAX_BATCH, &p, what);
      for (int i = 0; i < MAX_BATCH; i++) free(batch[i].data);
    }
    runner_free(&gpu);
    runner_free(&cpu);
  }

  /* Refusals: a frame whose stride is shorter than a row, parameters of
   * another size than the input, more frames than the max batch. */
  Runner gpu = runner(logger, TRT_BACKEND_CUDA, 3, net_h, net_w);
  float out[MAX_BATCH * 3 * 14 * 20];
  void *bindings[2] = {NULL, out};
  TrtPreprocessParams p;
  trt_preprocess_params_init(&p);
  p.width = net_w;
  p.height = net_h;
  Frame f = make_frame(TRT_PIXEL_FORMAT_RGB, 8, 8, 0, &seed);
  TrtImageView frames[MAX_BATCH + 2] = {f.view, f.view, f.view, f.view, f.view};
  frames[0].strides[0] = 8;
  check(trt_context_execute_images(gpu.context, 0, frames, 1, &p, bindings, NULL) ==
            TRT_STATUS_INVALID_ARGUMENT,
        "a frame with a short stride is refused");
  check(trt_context_execute_images(gpu.context, 0, frames + 1, MAX_BATCH + 1, &p, bindings,
                                   NULL) != TRT_STATUS_OK,
        "more frames than the max batch are refused");
  p.width = net_w + 1;
  check(trt_context_execute_images(gpu.context, 0, frames + 1, 1, &p, bindings, NULL) ==
            TRT_STATUS_INVALID_ARGUMENT,
        "parameters of another size than the input are refused");
  p.width = net_w;
  check(trt_context_execute_images(gpu.context, 1, frames + 1, 1, &p, bindings, NULL) ==
            TRT_STATUS_INVALID_ARGUMENT,
        "an output binding is refused");
  check(trt_context_execute_images(gpu.context, 0, frames + 1, 1, &p, bindings, NULL) ==
            TRT_STATUS_OK,
        "a good frame still runs after the refusals");
  free(f.data);
  runner_free(&gpu);
  trt_logger_free(logger);
  printf("%d passed, %d failed\n", passes, failures);
  return failures ? 1 : 0;
}
