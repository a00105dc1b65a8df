/* The content index's trigram keys in C (trigrams.c); the same as src/common/trigram.ts. */
#ifndef MARIE_TRIGRAMS_H
#define MARIE_TRIGRAMS_H
#include <node_api.h>

/* extractTrigrams(bytes, seen, stamp, out, offset) -> the new end of `out`. */
napi_value marie_extract_trigrams(napi_env env, napi_callback_info info);

#endif
