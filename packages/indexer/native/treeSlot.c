/*
 * Kept trees for editor saves: the next save of the same file re-parses incrementally, and
 * tree-sitter reuses every subtree outside the edited range (a 90 KB TypeScript file: ~13 ms
 * for a full parse). Bulk parses never keep their trees. The edit comes from the caller
 * (src/worker/recentTrees.ts derives it from the two texts).
 */
#include "treeSlot.h"

#include <stdlib.h>

#include "externals.h"

static const napi_type_tag TREE_SLOT_TAG = {0x6d61726965746167, 0x736c6f7400000001};

static void free_slot(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  TreeSlot *slot = data;
  if (slot->tree) ts_tree_delete(slot->tree);
  free(slot);
}

napi_value marie_new_tree_slot(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  TreeSlot *slot = calloc(1, sizeof *slot);
  if (!slot) {
    napi_throw_error(env, NULL, "marie_tags: out of memory");
    return NULL;
  }
  if (napi_create_external(env, slot, free_slot, NULL, &result) != napi_ok || napi_type_tag_object(env, result, &TREE_SLOT_TAG) != napi_ok) {
    free(slot);
    napi_throw_error(env, NULL, "marie_tags: could not create a tree slot");
    return NULL;
  }
  return result;
}

TreeSlot *marie_tree_slot_arg(napi_env env, napi_value value) {
  TreeSlot *slot = marie_tagged_external(env, value, &TREE_SLOT_TAG);
  if (!slot) napi_throw_type_error(env, NULL, "marie_tags: expected a tree slot from newTreeSlot()");
  return slot;
}

napi_value marie_drop_tree(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
    napi_throw_type_error(env, NULL, "marie_tags: dropTree(slot)");
    return NULL;
  }
  TreeSlot *slot = marie_tree_slot_arg(env, argv[0]);
  if (!slot) return NULL;
  napi_value result;
  if (napi_get_boolean(env, slot->tree != NULL, &result) != napi_ok) return NULL;
  if (slot->tree) ts_tree_delete(slot->tree);
  slot->tree = NULL;
  return result;
}

/* UTF-16 units and columns to tree-sitter's bytes (UTF-16LE input: two bytes a unit). */
static TSPoint point_at(int32_t row, int32_t column) { return (TSPoint){(uint32_t)row, (uint32_t)column * 2}; }

TSTree *marie_take_edited_tree(TreeSlot *slot, const TSLanguage *language, const int32_t *e) {
  TSTree *tree = slot->tree;
  slot->tree = NULL;
  if (!tree) return NULL;
  if (!e || slot->language != language || e[0] < 0 || e[1] < e[0] || e[2] < e[0]) {
    ts_tree_delete(tree);
    return NULL;
  }
  TSInputEdit edit = {
      (uint32_t)e[0] * 2, (uint32_t)e[1] * 2, (uint32_t)e[2] * 2, point_at(e[3], e[4]), point_at(e[5], e[6]), point_at(e[7], e[8]),
  };
  ts_tree_edit(tree, &edit);
  return tree;
}
