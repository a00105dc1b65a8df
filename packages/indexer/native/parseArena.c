/*
 * tree-sitter's allocations during one bulk parse, from a per-thread arena.
 *
 * Why: a parse makes and frees hundreds of thousands of small blocks (subtrees, stack
 * nodes, children arrays), and deleting the tree walks all of them again. With glibc's
 * malloc that was ~13% of tree-sitter's parse time (malloc, free, consolidation), and the
 * walk to delete the tree another few percent. In an arena a block is a pointer bump or a
 * pop from a free list of its size, and the whole parse (parser, tree, cursor) is dropped
 * in one step at the end instead of being freed block by block (docs/decisions.md).
 *
 * Layout: one reservation of address space per process (PROT_NONE, nothing committed),
 * split into equal slots, one per arena. A slot's pages are made writable as its bump
 * pointer first reaches them, and those past KEEP_BYTES are given back when a parse ends.
 * Every block has an 8-byte header with its payload's capacity (payloads are 8-byte
 * aligned: tree-sitter keeps no wider type). Blocks up to SMALL_MAX bytes are reused within
 * a parse through one free list per 16-byte size class.
 *
 * Outside begin/end our functions are plain malloc/calloc/realloc/free, so objects made then
 * (the long-lived parser, queries, kept trees of editor saves) never touch an arena.
 */
#include "parseArena.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#ifdef _WIN32
/* No arena on Windows yet: tree-sitter keeps its default allocator. */
void marie_arena_install(void) {}
ParseArena *marie_arena_new(void) { return NULL; }
void marie_arena_delete(ParseArena *arena) { (void)arena; }
void marie_arena_begin(ParseArena *arena) { (void)arena; }
void marie_arena_end(ParseArena *arena) { (void)arena; }
bool marie_arena_spilled(const ParseArena *arena) { (void)arena; return false; }
#else
#include <pthread.h>
#include <sys/mman.h>

enum {
  SLOTS = 16,
  HEADER = 8,
  CLASS_BYTES = 16,
  SMALL_MAX = 1024, /* largest block (header included) kept on a free list */
  CLASSES = SMALL_MAX / CLASS_BYTES,
};
#define DEFAULT_SLOT_MIB 1024ul        /* address space per arena; a 1 MiB file needs far less */
#define MAX_SLOT_MIB 4096ul
#define COMMIT_STEP ((size_t)1 << 20)  /* pages are made writable a MiB at a time */
#define KEEP_BYTES ((size_t)16 << 20)  /* kept committed between parses; the rest goes back */

struct ParseArena {
  char *base, *end, *bump, *committed;
  void *free_lists[CLASSES];
  int slot;
  bool spilled;
};

