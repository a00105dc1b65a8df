/*
 * The walk matcher. tree-sitter's query cursor advances a state machine at every node of
 * the tree (~500 ns per node here); a tags query's patterns are small trees anchored at a
 * node type, so one plain TSTreeCursor walk that looks each node's type up in a table and
 * checks the few candidates' children directly finds the same matches for a fraction of
 * that (docs/decisions.md, "walk matcher"). The patterns come compiled from
 * src/worker/walkProgram.ts; the semantics follow query.c: a child step matches any later
 * child (with its field if it names one), in order; every assignment of children to steps
 * is a match; wildcards do not match ERROR nodes; MISSING nodes match their type.
 */
#include "walk.h"

#include "externals.h"
#include "grow.h"

/* tree-sitter's internal headers (its lib.c is compiled into this addon, binding.gyp): the
 * walk reads subtrees directly instead of through TSTreeCursor, whose per-step calls were
 * most of the walk's cost (see "Visible nodes" below). */
#include "language.h"
#include "subtree.h"
#include "tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* KIND_ALTERNATION: the step's children are its alternatives, each with the step's field. */
enum { KIND_NAMED = 0, KIND_ANONYMOUS = 1, KIND_ANY_NAMED = 2, KIND_ANY = 3, KIND_ALTERNATION = 4 };
enum { MAX_CAPTURES = 64, CHECK_EVERY = 4096 };
/* tree-sitter's ts_builtin_sym_error (not in api.h). */
#define SYMBOL_ERROR ((TSSymbol)-1)

typedef struct {
  uint8_t kind;
  TSFieldId field;
  uint16_t symbol_count, capture_count, child_count;
  TSSymbol *symbols;
  uint32_t *captures;
  uint32_t *children; /* step indexes */
} Step;

struct Walker {
  Step *steps;
  uint32_t step_count;
  uint32_t pattern_count;
  uint32_t *roots;          /* root step per pattern */
  uint32_t symbol_count;    /* of the grammar */
  uint32_t *by_symbol;      /* patterns whose root matches a symbol: by_symbol[start[s]..start[s+1]) */
  uint32_t *by_symbol_start;
  uint32_t *wildcard_roots; /* patterns whose root is a wildcard */
  uint32_t wildcard_count;
};

static const napi_type_tag WALKER_TAG = {0x6d61726965746167, 0x77616c6b65720001};

static void free_walker(Walker *w) {
  if (!w) return;
  for (uint32_t i = 0; w->steps && i < w->step_count; i++) {
    free(w->steps[i].symbols);
    free(w->steps[i].captures);
    free(w->steps[i].children);
  }
  free(w->steps);
  free(w->roots);
  free(w->by_symbol);
  free(w->by_symbol_start);
  free(w->wildcard_roots);
  free(w);
}

static void finalize_walker(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free_walker(data);
}

const Walker *marie_walker_arg(napi_env env, napi_value value) {
  const Walker *w = marie_tagged_external(env, value, &WALKER_TAG);
  if (!w) napi_throw_type_error(env, NULL, "marie_tags: expected a walker from newWalker()");
  return w;
}

