/* Fuzz target: the engine-file loader (trt_runtime_deserialize_engine),
 * then a context and one run of what it loads, and a serialize/load round
 * trip. Engine files end in a checksum, which nearly every mutation breaks;
 * so each input is tried as it is and, when it starts like an engine, again
 * with its format version, size and checksum fixed up, which lets the
 * fuzzer reach the tables behind them (and keeps inputs saved by earlier
 * formats of the same layout useful). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checksum.h"
#include "core/engine-file.h"
#include "fuzz.h"

/* Where the prelude (engine-file.h) keeps the format version and the size. */
#define VERSION_OFFSET 8
#define SIZE_OFFSET 16

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

static void put_le64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void load(TrtRuntime *runtime, const uint8_t *data, size_t size, FuzzLog *log) {
  int before = log->errors;
  TrtEngine *engine = trt_runtime_deserialize_engine(runtime, data, size);
  if (!engine && log->errors == before) {
    fprintf(stderr, "finding: deserialize failed without logging an error\n");
    abort();
  }
  if (!engine) return;
  fuzz_run_engine(engine, log);
  void *copy = NULL;
  size_t copy_size = 0;
  if (trt_engine_serialize(engine, &copy, &copy_size) != TRT_STATUS_OK) {
    fprintf(stderr, "finding: a loaded engine does not serialize\n");
    abort();
  }
  TrtEngine *again = trt_runtime_deserialize_engine(runtime, copy, copy_size);
  if (!again) {
    fprintf(stderr, "finding: a loaded engine, saved again, does not load\n");
    abort();
  }
  trt_engine_free(again);
  free(copy);
  trt_engine_free(engine);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzLog log;
  fuzz_log_init(&log);
  TrtRuntime *runtime = trt_runtime_new(log.logger);
  if (!runtime) abort();
  load(runtime, data, size, &log);
  if (size >= TRT_ENGINE_PRELUDE_SIZE + TRT_ENGINE_CHECKSUM_SIZE &&
      memcmp(data, TRT_ENGINE_MAGIC, TRT_ENGINE_MAGIC_SIZE) == 0) {
    uint8_t *fixed = malloc(size);
    if (!fixed) abort();
    memcpy(fixed, data, size);
    memcpy(fixed + VERSION_OFFSET, (const uint8_t[4]){TRT_ENGINE_FORMAT_VERSION, 0, 0, 0}, 4);
    put_le64(fixed + SIZE_OFFSET, size);
    put_le64(fixed + size - TRT_ENGINE_CHECKSUM_SIZE,
             trt_checksum64(fixed, size - TRT_ENGINE_CHECKSUM_SIZE));
    if (memcmp(fixed, data, size) != 0) load(runtime, fixed, size, &log);
    free(fixed);
  }
  trt_runtime_free(runtime);
  fuzz_log_free(&log);
  return 0;
}
