/* Protocol buffer text format (.prototxt, .pbtxt) read into protobuf-c
 * messages, driven by the generated descriptors. protobuf-c has no text
 * format of its own.
 *
 * What is read: fields by name, `name: value` and `name { ... }` (or
 * `name: { ... }`, `name < ... >`), repeated fields given once per value or
 * as lists `name: [a, b]`, optional `;` or `,` after a field, `#` comments,
 * integers in decimal, hex (0x) and octal (0), floats with exponents, an f
 * suffix, inf and nan, bools (true/false/t/f/1/0), enums by name or number,
 * strings in single or double quotes with C escapes (\n \t \\ \" \' \? \a
 * \b \f \v \r, octal \NNN, hex \xHH, \uHHHH and \UHHHHHHHH as UTF-8), and
 * adjacent strings concatenated. Packed and unpacked repeated fields read
 * the same (packing only exists in the binary form).
 *
 * Errors: the first problem stops the read and is logged as
 * "<file>:<line>:<column>: <what>" (line and column from 1). Any input,
 * including binary garbage, gives either a message or an error, never a
 * crash; nesting deeper than the limit is an error, not a stack overflow.
 * As in protobuf's own reader, a non-repeated field given twice, two
 * members of one oneof, or a missing required field are errors.
 */
#ifndef TRT_PBTEXT_H
#define TRT_PBTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <protobuf-c/protobuf-c.h>
#include <trtinfer/logger.h>

#define TRT_PBTEXT_DEFAULT_DEPTH 100

typedef struct {
  /* Fields the descriptor does not know, and [extension] fields, are read
   * and dropped with a warning instead of failing, so files written for a
   * larger schema (a fork's extra layer parameters) still load. */
  bool skip_unknown_fields;
  /* Deepest nesting of messages accepted; 0: TRT_PBTEXT_DEFAULT_DEPTH. */
  int max_depth;
} TrtPbTextOptions;

/* Reads `size` bytes of `text` (no terminating NUL needed) as a message of
 * type `descriptor`. `file` names the source in messages. On success *out
 * is a new message, to be freed with protobuf_c_message_free_unpacked(msg,
 * NULL); on failure *out is NULL. `options` may be NULL (strict). */
TrtStatus trt_pbtext_parse(const ProtobufCMessageDescriptor *descriptor,
                           const char *text, size_t size, const char *file,
                           const TrtPbTextOptions *options,
                           ProtobufCMessage **out, TrtLogger *logger);

#endif