/* Reads the program (layout in walkProgram.ts) into steps; answers an error message or NULL. */
static const char *read_program(Walker *w, const TSLanguage *language, const int32_t *p, size_t len, napi_env env, napi_value names) {
  if (len < 1 || p[0] < 0 || (size_t)p[0] + 1 > len) return "bad program header";
  w->pattern_count = (uint32_t)p[0];
  w->roots = calloc(w->pattern_count + 1, sizeof *w->roots);
  /* Step offsets are positions in `p`; map each to a step index while reading in order. */
  uint32_t *index_of = calloc(len, sizeof *index_of);
  w->steps = calloc(len, sizeof *w->steps);
  if (!w->roots || !index_of || !w->steps) return free(index_of), "out of memory";
  size_t at = 1 + w->pattern_count;
  const char *error = NULL;
  while (at < len && !error) {
    if (at + 3 > len) { error = "truncated step"; break; }
    Step *s = &w->steps[w->step_count];
    index_of[at] = w->step_count++;
    s->kind = (uint8_t)p[at];
    int32_t field = p[at + 1];
    s->symbol_count = (uint16_t)p[at + 2];
    at += 3;
    char name[256];
    size_t name_len = 0;
    napi_value v;
    if (field >= 0) {
      if (napi_get_element(env, names, (uint32_t)field, &v) != napi_ok || napi_get_value_string_utf8(env, v, name, sizeof name, &name_len) != napi_ok) { error = "bad field name"; break; }
      s->field = ts_language_field_id_for_name(language, name, (uint32_t)name_len);
      if (!s->field) { error = "unknown field"; break; }
    }
    if (at + s->symbol_count + 1 > len) { error = "truncated step"; break; }
    s->symbols = calloc(s->symbol_count + 1, sizeof *s->symbols);
    if (!s->symbols) { error = "out of memory"; break; }
    for (uint16_t i = 0; i < s->symbol_count; i++) {
      if (napi_get_element(env, names, (uint32_t)p[at + i], &v) != napi_ok || napi_get_value_string_utf8(env, v, name, sizeof name, &name_len) != napi_ok) { error = "bad node name"; break; }
      s->symbols[i] = ts_language_symbol_for_name(language, name, (uint32_t)name_len, s->kind == KIND_NAMED);
      if (!s->symbols[i]) { error = "unknown node type"; break; }
    }
    at += s->symbol_count;
    if (error) break;
    s->capture_count = (uint16_t)p[at++];
    if (at + s->capture_count + 1 > len) { error = "truncated step"; break; }
    s->captures = calloc(s->capture_count + 1, sizeof *s->captures);
    if (!s->captures) { error = "out of memory"; break; }
    for (uint16_t i = 0; i < s->capture_count; i++) s->captures[i] = (uint32_t)p[at + i];
    at += s->capture_count;
    s->child_count = (uint16_t)p[at++];
    if (at + s->child_count > len) { error = "truncated step"; break; }
    s->children = calloc(s->child_count + 1, sizeof *s->children);
    if (!s->children) { error = "out of memory"; break; }
    for (uint16_t i = 0; i < s->child_count; i++) s->children[i] = (uint32_t)p[at + i]; /* offsets for now */
    at += s->child_count;
  }
  for (uint32_t i = 0; !error && i < w->step_count; i++)
    for (uint16_t k = 0; k < w->steps[i].child_count; k++) {
      uint32_t off = w->steps[i].children[k];
      if (off >= len || (off != 1 + w->pattern_count && index_of[off] == 0)) error = "bad child offset";
      else w->steps[i].children[k] = index_of[off];
    }
  for (uint32_t i = 0; !error && i < w->pattern_count; i++) {
    uint32_t off = (uint32_t)p[1 + i];
    if (off >= len || (off != 1 + w->pattern_count && index_of[off] == 0)) error = "bad pattern offset";
    else w->roots[i] = index_of[off];
  }
  free(index_of);
  return error;
}

/* The per-symbol lists of patterns by root type (counting sort: pattern order kept). */
static const char *index_roots(Walker *w, const TSLanguage *language) {
  w->symbol_count = ts_language_symbol_count(language);
  w->by_symbol_start = calloc(w->symbol_count + 1, sizeof *w->by_symbol_start);
  w->wildcard_roots = calloc(w->pattern_count + 1, sizeof *w->wildcard_roots);
  if (!w->by_symbol_start || !w->wildcard_roots) return "out of memory";
  uint32_t total = 0;
  for (uint32_t i = 0; i < w->pattern_count; i++) {
    const Step *r = &w->steps[w->roots[i]];
    if (r->kind == KIND_ALTERNATION) return "an alternation at a pattern's root";
    if (r->kind == KIND_ANY || r->kind == KIND_ANY_NAMED) continue;
    for (uint16_t k = 0; k < r->symbol_count; k++)
      if (r->symbols[k] < w->symbol_count) w->by_symbol_start[r->symbols[k] + 1]++, total++;
  }
  for (uint32_t s = 0; s < w->symbol_count; s++) w->by_symbol_start[s + 1] += w->by_symbol_start[s];
  w->by_symbol = calloc(total + 1, sizeof *w->by_symbol);
  uint32_t *fill = calloc(w->symbol_count + 1, sizeof *fill);
  if (!w->by_symbol || !fill) return free(fill), "out of memory";
  for (uint32_t i = 0; i < w->pattern_count; i++) {
    const Step *r = &w->steps[w->roots[i]];
    if (r->kind == KIND_ANY || r->kind == KIND_ANY_NAMED) {
      w->wildcard_roots[w->wildcard_count++] = i;
      continue;
    }
    for (uint16_t k = 0; k < r->symbol_count; k++) {
      TSSymbol s = r->symbols[k];
      if (s < w->symbol_count) w->by_symbol[w->by_symbol_start[s] + fill[s]++] = i;
    }
  }
  free(fill);
  return NULL;
}

