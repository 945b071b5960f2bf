/* Shared by the real-model tests: reporting and running against
 * references. */
#ifndef ONNX_MODELS_H
#define ONNX_MODELS_H

#include <stdarg.h>
#include <trtinfer/trtinfer.h>

/* Prints "PASS name" or "FAIL name: message" and counts it. */
void report(const char *name, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool exists(const char *path);
/* Runs `model` on `in` and compares every output with `want`; reports. */
bool run_and_compare(const char *name, const char *model, const TrtHostTensor *in, int nin,
                     const TrtHostTensor *want, int nwant, double rtol, double atol);
/* The Polygraphy edge-case models under `dir`. */
void check_polygraphy(const char *dir);

#endif
