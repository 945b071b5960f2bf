/* A walk over protobuf wire format that measures how deep messages nest,
 * before protobuf-c decodes them: protobuf-c recurses once per level, so a
 * hostile file of a few megabytes (a graph in an attribute of a node of a
 * graph in an attribute ...) would overflow the stack. The walk keeps its
 * own stack and uses the schema to tell sub-messages from bytes. */
#include "onnx-importer.h"

static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    uint8_t b = *(*p)++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

bool onnx_nesting_within(const void *data, size_t size, const ProtobufCMessageDescriptor *desc,
                         int max_depth) {
  struct {
    const ProtobufCMessageDescriptor *desc;
    const uint8_t *end;
  } stack[ONNX_MAX_NESTING + 1];
  if (max_depth > ONNX_MAX_NESTING) max_depth = ONNX_MAX_NESTING;
  const uint8_t *p = data;
  int depth = 0;
  stack[0].desc = desc;
  stack[0].end = p + size;
  for (;;) {
    while (depth > 0 && p >= stack[depth].end) depth--;
    if (p >= stack[depth].end) return true;
    uint64_t key, value;
    /* Malformed bytes are protobuf-c's to report: stop measuring. */
    if (!read_varint(&p, stack[depth].end, &key)) return true;
    const uint8_t *end = stack[depth].end;
    switch (key & 7) {
    case 0:
      if (!read_varint(&p, end, &value)) return true;
      break;
    case 1:
      if ((size_t)(end - p) < 8) return true;
      p += 8;
      break;
    case 5:
      if ((size_t)(end - p) < 4) return true;
      p += 4;
      break;
    case 2: {
      if (!read_varint(&p, end, &value) || value > (uint64_t)(end - p)) return true;
      const ProtobufCFieldDescriptor *f =
          stack[depth].desc ? protobuf_c_message_descriptor_get_field(stack[depth].desc,
                                                                     (unsigned)(key >> 3))
                            : NULL;
      if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
        if (depth + 1 > max_depth) return false;
        depth++;
        stack[depth].desc = f->descriptor;
        stack[depth].end = p + value;
      } else {
        p += value;
      }
      break;
    }
    default:
      return true; /* groups or garbage: protobuf-c refuses them */
    }
  }
}
