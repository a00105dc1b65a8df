/* Argument checks shared by the addon's files: type-tagged externals (so a wrong object is an
 * error, not a crash) and typed arrays of one element type. */
#ifndef MARIE_EXTERNALS_H
#define MARIE_EXTERNALS_H
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

/* tree-sitter's tag for a grammar's `language` external (node-tree-sitter's language.cc). */
static const napi_type_tag MARIE_LANGUAGE_TAG = {0x8AF2E5212AD58ABF, 0xD5006CAD83ABBA16};

/* The pointer behind `value` when it is an external carrying `tag`, else NULL (nothing thrown). */
static inline void *marie_tagged_external(napi_env env, napi_value value, const napi_type_tag *tag) {
  bool tagged = false;
  void *ptr = NULL;
  if (napi_check_object_type_tag(env, value, tag, &tagged) != napi_ok || !tagged) return NULL;
  if (napi_get_value_external(env, value, &ptr) != napi_ok) return NULL;
  return ptr;
}

/* 1 when `value` is a typed array of type `want` (its data and length set), else 0 (nothing thrown). */
static inline int marie_typed_array(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type type;
  return napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL) == napi_ok && type == want;
}
#endif
