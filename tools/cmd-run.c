/* trtinfer run MODEL|ENGINE [model options] [--input NAME=FILE]...
 *               [--inputs-dir DIR] [--output-dir DIR] [--output-format pb|npy] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char run_usage[] =
    "Usage: trtinfer run MODEL|ENGINE [model options] [--input NAME=FILE]...\n"
    "                    [--inputs-dir DIR] [--output-dir DIR]\n"
    "                    [--output-format pb|npy]\n\n"
    "Runs the model once on input files and writes or prints its outputs.\n\n"
    "  --input NAME=FILE       data of input NAME: an ONNX TensorProto (.pb) or\n"
    "                          a NumPy array (.npy); repeatable. Element types\n"
    "                          are converted to the input's; a first dim below\n"
    "                          the max batch runs that batch size\n"
    "  --inputs-dir DIR        read DIR/input_<i>.pb (or .npy) for the i-th input\n"
    "                          (the ONNX test_data_set layout)\n"
    "  --output-dir DIR        write the i-th output to DIR/output_<i>.pb (named\n"
    "                          after the tensor) or .npy; without it, print a\n"
    "                          summary of each output\n"
    "  --output-format pb|npy  format of the written outputs (default pb)\n\n";

#define MAX_INPUT_FILES 64

typedef struct {
  CliModelOptions model;
  CliInputFile inputs[MAX_INPUT_FILES];
  int nb_inputs;
  const char *inputs_dir;
  const char *output_dir;
  CliTensorFormat format;
} RunOptions;

static CliMatch run_option(CliArgs *args, RunOptions *o) {
  const char *v;
  CliMatch m;
  if ((m = cli_option(args, "--input", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    const char *eq = strchr(v, '=');
    if (!eq || eq == v || !eq[1]) {
      cli_usage_error("--input: '%s' is not NAME=FILE", v);
      return CLI_BAD;
    }
    if (o->nb_inputs == MAX_INPUT_FILES) {
      cli_usage_error("--input: at most %d files", MAX_INPUT_FILES);
      return CLI_BAD;
    }
    /* The name is cut out of argv in place: argv outlives the command. */
    ((char *)eq)[0] = '\0';
    o->inputs[o->nb_inputs].name = v;
    o->inputs[o->nb_inputs].path = eq + 1;
    o->nb_inputs++;
    return CLI_MATCHED;
  }
  if ((m = cli_option(args, "--inputs-dir", &o->inputs_dir)) != CLI_NO_MATCH) return m;
  if ((m = cli_option(args, "--output-dir", &o->output_dir)) != CLI_NO_MATCH) return m;
  if ((m = cli_option(args, "--output-format", &v)) != CLI_NO_MATCH) {
    if (m != CLI_MATCHED) return m;
    if (strcmp(v, "pb") == 0) {
      o->format = CLI_FORMAT_PB;
    } else if (strcmp(v, "npy") == 0) {
      o->format = CLI_FORMAT_NPY;
    } else {
      cli_usage_error("--output-format: '%s' is not pb or npy", v);
      return CLI_BAD;
    }
    return CLI_MATCHED;
  }
  return CLI_NO_MATCH;
}

/* Prints up to `limit` values and, for small 1-D and 2-D outputs, the
 * argmax of each row (what a classifier's output is read for). */
static void print_summary(int index, const char *name, TrtDataType type,
                          const TrtDims *dims, const void *data) {
  char d[128];
  int64_t count = trt_dims_volume(dims);
  printf("output %d '%s' %s %s\n", index, name, trt_data_type_name(type),
         trt_dims_format(dims, d, sizeof d));
  const int64_t limit = 10;
  printf("  values:");
  for (int64_t i = 0; i < count && i < limit; i++)
    printf(" %.6g", cli_element_as_double(type, data, i));
  if (count > limit) printf(" ... (%lld values)", (long long)count);
  printf("\n");
  int64_t rows = dims->nb_dims == 2 ? dims->d[0] : 1;
  int64_t cols = dims->nb_dims >= 1 ? dims->d[dims->nb_dims - 1] : 0;
  if (dims->nb_dims < 1 || dims->nb_dims > 2 || cols < 2 || cols > 10000 || rows > 16)
    return;
  for (int64_t r = 0; r < rows; r++) {
    int64_t best = 0;
    double best_value = cli_element_as_double(type, data, r * cols);
    for (int64_t c = 1; c < cols; c++) {
      double v = cli_element_as_double(type, data, r * cols + c);
      if (v > best_value || (best_value != best_value && v == v)) { /* NaN never wins */
        best = c;
        best_value = v;
      }
    }
    if (rows > 1)
      printf("  argmax[%lld]: %lld (%.6g)\n", (long long)r, (long long)best, best_value);
    else
      printf("  argmax: %lld (%.6g)\n", (long long)best, best_value);
  }
}

