/* Fuzz target: the TensorFlow frozen-graph and UFF parser
 * (trt_uff_parser_parse_buffer, which tells the two apart by content),
 * with nothing registered, then the builder and one run of what it builds.
 * Any input must end in an engine or a logged error. */
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzLog log;
  fuzz_log_init(&log);
  TrtNetwork *net = trt_network_new();
  TrtUffParser *parser = trt_uff_parser_new();
  if (!net || !parser) abort();
  trt_uff_parser_set_logger(parser, log.logger);
  TrtStatus s = trt_uff_parser_parse_buffer(parser, data, size, net, TRT_DATA_TYPE_FLOAT);
  fuzz_expect_error(&log, s != TRT_STATUS_OK, "trt_uff_parser_parse_buffer");
  if (s == TRT_STATUS_OK) fuzz_build_and_run(net, &log);
  trt_uff_parser_free(parser);
  trt_network_free(net);
  fuzz_log_free(&log);
  return 0;
}
