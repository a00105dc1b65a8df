/*
 * marie_tags: parse one file and match its tags patterns in C (our walk matcher, walk.c, or
 * tree-sitter's query cursor), answering with one Int32Array.
 *
 * Why: through the `tree-sitter` binding every capture becomes a JS node object, the
 * parser pulls its input through a JS callback, and a tree's native memory is freed only
 * by a finalizer after a forced collection. Here the tree lives only inside one call and
 * the matches come back as plain integers (see docs/decisions.md, "cold build").
 *
 * The grammar is the `language` external exported by a tree-sitter-<lang> package; the
 * runtime is tree-sitter's lib.c from the `tree-sitter` package, same version (binding.gyp).
 * Text predicates (#eq?, #match?, ...) are not evaluated here: `predicates()` lists them and
 * the caller checks them (src/worker/nativeTags.ts).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>
#include <tree_sitter/api.h>

#include "externals.h"
#include "grow.h"
#include "inotify.h"
#include "parseArena.h"
#include "treeSlot.h"
#include "trigrams.h"
#include "walk.h"

/* Answer layout (int32): [flags, matchCount, then per match: pattern, captureCount,
 * then per capture: captureId, startIndex, startRow, startColumn, endIndex, endRow,
 * endColumn]. Indexes and columns are UTF-16 units, as the JS source string counts. */
enum { FLAG_PARSE_TIMEOUT = 1, FLAG_QUERY_TIMEOUT = 2, FLAG_MATCH_LIMIT = 4, FLAG_HAS_ERROR = 8 };
enum { HEADER = 2, PER_MATCH = 2, PER_CAPTURE = 7 };

/* One per thread (instance data): a parser and a cursor for parses that keep their tree,
 * an arena for those that do not (parseArena.c), and reusable buffers. */
typedef struct {
  TSParser *parser;
  TSQueryCursor *cursor;
  ParseArena *arena;
  uint16_t *text;
  size_t text_cap;
  int32_t *out;
  size_t out_len, out_cap;
} State;

typedef struct {
  uint64_t deadline_ns;
  int timed_out;
} Clock;

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, NULL, "marie_tags: N-API call failed: " #call); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool past_deadline(Clock *clock) {
  if (now_ns() < clock->deadline_ns) return false;
  clock->timed_out = 1;
  return true;
}
static bool parse_progress(TSParseState *s) { return past_deadline(s->payload); }
static bool query_progress(TSQueryCursorState *s) { return past_deadline(s->payload); }

static void free_state(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  State *st = data;
  ts_parser_delete(st->parser);
  ts_query_cursor_delete(st->cursor);
  marie_arena_delete(st->arena);
  free(st->text);
  free(st->out);
  free(st);
}

