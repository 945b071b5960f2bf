/* Small helpers shared across the library. */
#ifndef TRT_UTIL_H
#define TRT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

char *trt_strdup(const char *s);
/* Reads a whole file; NULL (and errno set) on failure. */
void *trt_read_file(const char *path, size_t *size);
/* 64-bit FNV-1a, for hashing names (engine files use checksum.h). */
uint64_t trt_fnv1a64(const void *data, size_t size, uint64_t seed);
#define TRT_FNV1A64_SEED 0xcbf29ce484222325ULL
/* Milliseconds of the monotonic clock, for timing runs and layers. */
double trt_now_ms(void);
/* IEEE half <-> float. */
float trt_half_to_float(uint16_t h);
uint16_t trt_float_to_half(float f);

#define TRT_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TRT_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
