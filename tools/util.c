/* Small helpers of the command line tool. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

void *cli_read_file(const char *path, size_t *size) {
  struct stat st;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    errno = EISDIR;
    return NULL;
  }
  size_t n = (size_t)st.st_size;
  char *data = malloc(n + 1);
  if (!data) {
    fclose(f);
    errno = ENOMEM;
    return NULL;
  }
  if (fread(data, 1, n, f) != n) {
    int e = ferror(f) ? EIO : ENODATA;
    free(data);
    fclose(f);
    errno = e;
    return NULL;
  }
  fclose(f);
  data[n] = '\0';
  *size = n;
  return data;
}

const char *cli_file_extension(const char *path, char *buf, size_t size) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  size_t i = 0;
  if (size == 0) return buf;
  if (dot)
    for (; dot[i] && i + 1 < size; i++)
      buf[i] = (char)tolower((unsigned char)dot[i]);
  buf[i] = '\0';
  return buf;
}

char *cli_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

double cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
