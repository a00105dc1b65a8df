/* A kept tree for incremental re-parsing of editor saves (treeSlot.c). */
#ifndef MARIE_TREE_SLOT_H
#define MARIE_TREE_SLOT_H
#include <node_api.h>
#include <tree_sitter/api.h>

typedef struct {
  TSTree *tree;
  const TSLanguage *language;
} TreeSlot;

/* newTreeSlot() -> external holding no tree; its tree is freed with it or by dropTree(). */
napi_value marie_new_tree_slot(napi_env env, napi_callback_info info);

/* dropTree(slot) -> whether it held a tree: frees it now (the slot left the worker's recent files). */
napi_value marie_drop_tree(napi_env env, napi_callback_info info);

/* The slot behind a newTreeSlot() external, or NULL (with a TypeError thrown). */
TreeSlot *marie_tree_slot_arg(napi_env env, napi_value value);

/*
 * The slot's tree edited by `edit` (9 int32: start, old end, new end in UTF-16 units, then
 * the rows and UTF-16 columns of the same three points) and taken out of the slot, for
 * ts_parser_parse to reuse; NULL when the slot holds no tree of this language or there is
 * no edit (a full parse; a tree it held is freed). The caller deletes it after parsing.
 */
TSTree *marie_take_edited_tree(TreeSlot *slot, const TSLanguage *language, const int32_t *edit);

#endif
