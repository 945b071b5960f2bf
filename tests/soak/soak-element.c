/* Soak of the trtinfer element: many frames of mixed formats and sizes,
 * with the caps renegotiated mid-stream every --segment frames, through a
 * classifier (MODEL, a one-channel image classifier such as MNIST) with
 * labels and tensor meta, and optionally a second trtinfer as a detector
 * (--detector MODEL, e.g. the element tests' detector.onnx); the process's
 * resident memory is sampled and must stay flat once every format has been
 * seen (the warm-up).
 *
 *   soak-element [--frames N] [--segment N] [--samples N] [--max-growth-kb N]
 *                [--detector MODEL] [--backend cpu|cuda] MODEL LABELS
 *
 * Every frame must come out with its GstTrtInferMeta holding classes and
 * the output tensor, and each element must post its bus message (drained
 * as an application would). Prints one line per sample (frames, RSS in KiB) and a verdict:
 * exit 0 when the RSS after warm-up never rose more than --max-growth-kb
 * above its first post-warm-up sample, 1 otherwise.
 *
 * The long run (100,000 frames) and the valgrind run are made by hand:
 * see tests/soak/run-soak.sh. `make test` runs a short one (meson test
 * soak-element). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gst/check/gstharness.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "gsttrtinfermeta.h"

typedef struct {
  const char *format;
  int width, height;
} Shape;

/* Every input format the element takes, at sizes from tiny and odd to
 * 1080p, so that each renegotiation changes the conversion's work. */
static const Shape shapes[] = {
    {"GRAY8", 28, 28},    {"RGB", 640, 480},  {"BGRx", 320, 240}, {"NV12", 1280, 720},
    {"I420", 176, 144},   {"RGBA", 64, 48},   {"BGR", 33, 17},    {"BGRA", 800, 600},
    {"RGBx", 2, 2},       {"NV12", 642, 362}, {"I420", 35, 19},   {"GRAY8", 1920, 1080},
};
#define NB_SHAPES (sizeof shapes / sizeof shapes[0])

typedef struct {
  long frames, segment, samples, max_growth_kb;
  const char *model, *labels, *detector, *backend;
} Options;

static bool parse_options(int argc, char **argv, Options *o) {
  *o = (Options){.frames = 2000, .segment = 100, .samples = 20, .max_growth_kb = 2048,
                 .backend = "cpu"};
  int i = 1;
  for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
    long v = strtol(argv[i + 1], NULL, 10);
    if (strcmp(argv[i], "--detector") == 0)
      o->detector = argv[i + 1];
    else if (strcmp(argv[i], "--backend") == 0)
      o->backend = argv[i + 1];
    else if (strcmp(argv[i], "--frames") == 0)
      o->frames = v;
    else if (strcmp(argv[i], "--segment") == 0)
      o->segment = v;
    else if (strcmp(argv[i], "--samples") == 0)
      o->samples = v;
    else if (strcmp(argv[i], "--max-growth-kb") == 0)
      o->max_growth_kb = v;
    else
      return false;
  }
  if (argc - i != 2 || o->frames <= 0 || o->segment <= 0 || o->samples <= 0) return false;
  o->model = argv[i];
  o->labels = argv[i + 1];
  return true;
}

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, resident = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* A frame whose bytes change from frame to frame (the classes change). */
static GstBuffer *make_frame(const GstVideoInfo *info, long index) {
  GstBuffer *buf = gst_buffer_new_allocate(NULL, GST_VIDEO_INFO_SIZE(info), NULL);
  GstMapInfo map;
  gst_buffer_map(buf, &map, GST_MAP_WRITE);
  memset(map.data, (int)((index * 37) & 0xff), map.size);
  for (gsize i = 0; i < map.size; i += 97) map.data[i] = (guint8)(i + (gsize)index);
  gst_buffer_unmap(buf, &map);
  GST_BUFFER_PTS(buf) = (GstClockTime)index * GST_MSECOND * 33;
  return buf;
}

/* Drains what the harness and the bus keep, as a running application
 * would; returns the number of trtinfer messages. */
static int drain(GstHarness *h, GstBus *bus) {
  GstEvent *event;
  while ((event = gst_harness_try_pull_event(h))) gst_event_unref(event);
  while ((event = gst_harness_try_pull_upstream_event(h))) gst_event_unref(event);
  int results = 0;
  GstMessage *msg;
  while ((msg = gst_bus_pop(bus))) {
    const GstStructure *s = gst_message_get_structure(msg);
    if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ELEMENT && s &&
        gst_structure_has_name(s, "trtinfer"))
      results++;
    else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
      GError *error = NULL;
      gst_message_parse_error(msg, &error, NULL);
      fprintf(stderr, "error from the element: %s\n", error ? error->message : "?");
      g_clear_error(&error);
      results = -1000000;
    }
    gst_message_unref(msg);
  }
  return results;
}

