/* trtinfer build MODEL [model options] -o ENGINE */
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"

static const char build_usage[] =
    "Usage: trtinfer build MODEL [model options] -o ENGINE\n\n"
    "Parses MODEL, optimizes it for the chosen backend and saves the engine, to\n"
    "be used later by `run`, `bench`, `inspect` or the GStreamer element.\n\n"
    "  -o, --output ENGINE     where to save the engine (required)\n";

int cli_cmd_build(int argc, char **argv) {
  CliModelOptions mo;
  CliArgs args;
  const char *output = NULL;
  int code = 0;
  cli_model_options_init(&mo);
  cli_args_init(&args, argc, argv);
  while (!cli_args_done(&args) && code == 0) {
    CliMatch m;
    if (cli_help_requested(&args, build_usage, true)) {
      cli_model_options_free(&mo);
      return CLI_EXIT_OK;
    }
    if ((m = cli_model_option(&args, &mo)) != CLI_NO_MATCH) {
      if (m == CLI_BAD) code = CLI_EXIT_USAGE;
    } else if ((m = cli_option(&args, "-o", &output)) != CLI_NO_MATCH ||
               (m = cli_option(&args, "--output", &output)) != CLI_NO_MATCH) {
      if (m == CLI_BAD) code = CLI_EXIT_USAGE;
    } else if (!cli_args_at_option(&args) && !mo.path) {
      mo.path = cli_args_take(&args);
    } else {
      code = cli_unknown_argument(&args);
    }
  }
  if (code == 0 && !mo.path) code = cli_usage_error("no MODEL given (see --help)");
  if (code == 0 && !output) code = cli_usage_error("no -o ENGINE given (see --help)");
  CliEngine e = {0};
  if (code == 0) code = cli_engine_open(&mo, &e);
  if (code == 0) {
    cli_report_clear();
    if (trt_engine_save(e.engine, output) != TRT_STATUS_OK) {
      code = cli_fail_library(output, "cannot save the engine");
    } else {
      struct stat st;
      long long bytes = stat(output, &st) == 0 ? (long long)st.st_size : -1;
      printf("saved %s engine for %s to %s (%lld bytes)\n",
             trt_engine_get_backend_name(e.engine), mo.path, output, bytes);
    }
  }
  cli_engine_close(&e);
  cli_model_options_free(&mo);
  return code;
}
