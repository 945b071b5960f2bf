/* The timing cache file: tactics that cuDNN timing chose, keyed by
 * everything the timing depended on (GPU, cuDNN version, precision, layer
 * geometry), so that a rebuild of the same model, or of another model with
 * layers of the same shapes, skips the timing.
 *
 * One entry a line, "<algorithm> <key>", appended as layers are timed;
 * the last entry of a key wins. A missing file is an empty cache; lines
 * that do not parse are skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda-impl.h"

#define LINE_MAX_BYTES 1024

int trt_cuda_timing_cache_lookup(const char *path, const char *key) {
  FILE *f = path ? fopen(path, "r") : NULL;
  if (!f) return -1;
  char line[LINE_MAX_BYTES];
  int found = -1;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    char *rest;
    long algo = strtol(line, &rest, 10);
    if (rest != line && *rest == ' ' && algo >= 0 && algo < 1000 && strcmp(rest + 1, key) == 0)
      found = (int)algo;
  }
  fclose(f);
  return found;
}

void trt_cuda_timing_cache_store(const char *path, const char *key, int algo,
                                 TrtLogger *logger) {
  FILE *f = fopen(path, "a");
  bool ok = f && fprintf(f, "%d %s\n", algo, key) >= 0;
  if (f && fclose(f) != 0) ok = false;
  if (!ok)
    trt_log(logger, TRT_SEVERITY_WARNING,
            "timing cache %s: cannot write: the timing of this layer will be repeated in "
            "the next build",
            path);
}

void trt_cuda_timing_key(const TrtKernelArgs *args, const char *what, char *key, size_t size) {
  TrtCudaContext *c = trt_cuda_context(args);
  struct cudaDeviceProp prop;
  memset(&prop, 0, sizeof prop);
  const char *device = cudaGetDeviceProperties(&prop, c->device) == cudaSuccess ? prop.name : "?";
  int n = snprintf(key, size, "%s|sm_%d%d|cudnn %zu|%s|%s", device, prop.major, prop.minor,
                   cudnnGetVersion(), trt_precision_name(args->precision), what);
  /* Spaces would end the key early in a reader that splits words. */
  for (int i = 0; i < n && (size_t)i < size && key[i]; i++)
    if (key[i] == ' ' || key[i] == '\n') key[i] = '_';
}