napi_value marie_new_walker(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) {
    napi_throw_type_error(env, NULL, "marie_tags: newWalker(language, program, names)");
    return NULL;
  }
  const TSLanguage *language = marie_tagged_external(env, argv[0], &MARIE_LANGUAGE_TAG);
  size_t len = 0;
  void *data = NULL;
  bool is_array = false;
  if (!language || !marie_typed_array(env, argv[1], napi_int32_array, &data, &len) || napi_is_array(env, argv[2], &is_array) != napi_ok || !is_array) {
    napi_throw_type_error(env, NULL, "marie_tags: newWalker(language external, Int32Array, string[])");
    return NULL;
  }
  Walker *w = calloc(1, sizeof *w);
  const char *error = w ? read_program(w, language, data, len, env, argv[2]) : "out of memory";
  if (!error) error = index_roots(w, language);
  if (error) {
    free_walker(w);
    char message[96];
    snprintf(message, sizeof message, "marie_tags: walker program: %s", error);
    napi_throw_error(env, NULL, message);
    return NULL;
  }
  if (napi_create_external(env, w, finalize_walker, NULL, &result) != napi_ok || napi_type_tag_object(env, result, &WALKER_TAG) != napi_ok) {
    napi_throw_error(env, NULL, "marie_tags: N-API call failed in newWalker");
    return NULL;
  }
  return result;
}

/* --- visible nodes -----------------------------------------------------------------
 *
 * What TSTreeCursor does (tree_cursor.c), without a call per step: a node's visible
 * children are its children, with those of hidden (invisible, non-aliased) children lifted
 * into their place; a child's alias comes from its parent's production, and its field from
 * the field map of its parent, or failing that of the hidden ancestors up to the visible
 * one (an extra breaks that chain), as ts_tree_cursor_current_field_id() finds it. */

typedef struct {
  const Subtree *parent;
  const TSSymbol *aliases;
  const TSFieldMapEntry *fields, *fields_end;
  Length position; /* where the next child starts */
  uint32_t index, structural;
  TSFieldId inherited; /* the parent's own field, when the parent is hidden */
} Frame;

typedef struct {
  Frame *items;
  size_t size, cap;
} Frames;

typedef struct {
  TSNode node;
  const Subtree *subtree;
  Length position;
  TSFieldId field;
} Visible;

/* Starts listing the children of `parent` (which starts at `position`), with their fields
 * or not (frames_next); 0 when out of memory. */
static int frames_push(Frames *fs, const TSLanguage *language, const Subtree *parent, Length position, TSFieldId inherited, int with_fields) {
  if (ts_subtree_child_count(*parent) == 0) return 1;
  Frame *items = marie_grow(fs->items, &fs->cap, fs->size + 1, sizeof *items, 64);
  if (!items) return 0;
  fs->items = items;
  Frame *f = &fs->items[fs->size++];
  uint32_t production = parent->ptr->production_id;
  f->parent = parent;
  f->aliases = ts_language_alias_sequence(language, production);
  if (with_fields) ts_language_field_map(language, production, &f->fields, &f->fields_end);
  else f->fields = f->fields_end = NULL;
  f->position = position;
  f->index = f->structural = 0;
  f->inherited = inherited;
  return 1;
}

static TSFieldId field_at(const Frame *f, uint32_t structural) {
  for (const TSFieldMapEntry *e = f->fields; e < f->fields_end; e++)
    if (!e->inherited && e->child_index == structural) return e->field_id;
  return 0;
}

/* The next visible node of the frames above `base`, in order: 1, or 0 when there is none
 * (the frames are back at `base`), or -1 when out of memory. Fields only `with_fields`: a
 * candidate's children need theirs, the walk over every node does not. */
