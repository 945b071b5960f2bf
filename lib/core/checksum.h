/* The engine file's checksum (format 3 on). */
#ifndef TRT_CHECKSUM_H
#define TRT_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* A 64-bit checksum of `size` bytes, read as little-endian 64-bit words in
 * four independent lanes, so that a 500 MB engine is checked at memory
 * speed (the byte-at-a-time FNV-1a of format 2 took 0.2 s per 100 MB). It
 * catches damage, not forgery. Same value on every machine. */
uint64_t trt_checksum64(const void *data, size_t size);

#endif
