/* The trtinfer element against the bare engine, on the same frames, in the
 * same process and thread, one measurement after the other.
 *
 * Each round pushes one frame through the element (a GstHarness: the push
 * runs the element's whole work on this thread: frame mapping, conversion
 * to the network input, the run, decoding, metadata and the bus message),
 * then runs the bare engine once (trt_context_execute on the same engine
 * file, the input already converted: what `trtinfer bench` times), then
 * converts the frame alone (trt_preprocess_image). The order of the three
 * rotates from round to round, so that none always runs in another's
 * wake. Whatever else runs on the machine slows the three alike, which
 * measuring them minutes apart did not. Untimed: making the frame buffers,
 * taking the results off the harness and the bus.
 *
 * Prints one JSON object: min, median, p90, p99 of each, in ms, and of
 * the element's time minus the engine's on the same frame, which a burst of
 * other work disturbs less than either (both ran within a few ms).
 *
 *   element-bench MODEL.onnx WIDTH HEIGHT RGB|NV12 FRAMES WORKDIR [cpu|cuda]
 * (built by run.sh; WORKDIR receives the engine file). On CUDA the element
 * uploads the frame and converts it on the device, while the bare engine
 * uploads the converted input and both download the outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <trtinfer/trtinfer.h>

#include "timing.h"

#define WARMUP_FRAMES 10

enum { ELEMENT, ENGINE, PREPROCESS, NB_MEASURES };
static const char *const measure_names[NB_MEASURES] = {"element", "engine", "preprocess"};

static void fail(const char *what) {
  fprintf(stderr, "element-bench: %s\n", what);
  exit(1);
}

/* The bare engine: its own context and host bindings, loaded from the file
 * the element built. */
typedef struct {
  TrtRuntime *runtime;
  TrtEngine *engine;
  TrtContext *context;
  void **bindings;
  int nb_bindings;
} Bare;

static void bare_open(Bare *b, const char *path, TrtLogger *logger) {
  b->runtime = trt_runtime_new(logger);
  b->engine = b->runtime ? trt_runtime_load_engine(b->runtime, path) : NULL;
  b->context = b->engine ? trt_engine_create_context(b->engine) : NULL;
  if (!b->context) fail("cannot load the engine the element built");
  b->nb_bindings = trt_engine_get_nb_bindings(b->engine);
  b->bindings = calloc((size_t)b->nb_bindings, sizeof *b->bindings);
  for (int i = 0; i < b->nb_bindings; i++) {
    TrtDims d = trt_engine_get_binding_dims(b->engine, i);
    size_t size = (size_t)trt_dims_volume(&d) *
                  trt_data_type_size(trt_engine_get_binding_type(b->engine, i));
    b->bindings[i] = calloc(size ? size : 1, 1);
    if (!b->bindings[i]) fail("out of memory");
  }
}

static void bare_close(Bare *b) {
  for (int i = 0; i < b->nb_bindings; i++) free(b->bindings[i]);
  free(b->bindings);
  trt_context_free(b->context);
  trt_engine_free(b->engine);
  trt_runtime_free(b->runtime);
}

/* One frame of the test pattern: bytes that vary along rows and columns. */
static GstBuffer *make_frame(const GstVideoInfo *info) {
  GstBuffer *buf = gst_buffer_new_allocate(NULL, GST_VIDEO_INFO_SIZE(info), NULL);
  GstVideoFrame frame;
  if (!gst_video_frame_map(&frame, info, buf, GST_MAP_WRITE)) fail("cannot map a frame");
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES(&frame); p++) {
    guint8 *data = GST_VIDEO_FRAME_PLANE_DATA(&frame, p);
    gint stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, p);
    gint rows = GST_VIDEO_FRAME_COMP_HEIGHT(&frame, p);
    for (gint y = 0; y < rows; y++)
      for (gint x = 0; x < stride; x++) data[y * stride + x] = (guint8)(x * 7 + y * 3 + p * 50);
  }
  gst_video_frame_unmap(&frame);
  return buf;
}

/* The frame as lib/vision sees it, for the preprocessing alone. */
static TrtImageView frame_view(GstVideoFrame *frame, TrtPixelFormat format) {
  TrtImageView v = {.format = format,
                    .width = GST_VIDEO_FRAME_WIDTH(frame),
                    .height = GST_VIDEO_FRAME_HEIGHT(frame)};
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES(frame) && p < 3; p++) {
    v.planes[p] = GST_VIDEO_FRAME_PLANE_DATA(frame, p);
    v.strides[p] = GST_VIDEO_FRAME_PLANE_STRIDE(frame, p);
  }
  return v;
}

static void print_stats(const char *name, double *ms, int n) {
  qsort(ms, (size_t)n, sizeof *ms, compare_ms);
  double sum = 0;
  for (int i = 0; i < n; i++) sum += ms[i];
  printf("\"%s\":{\"min\":%.4f,\"median\":%.4f,\"mean\":%.4f,\"p90\":%.4f,\"p99\":%.4f}", name,
         ms[0], n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, sum / n,
         ms[(int)(0.9 * (n - 1))], ms[(int)(0.99 * (n - 1))]);
}

