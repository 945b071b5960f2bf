/* Labels files: one label a line, or DeepStream's "a;b;c" on one line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "vision-impl.h"

struct TrtLabels {
  char *text;    /* the file, with separators replaced by NULs */
  char **labels; /* pointers into text */
  int count;
};

void trt_labels_free(TrtLabels *labels) {
  if (!labels) return;
  free(labels->text);
  free(labels->labels);
  free(labels);
}

int trt_labels_count(const TrtLabels *labels) { return labels ? labels->count : 0; }

const char *trt_labels_get(const TrtLabels *labels, int class_id) {
  if (!labels || class_id < 0 || class_id >= labels->count) return NULL;
  return labels->labels[class_id];
}

/* Number of labels in text[0..len) split at `sep`: a final separator ends
 * the last label rather than starting an empty one. */
static int count_labels(const char *text, size_t len, char sep) {
  if (len == 0) return 0;
  int n = 1;
  for (size_t i = 0; i + 1 < len; i++) n += text[i] == sep;
  return n;
}

/* Splits text in place into `out`, dropping a "\r" that ends a label. */
static void split(char *text, size_t len, char sep, char **out) {
  int n = 0;
  char *start = text;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && text[i] != sep) continue;
    if (i == len && start == text + len) break;
    text[i] = '\0';
    size_t l = strlen(start);
    if (l && start[l - 1] == '\r') start[l - 1] = '\0';
    out[n++] = start;
    start = text + i + 1;
  }
}

TrtLabels *trt_labels_load(const char *path, TrtLogger *logger) {
  size_t size = 0;
  char *data = path ? trt_read_file(path, &size) : NULL;
  if (!data) {
    trt_log(logger, TRT_SEVERITY_ERROR, "labels file %s: cannot read: %s",
            path ? path : "(none)", path ? strerror(errno) : "no path given");
    return NULL;
  }
  TrtLabels *labels = calloc(1, sizeof *labels);
  char *text = malloc(size + 1);
  if (!labels || !text) {
    free(data);
    free(labels);
    free(text);
    trt_log(logger, TRT_SEVERITY_ERROR, "labels file %s: out of memory", path);
    return NULL;
  }
  memcpy(text, data, size);
  text[size] = '\0';
  free(data);
  if (memchr(text, '\0', size)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "labels file %s: binary data, text expected", path);
    free(text);
    free(labels);
    return NULL;
  }
  /* One line (with or without its newline) holding ';': DeepStream style. */
  char *newline = memchr(text, '\n', size);
  bool one_line = !newline || newline == text + size - 1;
  char sep = one_line && memchr(text, ';', size) ? ';' : '\n';
  if (sep == ';' && newline) size = (size_t)(newline - text);
  int count = count_labels(text, size, sep);
  labels->labels = count ? malloc((size_t)count * sizeof *labels->labels) : NULL;
  if (count == 0 || !labels->labels) {
    trt_log(logger, TRT_SEVERITY_ERROR, "labels file %s: %s", path,
            count ? "out of memory" : "no labels in it");
    free(text);
    free(labels);
    return NULL;
  }
  split(text, size, sep, labels->labels);
  labels->text = text;
  labels->count = count;
  return labels;
}
