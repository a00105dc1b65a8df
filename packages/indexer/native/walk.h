/* The walk matcher: a tags query's patterns matched during one tree-cursor walk (walk.c). */
#ifndef MARIE_WALK_H
#define MARIE_WALK_H
#include <node_api.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef struct Walker Walker;

/* Called once per match, captures in pattern order; answers 0 to stop (out of memory). */
typedef int (*WalkEmit)(void *payload, uint32_t pattern, const TSQueryCapture *captures, uint32_t count);

/* Answers 1 to stop the walk (the time limit has passed). */
typedef int (*WalkCancelled)(void *payload);

typedef enum { WALK_DONE = 0, WALK_CANCELLED = 1, WALK_FAILED = 2 } WalkResult;

/* newWalker(language, program: Int32Array, names: string[]) -> external (src/worker/walkProgram.ts). */
napi_value marie_new_walker(napi_env env, napi_callback_info info);

/* The walker behind a newWalker() external, or NULL (with a TypeError thrown). */
const Walker *marie_walker_arg(napi_env env, napi_value value);

/* Every match of the walker's patterns under `root`, in pre-order of the pattern's root node. */
WalkResult marie_walk(const Walker *walker, TSNode root, WalkEmit emit, WalkCancelled cancelled, void *payload);

#endif
