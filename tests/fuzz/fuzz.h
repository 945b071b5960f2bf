/* Shared pieces of the fuzz targets (tests/fuzz/fuzz-*.c).
 *
 * Each target defines LLVMFuzzerTestOneInput and is linked two ways:
 * - with libFuzzer (clang -fsanitize=fuzzer), as tests/fuzz/fuzz-<name>,
 *   run by `make fuzz` (tests/fuzz/run-fuzz.sh);
 * - with replay.c, as tests/fuzz/replay-<name>, a plain program that runs
 *   every file of tests/fuzz/corpus/<name> once: the meson test that keeps
 *   the regression inputs passing in every build (and under ASan/UBSan in
 *   `make test`).
 *
 * What a target checks beyond "no crash, no sanitizer report, no leak":
 * a failing call must have logged an error (fuzz_expect_error). */
#ifndef TRT_FUZZ_H
#define TRT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <trtinfer/trtinfer.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Per-tensor memory budget the targets run under (TRTINFER_MAX_TENSOR_BYTES):
 * small, so that a hostile size is refused long before libFuzzer's malloc
 * limit, and so that building and running a fuzzed model stays fast. */
#define FUZZ_MAX_TENSOR_BYTES "1048576"

/* Sets the environment every target runs under; call from
 * LLVMFuzzerInitialize. */
void fuzz_init(void);

/* A logger that keeps count of errors and drops the text (printing every
 * message slows fuzzing down; FUZZ_VERBOSE=1 prints them). */
typedef struct {
  TrtLogger *logger;
  int errors;
} FuzzLog;
void fuzz_log_init(FuzzLog *log);
void fuzz_log_free(FuzzLog *log);

/* Aborts (a finding) when `failed` but nothing was logged at ERROR:
 * every refusal must tell the user why. */
void fuzz_expect_error(const FuzzLog *log, bool failed, const char *call);

/* A path that reads back `size` bytes of `data` (an anonymous in-memory
 * file, for readers that only take paths). Returns the descriptor to pass
 * to fuzz_file_close, or -1. `path` gets "/proc/self/fd/N". */
int fuzz_file_open(const void *data, size_t size, char *path, size_t path_size);
void fuzz_file_close(int fd);

/* Builds `net` on the CPU (max batch 1) and, when that works, runs the
 * engine once on zero inputs; failures must be logged. Bounded by the
 * tensor budget above. */
void fuzz_build_and_run(TrtNetwork *net, FuzzLog *log);
/* Runs `engine` once on zero inputs in a new context; a failure must be
 * logged. */
void fuzz_run_engine(TrtEngine *engine, FuzzLog *log);

#endif
