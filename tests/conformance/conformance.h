/* The conformance runner: one ONNX backend test, run in a child process. */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <trtinfer/trtinfer.h>

typedef enum { CASE_PASS = 0, CASE_FAIL, CASE_SKIP, CASE_CRASH } CaseOutcome;

/* Plain data, so that a child can write it to its parent through a pipe. */
typedef struct {
  CaseOutcome outcome;
  char op[64];       /* the operator the test is about */
  char reason[1024]; /* why it failed or was skipped */
} CaseResult;

/* Parses, builds and runs the test in `dir` (model.onnx and
 * test_data_set_*) on `backend` and compares every output. */
void conformance_run_case(const char *dir, TrtBackendKind backend, bool verbose,
                          CaseResult *result);

#endif
