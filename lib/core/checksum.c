/* The engine file's checksum; see checksum.h. */
#include <string.h>

#include "checksum.h"

#define MIX1 0x9e3779b97f4a7c15ULL /* odd constants with well spread bits */
#define MIX2 0xc2b2ae3d27d4eb4fULL
#define MIX3 0x165667b19e3779f9ULL

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t load_le64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

uint64_t trt_checksum64(const void *data, size_t size) {
  const uint8_t *p = data;
  /* Four lanes: each word's multiply is independent of the lane's chain,
   * so the lanes advance in parallel. */
  uint64_t lane[4] = {MIX1, MIX2, MIX3, MIX1 ^ MIX2};
  size_t i = 0;
  for (; size - i >= 32; i += 32)
    for (int k = 0; k < 4; k++)
      lane[k] = rotl(lane[k] ^ (load_le64(p + i + 8 * k) * MIX2), 29) * MIX1;
  uint64_t h = (uint64_t)size * MIX3;
  for (int k = 0; k < 4; k++) h = rotl(h ^ lane[k], 27) * MIX1;
  for (; i < size; i++) h = rotl(h ^ p[i], 23) * MIX2;
  /* Final avalanche: every input bit reaches every output bit. */
  h ^= h >> 33;
  h *= MIX2;
  h ^= h >> 29;
  return h;
}
