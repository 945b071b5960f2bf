/* Fuzz target: the CLI's NumPy .npy reader (tools/npy.c). What it returns
 * must hold as many bytes as its type and dims say. The reader reports each
 * rejected file on stderr, as the CLI must: run-fuzz.sh closes this target's
 * stderr, or its log would grow by a gigabyte in 30 minutes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  TrtHostTensor t;
  if (cli_npy_read_memory(data, size, "fuzz.npy", &t)) {
    int64_t count = trt_dims_volume(&t.dims);
    size_t elem = trt_data_type_size(t.type);
    if (count < 0 || elem == 0 || t.size != (size_t)count * elem || !t.data) {
      /* stdout: run-fuzz.sh closes this target's stderr (-close_fd_mask=2). */
      printf("finding: tensor of %lld elements of %zu bytes holds %zu bytes\n",
             (long long)count, elem, t.size);
      fflush(stdout);
      abort();
    }
    volatile uint8_t sum = 0;
    for (size_t i = 0; i < t.size; i++) sum += ((const uint8_t *)t.data)[i];
    (void)sum;
    trt_host_tensor_free(&t);
  }
  return 0;
}