static State *state_of(napi_env env) {
  void *data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

static int push(State *st, int32_t value) {
  int32_t *out = marie_grow(st->out, &st->out_cap, st->out_len + 1, sizeof *out, 4096);
  if (!out) return 0;
  st->out = out;
  st->out[st->out_len++] = value;
  return 1;
}

/* Our type tag for a compiled query (a grammar's is in externals.h). */
static const napi_type_tag QUERY_TAG = {0x6d61726965746167, 0x7175657279000001};

/* The external behind `value` when it carries `tag`; otherwise throws a TypeError naming `expected`. */
static void *tagged_arg(napi_env env, napi_value value, const napi_type_tag *tag, const char *expected) {
  void *ptr = marie_tagged_external(env, value, tag);
  if (!ptr) {
    char message[128];
    snprintf(message, sizeof message, "marie_tags: expected %s", expected);
    napi_throw_type_error(env, NULL, message);
  }
  return ptr;
}

static const TSLanguage *language_arg(napi_env env, napi_value value) {
  return tagged_arg(env, value, &MARIE_LANGUAGE_TAG, "a tree-sitter grammar's `language` external");
}

static void free_query(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  ts_query_delete(data);
}

/* newQuery(language, source) -> external TSQuery; throws with the error offset. */
static napi_value new_query(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const TSLanguage *language = language_arg(env, argv[0]);
  if (!language) return NULL;
  size_t len = 0;
  CHECK(napi_get_value_string_utf8(env, argv[1], NULL, 0, &len));
  char *source = malloc(len + 1);
  if (!source) return NULL;
  CHECK(napi_get_value_string_utf8(env, argv[1], source, len + 1, &len));
  uint32_t error_offset = 0;
  TSQueryError error = TSQueryErrorNone;
  TSQuery *query = ts_query_new(language, source, (uint32_t)len, &error_offset, &error);
  free(source);
  if (!query) {
    char message[96];
    snprintf(message, sizeof message, "marie_tags: query error %d at byte %u", (int)error, error_offset);
    napi_throw_error(env, NULL, message);
    return NULL;
  }
  CHECK(napi_create_external(env, query, free_query, NULL, &result));
  CHECK(napi_type_tag_object(env, result, &QUERY_TAG));
  return result;
}

static const TSQuery *query_arg(napi_env env, napi_value value) {
  return tagged_arg(env, value, &QUERY_TAG, "a query from newQuery()");
}

/* captureNames(query) -> string[] indexed by capture id. */
static napi_value capture_names(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, name;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const TSQuery *query = query_arg(env, argv[0]);
  if (!query) return NULL;
  uint32_t count = ts_query_capture_count(query);
  CHECK(napi_create_array_with_length(env, count, &result));
  for (uint32_t i = 0; i < count; i++) {
    uint32_t len = 0;
    const char *text = ts_query_capture_name_for_id(query, i, &len);
    CHECK(napi_create_string_utf8(env, text, len, &name));
    CHECK(napi_set_element(env, result, i, name));
  }
  return result;
}

/* predicates(query) -> per pattern, a list of predicates, each [operator, ...args] where
 * a capture argument is its id (a number) and a string argument a string. */
static napi_value predicates(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const TSQuery *query = query_arg(env, argv[0]);
  if (!query) return NULL;
  uint32_t patterns = ts_query_pattern_count(query);
  CHECK(napi_create_array_with_length(env, patterns, &result));
  for (uint32_t p = 0; p < patterns; p++) {
    uint32_t steps = 0;
    const TSQueryPredicateStep *step = ts_query_predicates_for_pattern(query, p, &steps);
    napi_value list, current = NULL;
    uint32_t n = 0, k = 0;
    CHECK(napi_create_array(env, &list));
    for (uint32_t i = 0; i < steps; i++) {
      if (step[i].type == TSQueryPredicateStepTypeDone) {
        if (current) CHECK(napi_set_element(env, list, n++, current));
        current = NULL;
        continue;
      }
      if (!current) {
        CHECK(napi_create_array(env, &current));
        k = 0;
      }
      napi_value v;
      if (step[i].type == TSQueryPredicateStepTypeCapture) {
        CHECK(napi_create_uint32(env, step[i].value_id, &v));
      } else {
        uint32_t len = 0;
        const char *text = ts_query_string_value_for_id(query, step[i].value_id, &len);
        CHECK(napi_create_string_utf8(env, text, len, &v));
      }
      CHECK(napi_set_element(env, current, k++, v));
    }
    CHECK(napi_set_element(env, result, p, list));
  }
  return result;
}

static int push_capture(State *st, const TSQueryCapture *c) {
  TSPoint s = ts_node_start_point(c->node), e = ts_node_end_point(c->node);
  return push(st, (int32_t)c->index) && push(st, (int32_t)(ts_node_start_byte(c->node) / 2)) &&
         push(st, (int32_t)s.row) && push(st, (int32_t)(s.column / 2)) &&
         push(st, (int32_t)(ts_node_end_byte(c->node) / 2)) && push(st, (int32_t)e.row) &&
         push(st, (int32_t)(e.column / 2));
}

typedef struct {
  const char *bytes;
  uint32_t length;
} Text;

static const char *read_whole(void *payload, uint32_t byte, TSPoint point, uint32_t *bytes_read) {
  (void)point;
  const Text *t = payload;
  if (byte >= t->length) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = t->length - byte;
  return t->bytes + byte;
}

typedef struct {
  State *st;
  Clock *clock;
} WalkOut;

static int walk_emit(void *payload, uint32_t pattern, const TSQueryCapture *captures, uint32_t count) {
  State *st = ((WalkOut *)payload)->st;
  int ok = push(st, (int32_t)pattern) && push(st, (int32_t)count);
  for (uint32_t i = 0; ok && i < count; i++) ok = push_capture(st, &captures[i]);
  if (ok) st->out[1]++;
  return ok;
}

static int walk_cancelled(void *payload) { return past_deadline(((WalkOut *)payload)->clock); }

/* tags()'s optional slot (argv[6]) and edit (argv[7], an Int32Array of 9); 0 with an error thrown. */
static int slot_args(napi_env env, size_t argc, napi_value *argv, TreeSlot **slot, const int32_t **edit) {
  napi_valuetype type = napi_undefined;
  if (argc < 7 || napi_typeof(env, argv[6], &type) != napi_ok || type == napi_undefined || type == napi_null) return 1;
  if (!(*slot = marie_tree_slot_arg(env, argv[6]))) return 0;
  if (argc < 8 || napi_typeof(env, argv[7], &type) != napi_ok || type == napi_undefined || type == napi_null) return 1;
  size_t length = 0;
  void *data = NULL;
  if (!marie_typed_array(env, argv[7], napi_int32_array, &data, &length) || length < 9) {
    napi_throw_type_error(env, NULL, "marie_tags: expected the edit as an Int32Array of 9");
    return 0;
  }
  *edit = data;
  return 1;
}

/* One parse in tags(): the parser and cursor it uses (the thread's own, or new ones in the
 * arena), its tree, and what came of it. */
typedef struct {
  TSParser *parser;
  TSQueryCursor *cursor;
  TSTree *tree;
  Clock *clock;
  int32_t flags;
  int ok, abi_mismatch;
} Parse;

/* The matches of the parsed tree into st->out: the walker's, the query's, or none (parse only). */
static void match(State *st, Parse *parse, const Walker *walker, const TSQuery *query, double match_limit) {
  TSNode root = ts_tree_root_node(parse->tree);
  if (ts_node_has_error(root)) parse->flags |= FLAG_HAS_ERROR;
  if (walker) {
    WalkOut out = {st, parse->clock};
    parse->ok = marie_walk(walker, root, walk_emit, walk_cancelled, &out) != WALK_FAILED;
  } else if (query) {
    TSQueryCursorOptions query_options = {parse->clock, query_progress};
    ts_query_cursor_set_match_limit(parse->cursor, (uint32_t)match_limit);
    ts_query_cursor_exec_with_options(parse->cursor, query, root, &query_options);
    TSQueryMatch m;
    int32_t matches = 0;
    while (parse->ok && ts_query_cursor_next_match(parse->cursor, &m)) {
      parse->ok = push(st, m.pattern_index) && push(st, m.capture_count);
      for (uint16_t i = 0; parse->ok && i < m.capture_count; i++) parse->ok = push_capture(st, &m.captures[i]);
      matches++;
    }
    if (ts_query_cursor_did_exceed_match_limit(parse->cursor)) parse->flags |= FLAG_MATCH_LIMIT;
    if (parse->ok) st->out[1] = matches;
  }
  if (parse->clock->timed_out) parse->flags |= FLAG_QUERY_TIMEOUT;
}

/* tags(language, query, source, limitMicros, matchLimit, walker?, slot?, edit?) ->
 * Int32Array (layout above). With a walker (walk.c) its patterns are matched instead of
 * running the query cursor, and `query` is not read (null). With neither (query null, no
 * walker) the file is only parsed: tree-sitter's own cost, which `pnpm bench:index` reports
 * as the floor. With a tree slot (treeSlot.c) the parse starts from the slot's tree edited
 * by `edit` (when given) and the new tree stays in the slot. */
static napi_value tags(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8], buffer, result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  State *st = state_of(env);
  const TSLanguage *language = language_arg(env, argv[0]);
  if (!language) return NULL;
  const Walker *walker = NULL;
  const TSQuery *query = NULL;
  napi_valuetype walker_type = napi_undefined;
  if (argc >= 6) CHECK(napi_typeof(env, argv[5], &walker_type));
  if (walker_type != napi_undefined && !(walker = marie_walker_arg(env, argv[5]))) return NULL;
  napi_valuetype query_type = napi_undefined;
  CHECK(napi_typeof(env, argv[1], &query_type));
  /* Neither a walker nor a query: parse only (the benchmark's tree-sitter floor). */
  int parse_only = !walker && query_type == napi_null;
  if (!walker && !parse_only && !(query = query_arg(env, argv[1]))) return NULL;
  TreeSlot *slot = NULL;
  const int32_t *edit = NULL;
  if (!slot_args(env, argc, argv, &slot, &edit)) return NULL;
  size_t units = 0;
  CHECK(napi_get_value_string_utf16(env, argv[2], NULL, 0, &units));
  if (units + 1 > st->text_cap) {
    free(st->text);
    st->text_cap = units + 1;
    st->text = malloc(st->text_cap * sizeof *st->text);
    if (!st->text) {
      st->text_cap = 0;
      napi_throw_error(env, NULL, "marie_tags: out of memory");
      return NULL;
    }
  }
  CHECK(napi_get_value_string_utf16(env, argv[2], (char16_t *)st->text, st->text_cap, &units));
  double limit_us = 0, match_limit = 0;
  CHECK(napi_get_value_double(env, argv[3], &limit_us));
  CHECK(napi_get_value_double(env, argv[4], &match_limit));

  Clock clock = {now_ns() + (uint64_t)(limit_us * 1000.0), 0};
  Text text = {(const char *)st->text, (uint32_t)(units * 2)};
  st->out_len = 0;
  push(st, 0);
  push(st, 0);
  /* A parse whose tree is not kept runs in the arena, with a parser and cursor of its own. */
  ParseArena *arena = slot ? NULL : st->arena;
  if (arena) marie_arena_begin(arena);
  Parse parse = {
      .parser = arena ? ts_parser_new() : st->parser,
      .cursor = arena && query ? ts_query_cursor_new() : st->cursor,
      .clock = &clock,
      .ok = 1,
  };
  if (!ts_parser_set_language(parse.parser, language)) {
    parse.abi_mismatch = 1;
  } else {
    TSTree *old = slot ? marie_take_edited_tree(slot, language, edit) : NULL;
    TSInput input = {&text, read_whole, TSInputEncodingUTF16LE, NULL};
    TSParseOptions parse_options = {&clock, parse_progress};
    parse.tree = ts_parser_parse_with_options(parse.parser, old, input, parse_options);
    if (old) ts_tree_delete(old);
    if (!parse.tree) {
      if (!arena) ts_parser_reset(parse.parser); /* a halted parse would resume on the next call */
      parse.flags |= FLAG_PARSE_TIMEOUT;
    } else {
      match(st, &parse, walker, query, match_limit);
    }
  }
  if (slot && parse.tree) {
    slot->tree = parse.tree;
    slot->language = language;
  } else if (!arena || marie_arena_spilled(arena)) {
    /* Freed one by one; in the arena they go with it. */
    if (parse.tree) ts_tree_delete(parse.tree);
    if (arena) {
      if (parse.cursor != st->cursor) ts_query_cursor_delete(parse.cursor);
      ts_parser_delete(parse.parser);
    }
  }
  if (arena) marie_arena_end(arena);
  if (parse.abi_mismatch) {
    napi_throw_error(env, NULL, "marie_tags: the grammar's ABI does not match this tree-sitter");
    return NULL;
  }
  if (!parse.ok) {
    napi_throw_error(env, NULL, "marie_tags: out of memory");
    return NULL;
  }
  st->out[0] = parse.flags;

  void *data = NULL;
  CHECK(napi_create_arraybuffer(env, st->out_len * sizeof(int32_t), &data, &buffer));
  memcpy(data, st->out, st->out_len * sizeof(int32_t));
  CHECK(napi_create_typedarray(env, napi_int32_array, st->out_len, buffer, 0, &result));
  /* A huge file must not keep its buffers for the worker's life. */
  if (st->text_cap > (1u << 21)) {
    free(st->text);
    st->text = NULL;
    st->text_cap = 0;
  }
  if (st->out_cap > (1u << 20)) {
    free(st->out);
    st->out = NULL;
    st->out_cap = 0;
  }
  return result;
}

