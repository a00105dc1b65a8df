/* Growable arrays in the addon: one doubling policy instead of a realloc dance per buffer. */
#ifndef MARIE_GROW_H
#define MARIE_GROW_H
#include <stdlib.h>

/* `items` (of `*cap` elements of `size` bytes) grown to hold at least `need`, doubling from
 * `initial`: the new pointer, with `*cap` updated; NULL when out of memory (`items` and
 * `*cap` are then unchanged and still valid). */
static inline void *marie_grow(void *items, size_t *cap, size_t need, size_t size, size_t initial) {
  if (need <= *cap) return items;
  size_t grown_cap = *cap ? *cap : initial;
  while (grown_cap < need) grown_cap *= 2;
  void *grown = realloc(items, grown_cap * size);
  if (grown) *cap = grown_cap;
  return grown;
}

#endif