static int frames_next(Frames *fs, size_t base, const TSTree *tree, Visible *out, int with_fields) {
  while (fs->size > base) {
    Frame *f = &fs->items[fs->size - 1];
    uint32_t count = f->parent->ptr->child_count;
    if (f->index == count) {
      fs->size--;
      continue;
    }
    const Subtree *children = ts_subtree_children(*f->parent);
    const Subtree *child = &children[f->index];
    Length position = f->position;
    int extra = ts_subtree_extra(*child);
    TSSymbol alias = 0;
    TSFieldId field = 0;
    if (!extra) {
      if (f->aliases) alias = f->aliases[f->structural];
      if (with_fields) {
        field = field_at(f, f->structural);
        if (!field) field = f->inherited;
      }
      f->structural++;
    }
    f->position = length_add(f->position, ts_subtree_size(*child));
    if (++f->index < count) f->position = length_add(f->position, ts_subtree_padding(children[f->index]));
    if (ts_subtree_visible(*child) || alias) {
      *out = (Visible){ts_node_new(tree, child, position, alias), child, position, field};
      return 1;
    }
    if (!frames_push(fs, tree->language, child, position, extra ? 0 : field, with_fields)) return -1;
  }
  return 0;
}

/* --- matching ------------------------------------------------------------------------ */

typedef struct {
  TSNode node;
  TSFieldId field;
} Kid;

typedef struct {
  const Walker *w;
  const TSTree *tree;
  Kid *kids; /* a stack: each step with children pushes its node's children, pops them after */
  size_t kid_count, kid_cap;
  TSQueryCapture captures[MAX_CAPTURES];
  uint32_t capture_count;
  uint32_t pattern;
  Frames listing; /* scratch for push_kids */
  WalkEmit emit;
  void *payload;
  int failed;
} Ctx;

/* What is left to match once a step's subtree has matched: its parent's later child steps. */
typedef struct Cont {
  const struct Cont *next;
  const Step *step;
  size_t kids_at;
  uint32_t kid_count, k, from;
} Cont;

static int head_matches(const Walker *w, const Step *s, TSNode node, TSFieldId field) {
  if (s->field && s->field != field) return 0;
  TSSymbol symbol = ts_node_symbol(node);
  switch (s->kind) {
    case KIND_ALTERNATION:
      for (uint16_t i = 0; i < s->child_count; i++)
        if (head_matches(w, &w->steps[s->children[i]], node, field)) return 1;
      return 0;
    case KIND_ANY: return symbol != SYMBOL_ERROR;
    case KIND_ANY_NAMED: return symbol != SYMBOL_ERROR && ts_node_is_named(node);
    default:
      for (uint16_t i = 0; i < s->symbol_count; i++)
        if (s->symbols[i] == symbol) return 1;
      return 0;
  }
}

static void match_step(Ctx *c, const Step *s, TSNode node, const Cont *cont);


static void match_children(Ctx *c, const Step *s, size_t kids_at, uint32_t kid_count, uint32_t k, uint32_t from, const Cont *cont);

static int push_captures(Ctx *c, const Step *s, TSNode node);

static void resume(Ctx *c, const Cont *cont) {
  if (c->failed) return;
  if (!cont) {
    if (!c->emit(c->payload, c->pattern, c->captures, c->capture_count)) c->failed = 1;
    return;
  }
  match_children(c, cont->step, cont->kids_at, cont->kid_count, cont->k, cont->from, cont->next);
}

static void match_children(Ctx *c, const Step *s, size_t kids_at, uint32_t kid_count, uint32_t k, uint32_t from, const Cont *cont) {
  if (k == s->child_count) {
    resume(c, cont);
    return;
  }
  const Step *child = &c->w->steps[s->children[k]];
  uint32_t last = kid_count - (s->child_count - k - 1);
  for (uint32_t j = from; j < last && !c->failed; j++) {
    Kid kid = c->kids[kids_at + j]; /* by value: the stack may move */
    if (!head_matches(c->w, child, kid.node, kid.field)) continue;
    Cont next = {cont, s, kids_at, kid_count, k + 1, j + 1};
    if (child->kind != KIND_ALTERNATION) {
      match_step(c, child, kid.node, &next);
      continue;
    }
    /* Each alternative that matches is a match of its own, after the alternation's captures. */
    uint32_t saved = c->capture_count;
    if (push_captures(c, child, kid.node))
      for (uint16_t a = 0; a < child->child_count && !c->failed; a++) {
        const Step *alt = &c->w->steps[child->children[a]];
        if (head_matches(c->w, alt, kid.node, kid.field)) match_step(c, alt, kid.node, &next);
      }
    c->capture_count = saved;
  }
}

