/* The walk-placed inotify watcher (inotify.c); Linux only. */
#ifndef MARIE_INOTIFY_H
#define MARIE_INOTIFY_H
#include <node_api.h>

#ifdef __linux__
/* inotifyStart(callback: (records: Buffer) => void) -> external. */
napi_value marie_inotify_start(napi_env env, napi_callback_info info);
/* inotifyAdd(watcher, dir: string) -> watch descriptor, or -errno. */
napi_value marie_inotify_add(napi_env env, napi_callback_info info);
/* inotifyRemove(watcher, wd: number). */
napi_value marie_inotify_remove(napi_env env, napi_callback_info info);
/* inotifyStop(watcher). */
napi_value marie_inotify_stop(napi_env env, napi_callback_info info);
#endif

#endif
