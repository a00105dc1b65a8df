/*
 * Each distinct trigram key of a file's UTF-8 bytes, as src/common/trigram.ts defines them
 * (ASCII without '\n', A-Z folded, KELVIN SIGN as 'k' and LONG S as 's', 21-bit keys), for
 * the writer thread's text index: the same loop costs half the time here (4.4 against
 * 8.6 ms/MB). Deduplication is the caller's stamped table: seen[key] == stamp means written.
 */
#include "trigrams.h"

#include <stdint.h>

#include "externals.h"

enum { KEY_MASK = (1 << 21) - 1 };

static uint32_t extract(const uint8_t *bytes, size_t n, uint32_t *seen, uint32_t stamp, int32_t *out, uint32_t o) {
  uint32_t window = 0, valid = 0;
  for (size_t i = 0; i < n; i++) {
    int c = bytes[i];
    if (c >= 'A' && c <= 'Z') c += 32;
    else if (c >= 128 || c == '\n') c = -1;
    if (c < 0) {
      uint8_t b = bytes[i];
      if (b == 0xe2 && i + 2 < n && bytes[i + 1] == 0x84 && bytes[i + 2] == 0xaa) {
        c = 'k';
        i += 2;
      } else if (b == 0xc5 && i + 1 < n && bytes[i + 1] == 0xbf) {
        c = 's';
        i += 1;
      } else {
        valid = 0;
        continue;
      }
    }
    window = ((window << 7) | (uint32_t)c) & KEY_MASK;
    if (++valid >= 3 && seen[window] != stamp) {
      seen[window] = stamp;
      out[o++] = (int32_t)window;
    }
  }
  return o;
}

napi_value marie_extract_trigrams(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5], result;
  void *bytes = NULL, *seen = NULL, *out = NULL;
  size_t n = 0, seen_len = 0, out_len = 0;
  double stamp = 0, offset = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5 || !marie_typed_array(env, argv[0], napi_uint8_array, &bytes, &n) ||
      !marie_typed_array(env, argv[1], napi_uint32_array, &seen, &seen_len) || napi_get_value_double(env, argv[2], &stamp) != napi_ok ||
      !marie_typed_array(env, argv[3], napi_int32_array, &out, &out_len) || napi_get_value_double(env, argv[4], &offset) != napi_ok) {
    napi_throw_type_error(env, NULL, "marie_tags: extractTrigrams(bytes: Uint8Array, seen: Uint32Array, stamp, out: Int32Array, offset)");
    return NULL;
  }
  /* Every key lands in `seen`; `out` needs room for one key per byte, as the JS version asks. */
  if (seen_len <= KEY_MASK || offset < 0 || offset + (double)n > (double)out_len) {
    napi_throw_range_error(env, NULL, "marie_tags: extractTrigrams: `seen` holds fewer than 2^21 keys or `out` has no room");
    return NULL;
  }
  uint32_t end = extract(bytes, n, seen, (uint32_t)stamp, out, (uint32_t)offset);
  if (napi_create_uint32(env, end, &result) != napi_ok) return NULL;
  return result;
}