/* --- listDir: one directory's entries with their types, sizes and mtimes ----------------
 *
 * For the indexer's metadata scan (src/node/discovery/listDir.ts): a warm start lists
 * ~100k files, and through `fs` each costs a `Dirent`, a `Stats` with four `Date`s and a
 * path string. Here one call per directory answers with the names (sorted bytewise, as
 * libuv's scandir sorts `fs.readdirSync`) and one Float64Array of LIST_FIELDS numbers per
 * entry: kind, then for a regular file its size and mtime as seconds and nanoseconds (the
 * caller forms `sec * 1e3 + nsec / 1e6` exactly as Node's `Stats.mtimeMs` does).
 * Entry types come from readdir; an unknown one is lstat'ed (as Node does). Regular files
 * are stat'ed relative to the directory's descriptor. Throws an Error with `code` (e.g.
 * 'EACCES') when the directory cannot be read. */
enum { LIST_FIELDS = 4, KIND_OTHER = 0, KIND_FILE = 1, KIND_DIR = 2, KIND_SYMLINK = 3, KIND_UNREADABLE = 4 };

typedef struct {
  size_t offset; /* into the buffer of NUL-terminated names */
  const char *name; /* set once the buffer stops moving */
  unsigned char type;
} ListEntry;

static int cmp_entries(const void *a, const void *b) {
  return strcmp(((const ListEntry *)a)->name, ((const ListEntry *)b)->name);
}

