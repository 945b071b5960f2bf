/* Runs a fuzz target's LLVMFuzzerTestOneInput once over each file given,
 * or over each file of each folder given (not recursive):
 *
 *   replay-onnx tests/fuzz/corpus/onnx [more files or folders]
 *
 * Prints one line per input and a count; a crash or sanitizer report ends
 * the run, naming the input on the line before. Exit 0 when every input
 * ran, 77 (skip) when no input was found. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int ran;

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  size_t cap = 1 << 16, size = 0;
  uint8_t *data = malloc(cap);
  size_t got;
  while (data && (got = fread(data + size, 1, cap - size, f)) > 0) {
    size += got;
    if (size == cap) {
      uint8_t *bigger = realloc(data, cap *= 2);
      if (!bigger) free(data);
      data = bigger;
    }
  }
  bool read_error = ferror(f);
  fclose(f);
  if (!data || read_error) {
    fprintf(stderr, "%s: cannot read\n", path);
    free(data);
    return 1;
  }
  printf("input %s (%zu bytes)\n", path, size);
  fflush(stdout);
  /* A copy of exactly `size` bytes, so that ASan sees reads past the end. */
  uint8_t *exact = malloc(size ? size : 1);
  if (!exact) abort();
  memcpy(exact, data, size);
  free(data);
  LLVMFuzzerTestOneInput(exact, size);
  free(exact);
  ran++;
  return 0;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a folder in name order, so that runs are repeatable. */
static int run_folder(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return 1;
  }
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char **grown = realloc(names, (n + 1) * sizeof *names);
    if (!grown) abort();
    names = grown;
    names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
    if (!names[n]) abort();
    sprintf(names[n++], "%s/%s", dir, e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, compare_names);
  int failures = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) failures += run_file(names[i]);
    free(names[i]);
  }
  free(names);
  return failures;
}

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  int failures = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      failures++;
    } else if (S_ISDIR(st.st_mode)) {
      failures += run_folder(argv[i]);
    } else {
      failures += run_file(argv[i]);
    }
  }
  printf("%d inputs ran, %d could not be read\n", ran, failures);
  if (failures) return 1;
  return ran ? 0 : 77;
}
