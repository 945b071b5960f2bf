/* Files mapped read-only into memory: an engine loaded from a file uses
 * its weights where the file's pages are, with no copy. */
#ifndef TRT_MAPPED_FILE_H
#define TRT_MAPPED_FILE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  void *data; /* NULL for an empty file */
  size_t size;
} TrtMappedFile;

/* Maps the whole of `path` (pages read in now, not at first touch). False
 * with errno set when it cannot; ENODEV when `path` is no regular file
 * (a pipe, a device), which can still be read. */
bool trt_mapped_file_open(const char *path, TrtMappedFile *file);
void trt_mapped_file_close(TrtMappedFile *file);

#endif