static napi_value throw_errno(napi_env env, int err, const char *syscall) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", syscall, strerror(err));
  napi_value code = NULL, msg = NULL, error = NULL;
  const char *name = err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : err == ENOTDIR ? "ENOTDIR" : err == EMFILE ? "EMFILE" : "EIO";
  if (napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code) == napi_ok && napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg) == napi_ok &&
      napi_create_error(env, code, msg, &error) == napi_ok)
    napi_throw(env, error);
  else
    napi_throw_error(env, name, message);
  return NULL;
}

typedef struct {
  ListEntry *entries;
  size_t count, cap;
  char *text;
  size_t bytes, bytes_cap;
} ListBuf;

/* Appends one entry (skipping "." and ".."); 0 when out of memory. */
static int add_entry(ListBuf *b, const char *name, unsigned char type) {
  if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) return 1;
  size_t len = strlen(name) + 1;
  ListEntry *entries = marie_grow(b->entries, &b->cap, b->count + 1, sizeof *entries, 64);
  if (!entries) return 0;
  b->entries = entries;
  char *text = marie_grow(b->text, &b->bytes_cap, b->bytes + len, 1, 4096);
  if (!text) return 0;
  b->text = text;
  memcpy(b->text + b->bytes, name, len);
  b->entries[b->count].offset = b->bytes;
  b->entries[b->count].type = type;
  b->count++;
  b->bytes += len;
  return 1;
}

