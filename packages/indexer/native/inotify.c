/*
 * An inotify watcher whose watches the indexer's own walk places, one directory at a time,
 * before it lists that directory (src/node/watch/inotifyWatcher.ts). @parcel/watcher crawls
 * and stats the whole tree before its first watch, and the metadata scan then crawled it a
 * second time; here the scan is the crawl (docs/decisions.md, "one walk").
 *
 * A thread reads the inotify descriptor as soon as events arrive (the kernel's queue holds
 * 16k events by default: a branch switch would overflow it while the main thread is busy)
 * and hands the raw records, unparsed, to JavaScript through a thread-safe function. The
 * descriptor-to-path table lives in JavaScript: watches are added there, synchronously, so
 * a record always finds its directory. As fs.watch does, an open watcher keeps the process
 * alive until it is stopped.
 */
#define _GNU_SOURCE /* pipe2 */
#include "inotify.h"

#ifdef __linux__
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "externals.h"

static const napi_type_tag WATCH_TAG = {0x6d61726965746167, 0x696e6f7469667901};

/* What makes a file or a folder worth a look; IN_MODIFY also covers writes in place. */
static const uint32_t WATCH_MASK = IN_ATTRIB | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MODIFY | IN_MOVE_SELF | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR | IN_EXCL_UNLINK;

enum { READ_BYTES = 64 * 1024 };

typedef struct {
  int fd;
  int wake[2]; /* the reading thread polls wake[0]: a byte there means stop */
  pthread_t thread;
  int running;
  napi_threadsafe_function tsfn;
} Watch;

typedef struct {
  size_t length;
  char bytes[];
} Chunk;

/* On the main thread: one chunk of raw inotify records to the callback, as a Buffer. */
static void deliver(napi_env env, napi_value callback, void *context, void *data) {
  (void)context;
  Chunk *chunk = data;
  if (env && callback) {
    napi_value buffer, undefined;
    if (napi_create_buffer_copy(env, chunk->length, chunk->bytes, NULL, &buffer) == napi_ok && napi_get_undefined(env, &undefined) == napi_ok)
      napi_call_function(env, undefined, callback, 1, &buffer, NULL);
  }
  free(chunk);
}

static void *read_events(void *arg) {
  Watch *w = arg;
  char *buffer = malloc(READ_BYTES);
  struct pollfd fds[2] = {{.fd = w->fd, .events = POLLIN}, {.fd = w->wake[0], .events = POLLIN}};
  while (buffer) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) break;
    ssize_t n = read(w->fd, buffer, READ_BYTES);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    Chunk *chunk = malloc(sizeof *chunk + (size_t)n);
    if (!chunk) continue; /* events lost: the next overflow record (or none) is all we can do */
    chunk->length = (size_t)n;
    memcpy(chunk->bytes, buffer, (size_t)n);
    if (napi_call_threadsafe_function(w->tsfn, chunk, napi_tsfn_nonblocking) != napi_ok) {
      free(chunk);
      break; /* closing */
    }
  }
  free(buffer);
  return NULL;
}

/* Stops the thread and closes the descriptors; idempotent. Main thread only. `release`:
 * also let go of the event channel (not from a finalizer, which may run while Node tears
 * the environment down and has closed the channel itself). */
static void stop(Watch *w, int release) {
  if (w->running) {
    ssize_t ignored = write(w->wake[1], "x", 1);
    (void)ignored;
    pthread_join(w->thread, NULL);
    w->running = 0;
    if (release) napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
  }
  if (w->fd >= 0) close(w->fd);
  if (w->wake[0] >= 0) close(w->wake[0]);
  if (w->wake[1] >= 0) close(w->wake[1]);
  w->fd = w->wake[0] = w->wake[1] = -1;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  stop(data, 0);
  free(data);
}

static napi_value fail(napi_env env, Watch *w, const char *message) {
  if (w) {
    stop(w, 1);
    free(w);
  }
  napi_throw_error(env, NULL, message);
  return NULL;
}

napi_value marie_inotify_start(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], name, result;
  napi_valuetype type;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, NULL, "marie_tags: inotifyStart(callback)");
    return NULL;
  }
  Watch *w = calloc(1, sizeof *w);
  if (!w) return fail(env, NULL, "marie_tags: out of memory");
  w->wake[0] = w->wake[1] = -1;
  w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (w->fd < 0 || pipe2(w->wake, O_CLOEXEC) != 0) return fail(env, w, "marie_tags: inotify_init1 or pipe2 failed");
  if (napi_create_string_utf8(env, "marie-inotify", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL, NULL, NULL, deliver, &w->tsfn) != napi_ok)
    return fail(env, w, "marie_tags: could not create the event channel");
  if (pthread_create(&w->thread, NULL, read_events, w) != 0) {
    napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
    return fail(env, w, "marie_tags: could not start the inotify thread");
  }
  w->running = 1;
  if (napi_create_external(env, w, finalize, NULL, &result) != napi_ok || napi_type_tag_object(env, result, &WATCH_TAG) != napi_ok)
    return fail(env, w, "marie_tags: could not create the watcher");
  return result;
}

static Watch *watch_arg(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "marie_tags: missing arguments");
    return NULL;
  }
  Watch *w = marie_tagged_external(env, argv[0], &WATCH_TAG);
  if (!w) napi_throw_type_error(env, NULL, "marie_tags: expected a watcher from inotifyStart()");
  return w;
}

/* inotifyAdd(watcher, dir) -> the watch descriptor, or -errno (no exception: an unreadable
 * or vanished folder is common during a walk, and the walk reports it itself). */
napi_value marie_inotify_add(napi_env env, napi_callback_info info) {
  napi_value argv[2], result;
  Watch *w = watch_arg(env, info, 2, argv);
  if (!w) return NULL;
  size_t length = 0;
  if (napi_get_value_string_utf8(env, argv[1], NULL, 0, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "marie_tags: inotifyAdd(watcher, path: string)");
    return NULL;
  }
  char stack[1024];
  char *path = length < sizeof stack ? stack : malloc(length + 1);
  int wd = -ENOMEM;
  if (path && napi_get_value_string_utf8(env, argv[1], path, length + 1, &length) == napi_ok) {
    if (w->fd < 0) wd = -EBADF;
    else if (strlen(path) != length) wd = -EINVAL; /* a NUL inside: not a path */
    else {
      wd = inotify_add_watch(w->fd, path, WATCH_MASK);
      if (wd < 0) wd = -errno;
    }
  }
  if (path != stack) free(path);
  return napi_create_int32(env, wd, &result) == napi_ok ? result : NULL;
}

/* inotifyRemove(watcher, wd): the folder moved or left the index. */
napi_value marie_inotify_remove(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  Watch *w = watch_arg(env, info, 2, argv);
  int32_t wd;
  if (!w || napi_get_value_int32(env, argv[1], &wd) != napi_ok) return NULL;
  if (w->fd >= 0) inotify_rm_watch(w->fd, wd);
  return NULL;
}

/* inotifyStop(watcher): no event is delivered after it returns. */
napi_value marie_inotify_stop(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Watch *w = watch_arg(env, info, 1, argv);
  if (w) stop(w, 1);
  return NULL;
}
#endif