static char *reservation;
static size_t slot_bytes;
static bool slot_taken[SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static _Thread_local ParseArena *active;

static bool in_reservation(const void *p) {
  return reservation && (const char *)p >= reservation && (const char *)p < reservation + SLOTS * slot_bytes;
}

static bool owns(const ParseArena *a, const void *p) { return (const char *)p >= a->base && (const char *)p < a->bump; }

static size_t *header_of(void *p) { return (size_t *)((char *)p - HEADER); }

/* Block size (header included) for a request: a multiple of CLASS_BYTES; 0 on overflow. */
static size_t block_bytes(size_t n) {
  if (n > SIZE_MAX - HEADER - CLASS_BYTES) return 0;
  return (n + HEADER + CLASS_BYTES - 1) & ~(size_t)(CLASS_BYTES - 1);
}

/* Makes the slot writable up to `to` (a MiB at a time); false when it cannot. */
static bool commit_to(ParseArena *a, char *to) {
  if (to <= a->committed) return true;
  if (to > a->end) return false;
  size_t more = ((size_t)(to - a->committed) + COMMIT_STEP - 1) & ~(COMMIT_STEP - 1);
  if (more > (size_t)(a->end - a->committed)) more = (size_t)(a->end - a->committed);
  if (mprotect(a->committed, more, PROT_READ | PROT_WRITE) != 0) return false;
  a->committed += more;
  return true;
}

static void *arena_alloc(ParseArena *a, size_t n) {
  size_t bytes = block_bytes(n);
  if (bytes && bytes <= SMALL_MAX) {
    void **list = &a->free_lists[bytes / CLASS_BYTES - 1];
    if (*list) {
      void *p = *list;
      *list = *(void **)p;
      return p;
    }
  }
  if (!bytes || bytes > (size_t)(a->end - a->bump) || !commit_to(a, a->bump + bytes)) {
    /* Out of room: malloc, and the caller must free this parse's objects one by one. */
    a->spilled = true;
    return malloc(n);
  }
  char *block = a->bump;
  a->bump += bytes;
  *(size_t *)block = bytes - HEADER;
  return block + HEADER;
}

static void arena_free(ParseArena *a, void *p) {
  size_t capacity = *header_of(p);
  size_t bytes = capacity + HEADER;
  if ((char *)p + capacity == a->bump) {
    a->bump -= bytes; /* the last block goes back to the bump pointer */
  } else if (bytes <= SMALL_MAX) {
    void **list = &a->free_lists[bytes / CLASS_BYTES - 1];
    *(void **)p = *list;
    *list = p;
  }
  /* A larger block waits for the end of the parse. */
}

static void *arena_malloc(size_t n) {
  ParseArena *a = active;
  return a ? arena_alloc(a, n) : malloc(n);
}

static void *arena_calloc(size_t count, size_t size) {
  ParseArena *a = active;
  if (!a) return calloc(count, size);
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = arena_alloc(a, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

static void arena_release(void *p) {
  if (!p) return;
  ParseArena *a = active;
  if (a && owns(a, p)) arena_free(a, p);
  else if (!in_reservation(p)) free(p);
  /* Else a block of another parse: the arena already took its memory back. */
}

static void *arena_realloc(void *p, size_t n) {
  if (!p) return arena_malloc(n);
  if (!in_reservation(p)) return realloc(p, n); /* made outside an arena: stays outside */
  ParseArena *a = active;
  size_t capacity = *header_of(p);
  if (n <= capacity) return p;
  size_t bytes = block_bytes(n);
  if (a && bytes && owns(a, p) && (char *)p + capacity == a->bump && bytes - HEADER <= (size_t)(a->end - (char *)p) &&
      commit_to(a, (char *)p + bytes - HEADER)) {
    /* The last block grows in place. */
    a->bump = (char *)p + bytes - HEADER;
    *header_of(p) = bytes - HEADER;
    return p;
  }
  void *q = arena_malloc(n);
  if (!q) return NULL;
  memcpy(q, p, capacity);
  arena_release(p);
  return q;
}

/* Address space only (PROT_NONE, no swap reserved): nothing is committed until used. Done
 * once, before the allocator is installed, so every thread that parses sees it. */
static void reserve(void) {
  const char *mib = getenv("MARIE_PARSE_ARENA_MIB");
  unsigned long want = mib && *mib ? strtoul(mib, NULL, 10) : DEFAULT_SLOT_MIB;
  if (want == 0 || want > MAX_SLOT_MIB) return;
  void *p = mmap(NULL, SLOTS * (want << 20), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return;
  slot_bytes = want << 20;
  reservation = p;
}

static void install(void) {
  reserve();
  ts_set_allocator(arena_malloc, arena_calloc, arena_realloc, arena_release);
}

void marie_arena_install(void) { pthread_once(&install_once, install); }

ParseArena *marie_arena_new(void) {
  marie_arena_install();
  if (!reservation) return NULL;
  ParseArena *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->slot = -1;
  pthread_mutex_lock(&slots_lock);
  for (int i = 0; i < SLOTS && a->slot < 0; i++)
    if (!slot_taken[i]) slot_taken[i] = true, a->slot = i;
  pthread_mutex_unlock(&slots_lock);
  if (a->slot < 0) {
    free(a);
    return NULL;
  }
  a->base = a->bump = a->committed = reservation + (size_t)a->slot * slot_bytes;
  a->end = a->base + slot_bytes;
  return a;
}

/* The pages from `from` up to the committed end go back to the system, PROT_NONE again. */
static void decommit_from(ParseArena *a, char *from) {
  if (from >= a->committed) return;
  if (mmap(from, (size_t)(a->committed - from), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED)
    a->committed = from;
}

void marie_arena_delete(ParseArena *a) {
  if (!a) return;
  decommit_from(a, a->base);
  pthread_mutex_lock(&slots_lock);
  slot_taken[a->slot] = false;
  pthread_mutex_unlock(&slots_lock);
  free(a);
}

void marie_arena_begin(ParseArena *a) {
  a->spilled = false;
  active = a;
}

void marie_arena_end(ParseArena *a) {
  active = NULL;
  a->bump = a->base;
  memset(a->free_lists, 0, sizeof a->free_lists);
  decommit_from(a, a->base + (KEEP_BYTES < slot_bytes ? KEEP_BYTES : slot_bytes));
}

bool marie_arena_spilled(const ParseArena *a) { return a->spilled; }
#endif