static bool check_output(GstBuffer *out, long index, bool detector) {
  GstTrtInferMeta *meta = out ? gst_buffer_get_trt_infer_meta_for_model(out, 1) : NULL;
  if (!meta || meta->classifications->len == 0 || meta->tensors->len == 0) {
    fprintf(stderr, "frame %ld: %s\n", index,
            !out ? "no buffer came out" : !meta ? "no GstTrtInferMeta" : "empty results");
    return false;
  }
  if (detector && !gst_buffer_get_trt_infer_meta_for_model(out, 2)) {
    fprintf(stderr, "frame %ld: no GstTrtInferMeta from the detector\n", index);
    return false;
  }
  GstTrtInferClassification *c =
      &g_array_index(meta->classifications, GstTrtInferClassification, 0);
  if (!c->label || !*c->label) {
    fprintf(stderr, "frame %ld: a class without its label\n", index);
    return false;
  }
  return true;
}

int main(int argc, char **argv) {
  Options o;
  if (!parse_options(argc, argv, &o)) {
    fprintf(stderr, "usage: soak-element [--frames N] [--segment N] [--samples N] "
                    "[--max-growth-kb N] [--detector MODEL] [--backend cpu|cuda] "
                    "MODEL LABELS\n");
    return 2;
  }
  gst_init(NULL, NULL);
  gchar *detector =
      o.detector ? g_strdup_printf(" ! trtinfer name=detect model-file=%s backend=%s "
                                   "network-type=detector resize-mode=letterbox "
                                   "threshold=0.3 net-scale-factor=0.0039 unique-id=2",
                                   o.detector, o.backend)
                 : g_strdup("");
  gchar *line = g_strdup_printf("trtinfer name=infer model-file=%s labels-file=%s "
                                "model-color-format=gray backend=%s topk=3 threshold=0 "
                                "output-tensor-meta=true unique-id=1%s",
                                o.model, o.labels, o.backend, detector);
  g_free(detector);
  long expected_messages = o.frames * (o.detector ? 2 : 1);
  GstHarness *h = gst_harness_new_parse(line);
  g_free(line);
  GstBus *bus = gst_bus_new();
  gst_element_set_bus(h->element, bus);

  /* Warm-up: every shape seen once, and at least a tenth of the run. */
  long warmup = (long)NB_SHAPES * o.segment;
  if (warmup < o.frames / 10) warmup = o.frames / 10;
  long sample_every = o.frames / o.samples > 0 ? o.frames / o.samples : 1;
  long baseline = -1, peak = 0, renegotiations = 0, messages = 0, measured = 0;
  bool ok = true;
  GstVideoInfo info;
  gint64 start = g_get_monotonic_time();
  printf("# frames rss_kb (backend %s; warm-up: %ld frames; caps change every %ld frames)\n",
         o.backend, warmup, o.segment);
  for (long i = 0; i < o.frames && ok; i++) {
    if (i % o.segment == 0) {
      const Shape *s = &shapes[(i / o.segment) % NB_SHAPES];
      gst_video_info_set_format(&info, gst_video_format_from_string(s->format),
                                (guint)s->width, (guint)s->height);
      GstCaps *caps = gst_video_info_to_caps(&info);
      gst_caps_set_simple(caps, "framerate", GST_TYPE_FRACTION, 30, 1, NULL);
      gst_harness_set_src_caps(h, caps);
      renegotiations++;
    }
    if (gst_harness_push(h, make_frame(&info, i)) != GST_FLOW_OK) {
      fprintf(stderr, "frame %ld: push failed\n", i);
      ok = false;
      break;
    }
    GstBuffer *out = gst_harness_pull(h);
    ok = check_output(out, i, o.detector != NULL);
    if (out) gst_buffer_unref(out);
    int n = drain(h, bus);
    if (n < 0) ok = false;
    messages += n;
    if ((i + 1) % sample_every == 0 || i + 1 == o.frames) {
      long rss = rss_kb();
      printf("%ld %ld\n", i + 1, rss);
      fflush(stdout);
      if (i + 1 >= warmup) {
        if (baseline < 0) baseline = rss;
        if (rss > peak) peak = rss;
        measured++;
      }
    }
  }
  double seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  /* Messages hold the element and the element holds the bus: flush the
   * bus so that the teardown's messages do not keep both alive. */
  gst_bus_set_flushing(bus, TRUE);
  gst_harness_teardown(h);
  gst_object_unref(bus);
  if (ok && messages != expected_messages) {
    fprintf(stderr, "%ld bus messages for %ld frames\n", messages, o.frames);
    ok = false;
  }
  long growth = baseline >= 0 ? peak - baseline : 0;
  printf("# %ld frames in %.1f s (%.0f frames/s), %ld caps renegotiations; RSS after "
         "warm-up %ld KiB, peak %ld KiB, growth %ld KiB (limit %ld)\n",
         o.frames, seconds, o.frames / seconds, renegotiations, baseline, peak, growth,
         o.max_growth_kb);
  /* A run too short to sample twice after warm-up says nothing about
   * memory: it must not pass as flat. */
  if (ok && measured < 2) {
    fprintf(stderr, "%ld frames are too few: the warm-up takes %ld and two RSS samples "
                    "are needed after it\n", o.frames, warmup);
    ok = false;
  }
  if (ok && growth > o.max_growth_kb) {
    fprintf(stderr, "memory grew by %ld KiB after warm-up\n", growth);
    ok = false;
  }
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
