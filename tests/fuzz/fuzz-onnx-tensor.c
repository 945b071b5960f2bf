/* Fuzz target: the TensorProto (.pb) reader, trt_onnx_read_tensor, as the
 * CLI and the tests read ONNX test data. What it returns must hold as many
 * bytes as its type and dims say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzLog log;
  fuzz_log_init(&log);
  TrtHostTensor t;
  memset(&t, 0, sizeof t);
  TrtStatus s = trt_onnx_read_tensor(data, size, &t, log.logger);
  fuzz_expect_error(&log, s != TRT_STATUS_OK, "trt_onnx_read_tensor");
  if (s == TRT_STATUS_OK) {
    int64_t count = trt_dims_volume(&t.dims);
    size_t elem = trt_data_type_size(t.type);
    if (count < 0 || elem == 0 || t.size != (size_t)count * elem || (t.size && !t.data)) {
      fprintf(stderr, "finding: tensor of %lld elements of %zu bytes holds %zu bytes\n",
              (long long)count, elem, t.size);
      abort();
    }
    /* Touch every byte, so that ASan checks the allocation's size. */
    volatile uint8_t sum = 0;
    for (size_t i = 0; i < t.size; i++) sum += ((const uint8_t *)t.data)[i];
    (void)sum;
  }
  trt_host_tensor_free(&t);
  fuzz_log_free(&log);
  return 0;
}