static int read_entries(DIR *dir, ListBuf *b) {
  for (;;) {
    errno = 0;
    struct dirent *d = readdir(dir);
    if (!d) return errno;
    if (!add_entry(b, d->d_name, d->d_type)) return ENOMEM;
  }
}

static napi_value list_dir(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, names, buffer, array, name;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  size_t path_len = 0;
  CHECK(napi_get_value_string_utf8(env, argv[0], NULL, 0, &path_len));
  char *path = malloc(path_len + 1);
  if (!path) return throw_errno(env, ENOMEM, "listDir");
  CHECK(napi_get_value_string_utf8(env, argv[0], path, path_len + 1, &path_len));
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(path);
  if (fd < 0) return throw_errno(env, errno, "opendir");
  DIR *dir = fdopendir(fd);
  if (!dir) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "opendir");
  }
  ListBuf b = {0};
  int err = read_entries(dir, &b);
  if (err) {
    closedir(dir);
    free(b.entries);
    free(b.text);
    return throw_errno(env, err, "readdir");
  }
  ListEntry *entries = b.entries;
  size_t count = b.count;
  for (size_t i = 0; i < count; i++) entries[i].name = b.text + entries[i].offset;
  if (count > 1) qsort(entries, count, sizeof *entries, cmp_entries);
  double *out = NULL;
  napi_status s = napi_create_arraybuffer(env, count * LIST_FIELDS * sizeof(double), (void **)&out, &buffer);
  if (s == napi_ok) s = napi_create_array_with_length(env, count, &names);
  for (size_t i = 0; s == napi_ok && i < count; i++) {
    const char *entry_name = entries[i].name;
    unsigned char type = entries[i].type;
    double *f = out + i * LIST_FIELDS;
    struct stat st;
    f[0] = KIND_OTHER;
    f[1] = f[2] = f[3] = 0;
    if (type == DT_UNKNOWN) {
      /* Some file systems leave the type out: lstat, as Node does for a Dirent. */
      if (fstatat(fd, entry_name, &st, AT_SYMLINK_NOFOLLOW) != 0) type = DT_UNKNOWN;
      else type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
    }
    if (type == DT_DIR) f[0] = KIND_DIR;
    else if (type == DT_LNK) f[0] = KIND_SYMLINK;
    else if (type == DT_REG) {
      if (fstatat(fd, entry_name, &st, 0) != 0) f[0] = KIND_UNREADABLE;
      else {
        f[0] = KIND_FILE;
        f[1] = (double)st.st_size;
        /* As Node 20 fills its stat array (unsigned long), so mtimeMs comes out the same. */
        f[2] = (double)(unsigned long)st.st_mtim.tv_sec;
        f[3] = (double)(unsigned long)st.st_mtim.tv_nsec;
      }
    }
    s = napi_create_string_utf8(env, entry_name, NAPI_AUTO_LENGTH, &name);
    if (s == napi_ok) s = napi_set_element(env, names, (uint32_t)i, name);
  }
  closedir(dir);
  free(entries);
  free(b.text);
  if (s != napi_ok) {
    napi_throw_error(env, NULL, "marie_tags: N-API call failed in listDir");
    return NULL;
  }
  CHECK(napi_create_typedarray(env, napi_float64_array, count * LIST_FIELDS, buffer, 0, &array));
  CHECK(napi_create_array_with_length(env, 2, &result));
  CHECK(napi_set_element(env, result, 0, names));
  CHECK(napi_set_element(env, result, 1, array));
  return result;
}

