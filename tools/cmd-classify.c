/* trtinfer classify MODEL IMAGE... [--labels FILE] [--topk K] and
 * preprocessing options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char classify_usage[] =
    "Usage: trtinfer classify MODEL IMAGE... [--labels FILE] [--topk K]\n"
    "                         [preprocessing options] [model options]\n\n"
    "Runs a classifier on each image (PGM, PPM, and PNG/JPEG when the library\n"
    "has them) and prints its best classes. The image is converted to the\n"
    "network's first input, [N,]C,H,W float: colour order, bilinear resize,\n"
    "then y = scale * (pixel - offset[c]). The first output holds the scores;\n"
    "softmax is applied unless they already sum to 1.\n\n"
    "  --labels FILE           one label a line (or \"a;b;c\"); default: class ids\n"
    "  --topk K                how many classes to print (default 5)\n"
    "  --scale F               multiplier of the pixel values (default 1/255)\n"
    "  --offsets A[,B,C]       subtracted per channel before scaling (default 0)\n"
    "  --color-format rgb|bgr|gray  channel order the network takes (default:\n"
    "                          gray for 1 channel, rgb for 3)\n"
    "  --fit stretch|letterbox how the image fills the input (default stretch)\n"
    "  --softmax auto|always|never  (default auto)\n\n"
    "For the MNIST ONNX model and its white-background digits:\n"
    "  trtinfer classify mnist.onnx 3.pgm --scale -0.00392157 --offsets 255\n\n";

typedef struct {
  CliModelOptions model;
  const char **images;
  int nb_images;
  const char *labels_path;
  int topk;
  TrtPreprocessParams pp;
  bool color_given;
  TrtSoftmaxMode softmax;
} ClassifyOptions;

/* "A" (every channel) or "A,B,C". */
static bool parse_offsets(const char *text, float offsets[3]) {
  double v[3];
  int n = 0;
  const char *p = text;
  for (;;) {
    char *end;
    v[n] = strtod(p, &end);
    if (end == p) return false;
    n++;
    if (*end == '\0') break;
    if (*end != ',' || n == 3) return false;
    p = end + 1;
  }
  if (n == 2) return false;
  for (int i = 0; i < 3; i++) offsets[i] = (float)v[n == 1 ? 0 : i];
  return true;
}

