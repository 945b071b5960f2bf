/* Fuzz target: labels files (trt_labels_load), as the element and the CLI
 * read them. Every label it returns must be a readable string. */
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
  char path[64];
  int fd = fuzz_file_open(data, size, path, sizeof path);
  if (fd < 0) return 0;
  TrtLabels *labels = trt_labels_load(path, log.logger);
  fuzz_expect_error(&log, labels == NULL, "trt_labels_load");
  int n = trt_labels_count(labels);
  size_t total = 0;
  for (int i = 0; i < n; i++) {
    const char *label = trt_labels_get(labels, i);
    if (!label) {
      fprintf(stderr, "finding: label %d of %d is NULL\n", i, n);
      abort();
    }
    total += strlen(label); /* ASan checks that the label ends */
  }
  if (n > 0 && total > size) {
    fprintf(stderr, "finding: %d labels hold %zu bytes, the file %zu\n", n, total, size);
    abort();
  }
  if (trt_labels_get(labels, n) || trt_labels_get(labels, -1)) {
    fprintf(stderr, "finding: a label outside 0..%d\n", n - 1);
    abort();
  }
  trt_labels_free(labels);
  fuzz_file_close(fd);
  fuzz_log_free(&log);
  return 0;
}