/* trimMemory() -> whether glibc gave memory back: malloc_trim(0) returns the free pages in
 * its arenas to the system (a no-op, false, elsewhere). */
static napi_value trim_memory(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
#ifdef __GLIBC__
  int trimmed = malloc_trim(0);
#else
  int trimmed = 0;
#endif
  CHECK(napi_get_boolean(env, trimmed != 0, &result));
  return result;
}

NAPI_MODULE_INIT() {
  State *st = calloc(1, sizeof *st);
  if (!st) return NULL;
  marie_arena_install();
  st->arena = marie_arena_new();
  st->parser = ts_parser_new();
  st->cursor = ts_query_cursor_new();
  if (napi_set_instance_data(env, st, free_state, NULL) != napi_ok) return NULL;
  napi_property_descriptor props[] = {
      {"newQuery", NULL, new_query, NULL, NULL, NULL, napi_default, NULL},
      {"captureNames", NULL, capture_names, NULL, NULL, NULL, napi_default, NULL},
      {"predicates", NULL, predicates, NULL, NULL, NULL, napi_default, NULL},
      {"tags", NULL, tags, NULL, NULL, NULL, napi_default, NULL},
      {"newWalker", NULL, marie_new_walker, NULL, NULL, NULL, napi_default, NULL},
      {"listDir", NULL, list_dir, NULL, NULL, NULL, napi_default, NULL},
      {"trimMemory", NULL, trim_memory, NULL, NULL, NULL, napi_default, NULL},
      {"newTreeSlot", NULL, marie_new_tree_slot, NULL, NULL, NULL, napi_default, NULL},
      {"dropTree", NULL, marie_drop_tree, NULL, NULL, NULL, napi_default, NULL},
      {"extractTrigrams", NULL, marie_extract_trigrams, NULL, NULL, NULL, napi_default, NULL},
#ifdef __linux__
      {"inotifyStart", NULL, marie_inotify_start, NULL, NULL, NULL, napi_default, NULL},
      {"inotifyAdd", NULL, marie_inotify_add, NULL, NULL, NULL, napi_default, NULL},
      {"inotifyRemove", NULL, marie_inotify_remove, NULL, NULL, NULL, napi_default, NULL},
      {"inotifyStop", NULL, marie_inotify_stop, NULL, NULL, NULL, napi_default, NULL},
#endif
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof *props, props) != napi_ok) return NULL;
  return exports;
}
