/* Command line parsing: a cursor over arguments, "--opt V" and "--opt=V",
 * and the model options every subcommand that takes a MODEL accepts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_args_init(CliArgs *args, int argc, char **argv) {
  args->argc = argc;
  args->argv = argv;
  args->next = 1; /* argv[0] is the subcommand */
}

bool cli_args_done(const CliArgs *args) { return args->next >= args->argc; }

const char *cli_args_peek(const CliArgs *args) {
  return cli_args_done(args) ? NULL : args->argv[args->next];
}

const char *cli_args_take(CliArgs *args) {
  return cli_args_done(args) ? NULL : args->argv[args->next++];
}

bool cli_args_at_option(const CliArgs *args) {
  const char *a = cli_args_peek(args);
  return a && a[0] == '-' && a[1] != '\0';
}

CliMatch cli_option(CliArgs *args, const char *name, const char **value) {
  const char *a = cli_args_peek(args);
  size_t n = strlen(name);
  if (!a || strncmp(a, name, n) != 0) return CLI_NO_MATCH;
  if (a[n] == '=') {
    *value = a + n + 1;
    args->next++;
    return CLI_MATCHED;
  }
  if (a[n] != '\0') return CLI_NO_MATCH;
  if (args->next + 1 >= args->argc) {
    cli_usage_error("option %s needs a value", name);
    return CLI_BAD;
  }
  *value = args->argv[args->next + 1];
  args->next += 2;
  return CLI_MATCHED;
}

CliMatch cli_flag(CliArgs *args, const char *name) {
  const char *a = cli_args_peek(args);
  if (!a || strcmp(a, name) != 0) return CLI_NO_MATCH;
  args->next++;
  return CLI_MATCHED;
}

bool cli_parse_int(const char *option, const char *text, int min, int max,
                   int *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (end == text || *end || errno || v < min || v > max) {
    cli_usage_error("%s: '%s' is not a whole number in %d..%d", option, text,
                    min, max);
    return false;
  }
  *out = (int)v;
  return true;
}

bool cli_parse_double(const char *option, const char *text, double min,
                      double max, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || *end || errno || !isfinite(v) || v < min || v > max) {
    cli_usage_error("%s: '%s' is not a number in %g..%g", option, text, min,
                    max);
    return false;
  }
  *out = v;
  return true;
}

bool cli_help_requested(const CliArgs *args, const char *usage,
                        bool model_options) {
  const char *a = cli_args_peek(args);
  if (!a || (strcmp(a, "-h") != 0 && strcmp(a, "--help") != 0)) return false;
  fputs(usage, stdout);
  if (model_options) fputs(cli_model_options_help, stdout);
  return true;
}

int cli_unknown_argument(const CliArgs *args) {
  const char *a = cli_args_peek(args);
  if (a && a[0] == '-')
    return cli_usage_error("unknown option '%s' (see --help)", a);
  return cli_usage_error("unexpected argument '%s' (see --help)", a ? a : "");
}

/* ---- model options -------------------------------------------------------- */

const char cli_model_options_help[] =
    "Model options:\n"
    "  --weights FILE          Caffe weights (.caffemodel) for a .prototxt MODEL\n"
    "  --outputs NAME,...      use these tensors (or the outputs of these layers,\n"
    "                          by node name) as the outputs instead of the\n"
    "                          model's own\n"
    "  --input-shape NAME=DIMS set an input's shape, e.g. data=1x3x60x128\n"
    "                          (repeatable); for an engine file it must match the\n"
    "                          engine, and its first dim picks the batch size\n"
    "  --input-order nchw|nhwc layout of 4-D input data given to `run` (nhwc data\n"
    "                          is transposed to the network's NCHW); default nchw\n"
    "  --backend auto|cpu|cuda device to build for (default auto: CUDA if present)\n"
    "  --precision fp32|fp16|int8  precision to build in (default fp32)\n"
    "  --max-batch N           largest batch for inputs with a batch dimension\n"
    "  --timing-cache FILE     keep timed GPU algorithm choices in FILE, so that\n"
    "                          rebuilds skip the timing\n"
    "  --verbose               print what the library does\n"
    "Options that only affect building are ignored, with a warning, for engine\n"
    "files.\n";

