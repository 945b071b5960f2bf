/* ONNX value names -> network tensors: a small open-addressing hash map.
 * Lookups happen for every node input, so this keeps big graphs linear. */
#include <stdlib.h>
#include <string.h>

#include "onnx-importer.h"

static uint64_t hash(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
  return h;
}

static size_t slot_of(const OnnxNameMap *map, const char *name) {
  size_t mask = map->cap - 1, i = (size_t)hash(name) & mask;
  while (map->keys[i] && strcmp(map->keys[i], name) != 0) i = (i + 1) & mask;
  return i;
}

static bool grow(OnnxNameMap *map) {
  size_t cap = map->cap ? map->cap * 2 : 256;
  OnnxNameMap bigger = {.keys = calloc(cap, sizeof(char *)),
                        .values = calloc(cap, sizeof(TrtTensor *)),
                        .cap = cap};
  if (!bigger.keys || !bigger.values) {
    free(bigger.keys);
    free(bigger.values);
    return false;
  }
  for (size_t i = 0; i < map->cap; i++) {
    if (!map->keys[i]) continue;
    size_t j = slot_of(&bigger, map->keys[i]);
    bigger.keys[j] = map->keys[i];
    bigger.values[j] = map->values[i];
  }
  bigger.count = map->count;
  free(map->keys);
  free(map->values);
  *map = bigger;
  return true;
}

bool onnx_names_put(OnnxNameMap *map, const char *name, TrtTensor *tensor) {
  if ((map->count + 1) * 2 > map->cap && !grow(map)) return false;
  size_t i = slot_of(map, name);
  if (!map->keys[i]) map->count++;
  map->keys[i] = name;
  map->values[i] = tensor;
  return true;
}

TrtTensor *onnx_names_get(const OnnxNameMap *map, const char *name) {
  if (!map->cap || !name) return NULL;
  size_t i = slot_of(map, name);
  return map->keys[i] ? map->values[i] : NULL;
}

void onnx_names_free(OnnxNameMap *map) {
  free(map->keys);
  free(map->values);
  memset(map, 0, sizeof *map);
}
