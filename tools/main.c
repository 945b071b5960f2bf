/* trtinfer — build, run, benchmark and inspect models and engines from the
 * command line, in the manner of TensorRT's trtexec. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
  const char *name;
  CliCommandFn fn;
  const char *summary;
} commands[] = {
    {"build", cli_cmd_build, "build an engine from a model and save it"},
    {"run", cli_cmd_run, "run a model or engine on input files"},
    {"bench", cli_cmd_bench, "measure throughput and latency"},
    {"inspect", cli_cmd_inspect, "describe the engine: layers, kernels, memory"},
    {"classify", cli_cmd_classify, "print the top classes of images"},
};
#define NB_COMMANDS (int)(sizeof commands / sizeof commands[0])

static void print_usage(FILE *f) {
  fprintf(f, "Usage: trtinfer COMMAND [OPTIONS]\n"
             "       trtinfer COMMAND --help\n"
             "       trtinfer --version\n\n"
             "Commands:\n");
  for (int i = 0; i < NB_COMMANDS; i++)
    fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\nA MODEL is an ONNX model (.onnx), a Caffe deploy .prototxt (with\n"
             "--weights NET.caffemodel), a TensorFlow frozen graph (.pb) or UFF file\n"
             "(.uff), or an engine file made by `build`.\n"
             "The exit status is 0 on success, 1 when the work fails and 2 for a\n"
             "bad command line; the reason is one line on stderr.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    print_usage(stderr);
    return CLI_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
    printf("trtinfer %s\n", trt_version_string());
    return CLI_EXIT_OK;
  }
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
      strcmp(name, "help") == 0) {
    if (argc > 2 && strcmp(name, "help") == 0) {
      /* "trtinfer help run" is "trtinfer run --help". */
      char *help_argv[] = {argv[2], "--help", NULL};
      for (int i = 0; i < NB_COMMANDS; i++)
        if (strcmp(argv[2], commands[i].name) == 0) {
          cli_report_init(commands[i].name);
          return commands[i].fn(2, help_argv);
        }
    }
    print_usage(stdout);
    return CLI_EXIT_OK;
  }
  for (int i = 0; i < NB_COMMANDS; i++)
    if (strcmp(name, commands[i].name) == 0) {
      cli_report_init(name);
      return commands[i].fn(argc - 1, argv + 1);
    }
  cli_report_init(NULL);
  return cli_usage_error("unknown command '%s' (commands: build, run, bench, "
                         "inspect, classify; see --help)", name);
}