void cli_model_options_init(CliModelOptions *o) {
  memset(o, 0, sizeof *o);
  o->backend = TRT_BACKEND_AUTO;
  o->precision = TRT_PRECISION_FP32;
  o->input_order = CLI_ORDER_NCHW;
}

void cli_model_options_free(CliModelOptions *o) {
  for (int i = 0; i < o->nb_shapes; i++) free(o->shapes[i].name);
  free(o->outputs);
  cli_model_options_init(o);
}

static bool add_input_shape(CliModelOptions *o, const char *text) {
  const char *eq = strrchr(text, '=');
  TrtDims dims;
  if (!eq || eq == text || !trt_dims_parse(eq + 1, &dims)) {
    cli_usage_error("--input-shape: '%s' is not NAME=DIMS (e.g. data=1x3x224x224)",
                    text);
    return false;
  }
  if (o->nb_shapes == CLI_MAX_INPUT_SHAPES) {
    cli_usage_error("--input-shape: at most %d inputs", CLI_MAX_INPUT_SHAPES);
    return false;
  }
  size_t n = (size_t)(eq - text);
  char *name = malloc(n + 1);
  if (!name) return false;
  memcpy(name, text, n);
  name[n] = '\0';
  for (int i = 0; i < o->nb_shapes; i++) {
    if (strcmp(o->shapes[i].name, name) == 0) { /* the last one wins */
      free(name);
      o->shapes[i].dims = dims;
      return true;
    }
  }
  o->shapes[o->nb_shapes].name = name;
  o->shapes[o->nb_shapes].dims = dims;
  o->nb_shapes++;
  return true;
}

CliMatch cli_model_option(CliArgs *args, CliModelOptions *o) {
  const char *v;
  CliMatch m;
  if ((m = cli_option(args, "--weights", &v)) != CLI_NO_MATCH) {
    if (m == CLI_MATCHED) o->weights = v;
    return m;
  }
  if ((m = cli_option(args, "--outputs", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (!*v) {
      cli_usage_error("--outputs needs at least one tensor name");
      return CLI_BAD;
    }
    free(o->outputs);
    o->outputs = cli_strdup(v);
    o->engine_options_given = true;
    return o->outputs ? CLI_MATCHED : CLI_BAD;
  }
  if ((m = cli_option(args, "--input-shape", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    return add_input_shape(o, v) ? CLI_MATCHED : CLI_BAD;
  }
  if ((m = cli_option(args, "--input-order", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (strcmp(v, "nchw") == 0) {
      o->input_order = CLI_ORDER_NCHW;
    } else if (strcmp(v, "nhwc") == 0) {
      o->input_order = CLI_ORDER_NHWC;
    } else {
      cli_usage_error("--input-order: '%s' is not nchw or nhwc", v);
      return CLI_BAD;
    }
    return CLI_MATCHED;
  }
  if ((m = cli_option(args, "--backend", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (!trt_backend_kind_parse(v, &o->backend)) {
      cli_usage_error("--backend: '%s' is not auto, cpu or cuda", v);
      return CLI_BAD;
    }
    o->engine_options_given = true;
    return CLI_MATCHED;
  }
  if ((m = cli_option(args, "--precision", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (!trt_precision_parse(v, &o->precision)) {
      cli_usage_error("--precision: '%s' is not fp32, fp16 or int8", v);
      return CLI_BAD;
    }
    o->engine_options_given = true;
    return CLI_MATCHED;
  }
  if ((m = cli_option(args, "--timing-cache", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    o->timing_cache = v;
    o->engine_options_given = true;
    return CLI_MATCHED;
  }
  if ((m = cli_option(args, "--max-batch", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (!cli_parse_int("--max-batch", v, 1, 1 << 20, &o->max_batch)) return CLI_BAD;
    o->engine_options_given = true;
    return CLI_MATCHED;
  }
  if ((m = cli_flag(args, "--verbose")) != CLI_NO_MATCH) {
    cli_report_set_verbose(true);
    return m;
  }
  return CLI_NO_MATCH;
}
