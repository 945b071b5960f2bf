/* trtinfer inspect MODEL|ENGINE [model options] */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char inspect_usage[] =
    "Usage: trtinfer inspect MODEL|ENGINE [model options]\n\n"
    "Describes the engine (a MODEL is built first, as `build` would): its\n"
    "header, bindings, the layers left after fusion with their kernels, shapes\n"
    "and precision, and the memory plan (the activation arena next to the sum\n"
    "of all activations).\n\n";

int cli_cmd_inspect(int argc, char **argv) {
  CliModelOptions mo;
  CliArgs args;
  int code = 0;
  cli_model_options_init(&mo);
  cli_args_init(&args, argc, argv);
  while (!cli_args_done(&args) && code == 0) {
    CliMatch m;
    if (cli_help_requested(&args, inspect_usage, true)) {
      cli_model_options_free(&mo);
      return CLI_EXIT_OK;
    }
    if ((m = cli_model_option(&args, &mo)) != CLI_NO_MATCH) {
      if (m == CLI_BAD) code = CLI_EXIT_USAGE;
    } else if (!cli_args_at_option(&args) && !mo.path) {
      mo.path = cli_args_take(&args);
    } else {
      code = cli_unknown_argument(&args);
    }
  }
  if (code == 0 && !mo.path) code = cli_usage_error("no MODEL given (see --help)");
  CliEngine e = {0};
  if (code == 0) code = cli_engine_open(&mo, &e);
  if (code == 0) {
    char *text = trt_engine_describe(e.engine);
    if (!text) {
      code = cli_fail("%s: cannot describe the engine (out of memory)", mo.path);
    } else {
      if (e.kind == CLI_MODEL_ENGINE)
        printf("file  %s (engine file)\n%s", mo.path, text);
      else
        printf("file  %s (%s model, engine built now)\n%s", mo.path,
               cli_model_kind_name(e.kind), text);
      free(text);
    }
  }
  cli_engine_close(&e);
  cli_model_options_free(&mo);
  return code;
}