static int make_dir(const char *dir) {
  if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    return cli_fail("--output-dir %s: exists and is not a folder", dir);
  }
  return cli_fail("--output-dir %s: cannot create it: %s", dir, strerror(errno));
}

static int write_or_print_outputs(const CliEngine *engine, const TrtContext *ctx,
                                  const CliBindings *b, const RunOptions *o) {
  const TrtEngine *e = engine->engine;
  int nb_inputs = trt_engine_get_nb_inputs(e);
  int code;
  if (o->output_dir && (code = make_dir(o->output_dir)) != 0) return code;
  for (int k = 0; k < trt_engine_get_nb_outputs(e); k++) {
    int i = nb_inputs + k;
    TrtDims dims = trt_context_get_binding_dims(ctx, i);
    TrtDataType type = trt_engine_get_binding_type(e, i);
    const char *name = trt_engine_get_binding_name(e, i);
    if (!o->output_dir) {
      print_summary(k, name, type, &dims, b->buffers[i]);
      continue;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/output_%d%s", o->output_dir, k,
             cli_tensor_format_extension(o->format));
    TrtHostTensor t = {
        .name = (char *)name,
        .type = type,
        .dims = dims,
        .data = b->buffers[i],
        .size = (size_t)trt_dims_volume(&dims) * trt_data_type_size(type),
    };
    if (!cli_tensor_write(path, o->format, &t)) return CLI_EXIT_FAILURE;
    char d[128];
    printf("wrote %s: '%s' %s %s\n", path, name, trt_data_type_name(type),
           trt_dims_format(&dims, d, sizeof d));
  }
  return 0;
}

static int run(const RunOptions *o) {
  CliEngine engine;
  CliBindings b = {0};
  TrtContext *ctx = NULL;
  int shape_batch = 0;
  int code = cli_engine_open(&o->model, &engine);
  if (code) return code;
  if (engine.kind == CLI_MODEL_ENGINE)
    code = cli_engine_check_shapes(&engine, &o->model, &shape_batch);
  if (!code) code = cli_bindings_alloc(&engine, &b);
  if (!code)
    code = cli_bindings_read_inputs(&engine, &o->model, o->inputs, o->nb_inputs,
                                    o->inputs_dir, &b);
  if (!code && shape_batch && cli_engine_has_batch(&engine) && shape_batch != b.batch)
    code = cli_fail("--input-shape gives batch %d but the input files hold %d",
                    shape_batch, b.batch);
  if (!code) {
    cli_report_clear();
    ctx = trt_engine_create_context(engine.engine);
    if (!ctx) code = cli_fail_library(o->model.path, "cannot create an execution context");
  }
  if (!code) {
    cli_report_clear();
    TrtStatus s = trt_context_execute(ctx, b.batch, b.buffers);
    if (s != TRT_STATUS_OK)
      code = cli_fail_library(o->model.path, "execution failed: %s",
                              trt_status_to_string(s));
  }
  if (!code) code = write_or_print_outputs(&engine, ctx, &b, o);
  trt_context_free(ctx);
  cli_bindings_free(&b);
  cli_engine_close(&engine);
  return code;
}

int cli_cmd_run(int argc, char **argv) {
  RunOptions o = {.format = CLI_FORMAT_PB};
  CliArgs args;
  int code = 0;
  cli_model_options_init(&o.model);
  cli_args_init(&args, argc, argv);
  while (!cli_args_done(&args) && code == 0) {
    CliMatch m;
    if (cli_help_requested(&args, run_usage, true)) {
      cli_model_options_free(&o.model);
      return CLI_EXIT_OK;
    }
    if ((m = cli_model_option(&args, &o.model)) != CLI_NO_MATCH ||
        (m = run_option(&args, &o)) != CLI_NO_MATCH) {
      if (m == CLI_BAD) code = CLI_EXIT_USAGE;
    } else if (!cli_args_at_option(&args) && !o.model.path) {
      o.model.path = cli_args_take(&args);
    } else {
      code = cli_unknown_argument(&args);
    }
  }
  if (code == 0 && !o.model.path) code = cli_usage_error("no MODEL given (see --help)");
  if (code == 0) code = run(&o);
  cli_model_options_free(&o.model);
  return code;
}
