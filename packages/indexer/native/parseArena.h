/* A per-thread arena for tree-sitter's allocations during one bulk parse (parseArena.c). */
#ifndef MARIE_PARSE_ARENA_H
#define MARIE_PARSE_ARENA_H
#include <stdbool.h>

typedef struct ParseArena ParseArena;

/* Routes tree-sitter's allocator through ours (once per process; later calls do nothing).
 * Outside an arena our functions are malloc, calloc, realloc and free. */
void marie_arena_install(void);

/* A new arena (installing the allocator first), or NULL where there is none (Windows, the
 * reservation failed or was turned off, all slots taken): the caller then parses with malloc. */
ParseArena *marie_arena_new(void);
void marie_arena_delete(ParseArena *arena);

/* From begin to end, tree-sitter's allocations on this thread come from `arena`; end drops
 * them all at once, so nothing allocated in between may outlive it. */
void marie_arena_begin(ParseArena *arena);
void marie_arena_end(ParseArena *arena);

/* Whether an allocation since begin could not fit and went to malloc instead: the caller
 * must then free its objects one by one before end, or that memory leaks. */
bool marie_arena_spilled(const ParseArena *arena);

#endif