int main(int argc, char **argv) {
  if (argc != 7 && argc != 8)
    fail("usage: element-bench MODEL.onnx WIDTH HEIGHT RGB|NV12 FRAMES WORKDIR [cpu|cuda]");
  const char *backend = argc == 8 ? argv[7] : "cpu";
  const char *model = argv[1], *format_name = argv[4], *workdir = argv[6];
  int width = atoi(argv[2]), height = atoi(argv[3]), frames = atoi(argv[5]);
  if (width < 1 || height < 1 || frames < 2) fail("bad size or frame count");
  gst_init(&argc, &argv);

  GstVideoInfo info;
  TrtPixelFormat pixel_format;
  if (!trt_pixel_format_parse(format_name, &pixel_format)) fail("unknown format");
  gst_video_info_set_format(&info, gst_video_format_from_string(format_name), width, height);
  gchar *engine_path = g_build_filename(workdir, "element-bench.engine", NULL);
  gchar *launch = g_strdup_printf("trtinfer model-file=\"%s\" engine-file=\"%s\" backend=%s",
                                  model, engine_path, backend);
  GstHarness *h = gst_harness_new_parse(launch);
  g_free(launch);
  GstCaps *caps = gst_video_info_to_caps(&info);
  gst_caps_set_simple(caps, "framerate", GST_TYPE_FRACTION, 30, 1, NULL);
  gst_harness_set_src_caps(h, caps);
  /* A bus as in a pipeline: the element's per-frame message is queued. */
  GstBus *bus = gst_bus_new();
  gst_element_set_bus(h->element, bus);

  GstBuffer *pattern = make_frame(&info);
  /* The first frame starts the element: the engine is built and saved. */
  if (gst_harness_push(h, gst_buffer_copy_deep(pattern)) != GST_FLOW_OK)
    fail("the element refused the first frame (GST_DEBUG=trtinfer:4 says why)");
  gst_buffer_unref(gst_harness_pull(h));

  TrtLogger *logger = trt_logger_new_console(TRT_SEVERITY_ERROR);
  Bare bare;
  bare_open(&bare, engine_path, logger);
  TrtPreprocessParams params;
  trt_preprocess_params_init(&params);
  TrtDims in = trt_engine_get_binding_dims(bare.engine, 0);
  params.width = (int32_t)in.d[in.nb_dims - 1];
  params.height = (int32_t)in.d[in.nb_dims - 2];
  GstVideoFrame mapped;
  if (!gst_video_frame_map(&mapped, &info, pattern, GST_MAP_READ)) fail("cannot map a frame");
  TrtImageView view = frame_view(&mapped, pixel_format);
  float *converted = malloc((size_t)trt_dims_volume(&in) * sizeof *converted);
  /* The bare engine gets the element's input: the converted frame. */
  if (!converted ||
      trt_preprocess_image(&view, &params, bare.bindings[0], NULL, logger) != TRT_STATUS_OK)
    fail("cannot convert the frame");

  double *ms[NB_MEASURES];
  for (int m = 0; m < NB_MEASURES; m++) ms[m] = malloc((size_t)frames * sizeof(double));
  for (int i = -WARMUP_FRAMES; i < frames; i++) {
    GstBuffer *buf = gst_buffer_copy_deep(pattern);
    GST_BUFFER_PTS(buf) = (GstClockTime)(i + WARMUP_FRAMES + 1) * GST_SECOND / 30;
    for (int k = 0; k < NB_MEASURES; k++) {
      int m = (k + (i < 0 ? 0 : i)) % NB_MEASURES;
      double t0 = now_ms();
      gboolean ok = TRUE;
      if (m == ELEMENT) ok = gst_harness_push(h, buf) == GST_FLOW_OK;
      else if (m == ENGINE)
        ok = trt_context_execute(bare.context, 1, bare.bindings) == TRT_STATUS_OK;
      else ok = trt_preprocess_image(&view, &params, converted, NULL, logger) == TRT_STATUS_OK;
      double t = now_ms() - t0;
      if (!ok) fail(measure_names[m]);
      if (i >= 0) ms[m][i] = t;
    }
    gst_buffer_unref(gst_harness_pull(h));
    GstMessage *msg;
    while ((msg = gst_bus_pop(bus))) gst_message_unref(msg);
  }

  double *difference = malloc((size_t)frames * sizeof(double));
  for (int i = 0; i < frames; i++) difference[i] = ms[ELEMENT][i] - ms[ENGINE][i];
  printf("{\"format\":\"%s\",\"width\":%d,\"height\":%d,\"frames\":%d,", format_name, width,
         height, frames);
  print_stats("difference", difference, frames);
  printf(",");
  free(difference);
  for (int m = 0; m < NB_MEASURES; m++) {
    print_stats(measure_names[m], ms[m], frames);
    printf(m + 1 < NB_MEASURES ? "," : "}\n");
    free(ms[m]);
  }
  gst_video_frame_unmap(&mapped);
  gst_buffer_unref(pattern);
  free(converted);
  bare_close(&bare);
  trt_logger_free(logger);
  gst_element_set_bus(h->element, NULL);
  gst_object_unref(bus);
  gst_harness_teardown(h);
  g_free(engine_path);
  return 0;
}