/* Pushes the node's visible children (with their fields); answers how many, or -1. */
static int64_t push_kids(Ctx *c, TSNode node) {
  size_t start = c->kid_count;
  const Subtree *subtree = (const Subtree *)node.id;
  Length position = {node.context[0], {node.context[1], node.context[2]}};
  if (!frames_push(&c->listing, c->tree->language, subtree, position, 0, 1)) return -1;
  Visible v;
  int more;
  while ((more = frames_next(&c->listing, 0, c->tree, &v, 1)) == 1) {
    Kid *kids = marie_grow(c->kids, &c->kid_cap, c->kid_count + 1, sizeof *kids, 256);
    if (!kids) return c->listing.size = 0, -1;
    c->kids = kids;
    c->kids[c->kid_count++] = (Kid){v.node, v.field};
  }
  return more < 0 ? -1 : (int64_t)(c->kid_count - start);
}

static int push_captures(Ctx *c, const Step *s, TSNode node) {
  for (uint16_t i = 0; i < s->capture_count; i++) {
    if (c->capture_count == MAX_CAPTURES) {
      c->failed = 1;
      return 0;
    }
    c->captures[c->capture_count].node = node;
    c->captures[c->capture_count].index = s->captures[i];
    c->capture_count++;
  }
  return 1;
}

/* A node's visible children, listed once for every pattern tried on it (`count` < 0: not yet). */
typedef struct {
  size_t at;
  int64_t count;
} Listed;

/* `s` is not an alternation (match_children expands those); its head has matched `node`,
 * whose children `listed` holds when another step has listed them already. */
static void match_listed(Ctx *c, const Step *s, TSNode node, const Cont *cont, Listed *listed) {
  uint32_t saved = c->capture_count;
  if (!push_captures(c, s, node)) return;
  if (s->child_count == 0) resume(c, cont);
  else if (ts_node_child_count(node) >= s->child_count) {
    if (listed->count < 0) {
      listed->at = c->kid_count;
      listed->count = push_kids(c, node);
      if (listed->count < 0) c->failed = 1;
    }
    if (listed->count >= s->child_count) match_children(c, s, listed->at, (uint32_t)listed->count, 0, 0, cont);
  }
  c->capture_count = saved;
}

static void match_step(Ctx *c, const Step *s, TSNode node, const Cont *cont) {
  size_t kids_at = c->kid_count;
  Listed listed = {0, -1};
  match_listed(c, s, node, cont, &listed);
  c->kid_count = kids_at;
}

/* Every pattern that may be rooted at `node`; its children are listed at most once. */
static void visit(Ctx *c, TSNode node) {
  const Walker *w = c->w;
  TSSymbol symbol = ts_node_symbol(node);
  size_t kids_at = c->kid_count;
  Listed listed = {0, -1};
  if (symbol < w->symbol_count)
    for (uint32_t i = w->by_symbol_start[symbol]; i < w->by_symbol_start[symbol + 1] && !c->failed; i++) {
      c->pattern = w->by_symbol[i];
      match_listed(c, &w->steps[w->roots[c->pattern]], node, NULL, &listed);
    }
  for (uint32_t i = 0; i < w->wildcard_count && !c->failed; i++) {
    c->pattern = w->wildcard_roots[i];
    const Step *root = &w->steps[w->roots[c->pattern]];
    if (head_matches(c->w, root, node, 0)) match_listed(c, root, node, NULL, &listed);
  }
  c->kid_count = kids_at;
}

WalkResult marie_walk(const Walker *w, TSNode root, WalkEmit emit, WalkCancelled cancelled, void *payload) {
  Ctx c = {0};
  c.w = w;
  c.tree = root.tree;
  c.emit = emit;
  c.payload = payload;
  Frames walk = {0};
  WalkResult result = WALK_DONE;
  Visible v = {root, (const Subtree *)root.id, {root.context[0], {root.context[1], root.context[2]}}, 0};
  for (uint32_t n = 1;; n++) {
    visit(&c, v.node);
    if (c.failed || !frames_push(&walk, c.tree->language, v.subtree, v.position, 0, 0)) {
      result = WALK_FAILED;
      break;
    }
    if (n % CHECK_EVERY == 0 && cancelled(payload)) {
      result = WALK_CANCELLED;
      break;
    }
    int more = frames_next(&walk, 0, c.tree, &v, 0);
    if (more < 0) result = WALK_FAILED;
    if (more != 1) break;
  }
  free(walk.items);
  free(c.listing.items);
  free(c.kids);
  return result;
}