static CliMatch classify_option(CliArgs *args, ClassifyOptions *o) {
  const char *v;
  CliMatch m;
  double d;
  if ((m = cli_option(args, "--labels", &o->labels_path)) != CLI_NO_MATCH) return m;
  if ((m = cli_option(args, "--topk", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !cli_parse_int("--topk", v, 1, 100000, &o->topk))
      return CLI_BAD;
    return m;
  }
  if ((m = cli_option(args, "--scale", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !cli_parse_double("--scale", v, -1e30, 1e30, &d))
      return CLI_BAD;
    o->pp.scale = (float)d;
    return m;
  }
  if ((m = cli_option(args, "--offsets", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !parse_offsets(v, o->pp.offsets)) {
      cli_usage_error("--offsets: '%s' is not one or three numbers (A or A,B,C)", v);
      return CLI_BAD;
    }
    return m;
  }
  if ((m = cli_option(args, "--color-format", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !trt_color_format_parse(v, &o->pp.color_format)) {
      cli_usage_error("--color-format: '%s' is not rgb, bgr or gray", v);
      return CLI_BAD;
    }
    o->color_given = true;
    return m;
  }
  if ((m = cli_option(args, "--fit", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED && !trt_fit_mode_parse(v, &o->pp.fit_mode)) {
      cli_usage_error("--fit: '%s' is not stretch or letterbox", v);
      return CLI_BAD;
    }
    return m;
  }
  if ((m = cli_option(args, "--softmax", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (strcmp(v, "auto") == 0) o->softmax = TRT_SOFTMAX_AUTO;
    else if (strcmp(v, "always") == 0) o->softmax = TRT_SOFTMAX_ALWAYS;
    else if (strcmp(v, "never") == 0) o->softmax = TRT_SOFTMAX_NEVER;
    else {
      cli_usage_error("--softmax: '%s' is not auto, always or never", v);
      return CLI_BAD;
    }
    return m;
  }
  return CLI_NO_MATCH;
}

/* Reads the network input's layout: [N,]C,H,W float32. */
static int input_layout(const CliEngine *e, const char *path, int *channels,
                        int *height, int *width) {
  TrtDims d = trt_engine_get_binding_dims(e->engine, 0);
  char text[128];
  int r = d.nb_dims;
  bool batched = cli_engine_has_batch(e) || (r == 4 && d.d[0] == 1);
  if (trt_engine_get_nb_inputs(e->engine) < 1 ||
      trt_engine_get_binding_type(e->engine, 0) != TRT_DATA_TYPE_FLOAT ||
      !(r == 3 || (r == 4 && batched)) || (d.d[r - 3] != 1 && d.d[r - 3] != 3))
    return cli_fail("%s: classify needs a float32 image input of shape [N,]C,H,W "
                    "with 1 or 3 channels; input '%s' is %s %s", path,
                    trt_engine_get_binding_name(e->engine, 0),
                    trt_data_type_name(trt_engine_get_binding_type(e->engine, 0)),
                    trt_dims_format(&d, text, sizeof text));
  *channels = (int)d.d[r - 3];
  *height = (int)d.d[r - 2];
  *width = (int)d.d[r - 1];
  return 0;
}

/* Classifies one image into the bound input; prints its top classes. */
static int classify_image(const ClassifyOptions *o, const CliEngine *e,
                          TrtContext *ctx, CliBindings *b, const TrtLabels *labels,
                          const char *image_path) {
  cli_report_clear();
  TrtImage *image = trt_image_load(image_path, cli_logger());
  if (!image) return cli_fail_library(image_path, "cannot read the image");
  TrtStatus s = trt_preprocess_image(trt_image_get_view(image), &o->pp,
                                     b->buffers[0], NULL, cli_logger());
  trt_image_free(image);
  if (s != TRT_STATUS_OK)
    return cli_fail_library(image_path, "cannot convert the image: %s",
                            trt_status_to_string(s));
  s = trt_context_execute(ctx, 1, b->buffers);
  if (s != TRT_STATUS_OK)
    return cli_fail_library(o->model.path, "execution failed: %s",
                            trt_status_to_string(s));
  int out = trt_engine_get_nb_inputs(e->engine);
  TrtDims d = trt_context_get_binding_dims(ctx, out);
  int64_t n = trt_dims_volume(&d);
  if (trt_engine_get_binding_type(e->engine, out) != TRT_DATA_TYPE_FLOAT || n < 1 ||
      n > 1 << 24)
    return cli_fail("%s: the first output '%s' is not float32 class scores",
                    o->model.path, trt_engine_get_binding_name(e->engine, out));
  TrtClassification *top = calloc((size_t)o->topk, sizeof *top);
  if (!top) return cli_fail("out of memory");
  int found = trt_classify(b->buffers[out], (int)n, o->softmax, o->topk, 0.0f, top);
  printf("%s\n", image_path);
  for (int k = 0; k < found; k++) {
    const char *label = trt_labels_get(labels, top[k].class_id);
    printf("  %d. class %d  %.4f%s%s\n", k + 1, top[k].class_id, top[k].confidence,
           label ? "  " : "", label ? label : "");
  }
  free(top);
  return 0;
}

static int classify(ClassifyOptions *o) {
  CliEngine e;
  CliBindings b = {0};
  TrtContext *ctx = NULL;
  TrtLabels *labels = NULL;
  int channels = 0, shape_batch = 0;
  int code = cli_engine_open(&o->model, &e);
  if (code) return code;
  if (e.kind == CLI_MODEL_ENGINE) code = cli_engine_check_shapes(&e, &o->model, &shape_batch);
  if (!code) code = input_layout(&e, o->model.path, &channels, &o->pp.height, &o->pp.width);
  if (!code && !o->color_given)
    o->pp.color_format = channels == 1 ? TRT_COLOR_FORMAT_GRAY : TRT_COLOR_FORMAT_RGB;
  if (!code && trt_color_format_channels(o->pp.color_format) != channels)
    code = cli_usage_error("--color-format %s gives %d channels, the network takes %d",
                           trt_color_format_name(o->pp.color_format),
                           trt_color_format_channels(o->pp.color_format), channels);
  if (!code && o->labels_path) {
    cli_report_clear();
    labels = trt_labels_load(o->labels_path, cli_logger());
    if (!labels) code = cli_fail_library(o->labels_path, "cannot read the labels");
  }
  if (!code) code = cli_bindings_alloc(&e, &b);
  if (!code) {
    cli_report_clear();
    ctx = trt_engine_create_context(e.engine);
    if (!ctx) code = cli_fail_library(o->model.path, "cannot create an execution context");
  }
  for (int i = 0; i < o->nb_images && !code; i++)
    code = classify_image(o, &e, ctx, &b, labels, o->images[i]);
  trt_labels_free(labels);
  trt_context_free(ctx);
  cli_bindings_free(&b);
  cli_engine_close(&e);
  return code;
}

int cli_cmd_classify(int argc, char **argv) {
  ClassifyOptions o = {.topk = 5, .softmax = TRT_SOFTMAX_AUTO};
  CliArgs args;
  int code = 0;
  trt_preprocess_params_init(&o.pp);
  o.pp.scale = 1.0f / 255.0f;
  cli_model_options_init(&o.model);
  cli_args_init(&args, argc, argv);
  o.images = calloc((size_t)argc + 1, sizeof *o.images);
  if (!o.images) return cli_fail("out of memory");
  while (!cli_args_done(&args) && code == 0) {
    CliMatch m;
    if (cli_help_requested(&args, classify_usage, true)) {
      free(o.images);
      cli_model_options_free(&o.model);
      return CLI_EXIT_OK;
    }
    if ((m = cli_model_option(&args, &o.model)) != CLI_NO_MATCH ||
        (m = classify_option(&args, &o)) != CLI_NO_MATCH) {
      if (m == CLI_BAD) code = CLI_EXIT_USAGE;
    } else if (!cli_args_at_option(&args)) {
      const char *a = cli_args_take(&args);
      if (!o.model.path) o.model.path = a;
      else o.images[o.nb_images++] = a;
    } else {
      code = cli_unknown_argument(&args);
    }
  }
  if (code == 0 && !o.model.path) code = cli_usage_error("no MODEL given (see --help)");
  if (code == 0 && o.nb_images == 0) code = cli_usage_error("no IMAGE given (see --help)");
  if (code == 0) code = classify(&o);
  free(o.images);
  cli_model_options_free(&o.model);
  return code;
}
