/* Engine files: the serialized form of a TrtEngine.
 *
 * Layout, format version 3. Integers are little-endian and unaligned;
 * `str` is a u32 byte length then the bytes (no NUL, none inside); `dims`
 * is a u32 rank (<= TRT_MAX_DIMS) then one i64 per dimension.
 *
 *   prelude   8 bytes magic "TRTINFER", u32 format version,
 *             u32 0 (reserved), u64 size of the whole file
 *   header    u32 count, then count x (str key, str value): library_version,
 *             backend, device, precision, max_batch, model_hash, and any
 *             others the backend set (compute capability, CUDA/cuDNN
 *             versions). backend, precision and max_batch are read back
 *             from here, so a message can name the key that differs.
 *   engine    i32 device id, u64 arena bytes, u64 sum of all activations
 *   tensors   u32 count, then per tensor: str name, u8 TrtDataType,
 *             u8 TrtTensorRole, u8 layout (0 as the dims say, 1 channels-
 *             last: 4-D float32 or float16 only), dims (at the max batch),
 *             i64 arena offset
 *             (-1 for constants), u64 slot bytes, u64 offset of its data in
 *             the weights blob, u64 data bytes (both 0 unless constant)
 *   inputs    u32 count, then per input: i32 tensor id, declared dims
 *             (-1 in the first dim marks the batch)
 *   outputs   u32 count, then per output: i32 tensor id
 *   layers    u32 count, then per layer: str name, u32 TrtLayerType,
 *             u8 TrtBackendKind that runs it, str tactic, u32 nb inputs,
 *             i32 tensor id per input (-1: absent optional input), u32 nb
 *             outputs, i32 tensor id per output, u32 params size, the
 *             params struct's bytes as in memory (the structs of layers.h
 *             are fixed-width plain data; the size is checked per kind)
 *   weights   u64 blob offset (from the file start, a multiple of 64),
 *             u64 blob bytes, zero padding up to the offset, the blob: every
 *             constant's bytes, each at a multiple of 64 within it
 *   checksum  u64 trt_checksum64 (checksum.h) of every byte before it
 *
 * Layers are in topological order: a layer reads only network inputs,
 * constants and tensors written by the layers before it. Loading checks all
 * of this, every count, offset and length, the enums and the checksum, then
 * infers every shape again to check the params, and refuses anything else
 * with a message naming the file and the problem.
 *
 * An engine read from a file maps the file and uses the weights where they
 * are (the blob and each constant are 64-byte aligned for that). Saving
 * writes a new file and renames it over the old one, so a process that has
 * an engine file mapped keeps its weights when the cache is rewritten; a
 * file rewritten in place under a running process (cp, truncate) would
 * take its weights away (SIGBUS): replace engine files by renaming. */
#ifndef TRT_ENGINE_FILE_H
#define TRT_ENGINE_FILE_H

#include "engine-impl.h"

#define TRT_ENGINE_MAGIC "TRTINFER"
#define TRT_ENGINE_MAGIC_SIZE 8
/* 3: the checksum became trt_checksum64 (2 had FNV-1a 64); 4: convolutions
 * may have a residual input whose slot their output takes */
#define TRT_ENGINE_FORMAT_VERSION 4u
/* magic, version, reserved, file size */
#define TRT_ENGINE_PRELUDE_SIZE 24
#define TRT_ENGINE_CHECKSUM_SIZE 8
#define TRT_ENGINE_WEIGHTS_ALIGN 64

/* Serializes into a malloc'ed buffer. Saving (trt_engine_save) writes
 * PATH.tmp-<pid>-<n> next to PATH, then renames it to PATH. */
TrtStatus trt_engine_write(const TrtEngine *engine, void **data, size_t *size);

/* Reads an engine from bytes. `source` names them in messages ("engine
 * file 'x.engine'"). On failure returns why (PARSE_ERROR: not an engine
 * file; CORRUPT: truncated, checksum or structure; VERSION_MISMATCH: format
 * or library version; DEVICE_MISMATCH: backend or device; OUT_OF_MEMORY:
 * its tensors exceed memory or the tensor size budget) and logs it. */
TrtStatus trt_engine_read(const void *data, size_t size, const char *source,
                          TrtLogger *logger, TrtEngine **engine);
/* As trt_engine_read, from a file (FILE_ERROR when it cannot be read),
 * which stays mapped while the engine lives. */
TrtStatus trt_engine_read_file(const char *path, TrtLogger *logger,
                               TrtEngine **engine);

#endif
