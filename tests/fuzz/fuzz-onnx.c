/* Fuzz target: the ONNX parser (trt_onnx_parse_memory), then the builder
 * and one run of what it builds. Any input must end in an engine or a
 * logged error: no crash, hang, leak or sanitizer report. External data
 * is refused (no base folder), as for a model from memory. */
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
  if (!net) abort();
  TrtStatus s = trt_onnx_parse_memory(net, data, size, NULL, log.logger);
  fuzz_expect_error(&log, s != TRT_STATUS_OK, "trt_onnx_parse_memory");
  if (s == TRT_STATUS_OK) fuzz_build_and_run(net, &log);
  trt_network_free(net);
  fuzz_log_free(&log);
  return 0;
}
