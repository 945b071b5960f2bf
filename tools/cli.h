/* The `trtinfer` command line tool: what its files share.
 *
 * Each subcommand lives in its own cmd-<name>.c and has the signature of
 * CliCommandFn. Messages go to stderr through report.c: at most one line
 * "trtinfer <command>: error: <reason>" on failure, warnings as they come,
 * everything the library says with --verbose. Results go to stdout. */
#ifndef TRTINFER_CLI_H
#define TRTINFER_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <trtinfer/trtinfer.h>

/* Exit codes: 0 success, 1 a failure while working, 2 a bad command line. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

typedef int (*CliCommandFn)(int argc, char **argv);

int cli_cmd_build(int argc, char **argv);
int cli_cmd_run(int argc, char **argv);
int cli_cmd_bench(int argc, char **argv);
int cli_cmd_inspect(int argc, char **argv);
int cli_cmd_classify(int argc, char **argv);

/* ---- messages (report.c) ------------------------------------------------ */

/* Starts reporting for one subcommand: `command` prefixes every line. */
void cli_report_init(const char *command);
/* The logger handed to the library. Errors are kept, not printed, so that
 * the tool prints one line when it gives up; warnings are printed; info and
 * verbose messages only after cli_report_set_verbose(true). */
TrtLogger *cli_logger(void);
void cli_report_set_verbose(bool verbose);
/* Prints "trtinfer <command>: error: <message>" and returns `code`. */
int cli_fail_code(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define cli_fail(...) cli_fail_code(CLI_EXIT_FAILURE, __VA_ARGS__)
#define cli_usage_error(...) cli_fail_code(CLI_EXIT_USAGE, __VA_ARGS__)
/* Fails with the first error the library logged since the last call (the
 * root cause), or `fallback` when it logged none. The line names `path`
 * when the library's message does not already. */
int cli_fail_library(const char *path, const char *fallback, ...)
    __attribute__((format(printf, 2, 3)));
/* Forgets errors the library logged (after a failure that was handled). */
void cli_report_clear(void);
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- command lines (options.c) ------------------------------------------ */

/* A cursor over a subcommand's arguments (argv[0] is the subcommand). */
typedef struct {
  int argc;
  char **argv;
  int next;
} CliArgs;

void cli_args_init(CliArgs *args, int argc, char **argv);
bool cli_args_done(const CliArgs *args);
const char *cli_args_peek(const CliArgs *args);
/* Takes the current argument as a positional one. */
const char *cli_args_take(CliArgs *args);
/* Whether the current argument looks like an option ("-x", "--x"). */
bool cli_args_at_option(const CliArgs *args);

/* Results of matching the current argument against one option. */
typedef enum { CLI_NO_MATCH = 0, CLI_MATCHED = 1, CLI_BAD = -1 } CliMatch;

/* Option `name` with a value, given as "name V" or "name=V". A missing
 * value is reported (CLI_BAD). */
CliMatch cli_option(CliArgs *args, const char *name, const char **value);
/* A flag without a value. */
CliMatch cli_flag(CliArgs *args, const char *name);
/* Strict number parsing for option values; errors are reported. */
bool cli_parse_int(const char *option, const char *text, int min, int max,
                   int *out);
bool cli_parse_double(const char *option, const char *text, double min,
                      double max, double *out);

/* ---- model options, shared by every subcommand that takes a MODEL ------- */

typedef enum { CLI_ORDER_NCHW = 0, CLI_ORDER_NHWC = 1 } CliInputOrder;

typedef struct {
  char *name;
  TrtDims dims;
} CliInputShape;

#define CLI_MAX_INPUT_SHAPES 32

typedef struct {
  const char *path;    /* MODEL or ENGINE */
  const char *weights; /* Caffe weights (--weights) */
  char *outputs;       /* --outputs, comma separated (owned) */
  CliInputShape shapes[CLI_MAX_INPUT_SHAPES];
  int nb_shapes;
  CliInputOrder input_order;
  TrtBackendKind backend;
  TrtPrecision precision;
  int max_batch;       /* 0: not given */
  const char *timing_cache; /* --timing-cache FILE, or NULL */
  bool engine_options_given; /* any option that only affects building */
} CliModelOptions;

void cli_model_options_init(CliModelOptions *options);
void cli_model_options_free(CliModelOptions *options);
/* Matches the current argument against the model options. */
CliMatch cli_model_option(CliArgs *args, CliModelOptions *options);
/* Help text for the model options. */
extern const char cli_model_options_help[];

/* When the current argument is -h/--help, prints `usage` (and the model
 * options' help when `model_options`) on stdout and returns true: the
 * command should then exit 0. */
bool cli_help_requested(const CliArgs *args, const char *usage,
                        bool model_options);
/* Reports an unknown option or an unexpected positional argument. */
int cli_unknown_argument(const CliArgs *args);

/* ---- models and engines (model.c) ---------------------------------------- */

typedef enum {
  CLI_MODEL_ONNX,
  CLI_MODEL_ENGINE,
  CLI_MODEL_CAFFE,
  CLI_MODEL_TENSORFLOW,
  CLI_MODEL_UFF,
} CliModelKind;

const char *cli_model_kind_name(CliModelKind kind);

/* An engine made from a model file or loaded from an engine file. */
typedef struct {
  CliModelKind kind;
  TrtRuntime *runtime;
  TrtEngine *engine;
} CliEngine;

/* Parses and builds the model, or loads the engine, as the options say.
 * On failure prints the reason and returns the exit code (else 0). */
int cli_engine_open(const CliModelOptions *options, CliEngine *out);
void cli_engine_close(CliEngine *engine);
/* Whether the engine's bindings have a batch dimension. */
bool cli_engine_has_batch(const CliEngine *engine);
/* Applies --input-shape to an engine file (whose shapes are fixed): each
 * must equal the binding's dims, with a first dim of at most the max batch
 * when the engine has one. Sets *batch (0: not given). */
int cli_engine_check_shapes(const CliEngine *engine,
                            const CliModelOptions *options, int *batch);

/* ---- input data for an engine (inputs.c) --------------------------------- */

/* Where an input's data comes from: --input NAME=FILE. */
typedef struct {
  const char *name;
  const char *path;
} CliInputFile;

/* Host buffers for every binding of an engine, inputs filled from files. */
typedef struct {
  int nb_bindings;
  void **buffers; /* per binding, sized for the max batch */
  int batch;      /* batch size to run (1 for engines without a batch) */
} CliBindings;

/* The per-layer profile of a context (trt_context_get_profile): time per
 * layer kind and the slowest layers (profile.c). */
void cli_print_profile(const TrtContext *ctx, FILE *out);

/* Bytes of binding i at the engine's max batch size. */
size_t cli_binding_bytes(const TrtEngine *engine, int i);
/* Allocates buffers for every binding (zero-filled). */
int cli_bindings_alloc(const CliEngine *engine, CliBindings *out);
void cli_bindings_free(CliBindings *bindings);
/* Fills the input buffers from files: --input files by name, else
 * DIR/input_<i>.pb (or .npy) from `inputs_dir` in input order. Converts
 * element types; a file shape with the binding's volume is accepted with a
 * warning; 4-D data is transposed from NHWC when the options say so. Sets
 * the batch from the files' first dims (engines with a batch dim). */
int cli_bindings_read_inputs(const CliEngine *engine, const CliModelOptions *mo,
                             const CliInputFile *files, int nb_files,
                             const char *inputs_dir, CliBindings *bindings);

/* ---- tensors in files (tensor-file.c, npy.c, convert.c) ------------------ */

typedef enum { CLI_FORMAT_PB = 0, CLI_FORMAT_NPY = 1 } CliTensorFormat;

/* Reads a tensor from an ONNX TensorProto (.pb) or NumPy (.npy) file; the
 * format is told by the file's first bytes. Prints the reason on failure. */
bool cli_tensor_read(const char *path, TrtHostTensor *out);
bool cli_tensor_write(const char *path, CliTensorFormat format,
                      const TrtHostTensor *tensor);
const char *cli_tensor_format_extension(CliTensorFormat format);

/* NumPy .npy (format versions 1.0 to 3.0, C order, little or big endian).
 * float64 is read as float32, int16/uint16 as int32, uint32/uint64 as
 * int64, as the ONNX reader does. */
bool cli_npy_is_npy(const void *data, size_t size);
bool cli_npy_read_memory(const void *data, size_t size, const char *path,
                         TrtHostTensor *out);
bool cli_npy_write(const char *path, const TrtHostTensor *tensor);

/* Converts `count` elements between data types: numbers are rounded toward
 * zero and clamped when going to integers, bool is x != 0. */
void cli_convert_elements(TrtDataType from, const void *src, TrtDataType to,
                          void *dst, int64_t count);
/* One element as a double (for printing and comparing). */
double cli_element_as_double(TrtDataType type, const void *data, int64_t index);

/* ---- small helpers (util.c) ---------------------------------------------- */

/* Reads a whole file (NUL-terminated as a convenience); NULL with errno. */
void *cli_read_file(const char *path, size_t *size);
/* "x.onnx" -> ".onnx" (lower case, in `buf`); "" when there is none. */
const char *cli_file_extension(const char *path, char *buf, size_t size);
char *cli_strdup(const char *s);
/* Monotonic clock in seconds. */
double cli_now(void);

#endif
