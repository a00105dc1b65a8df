# The tags addon (tags.c; inotify.c, treeSlot.c, trigrams.c, walk.c) with tree-sitter's runtime compiled in, taken from the
# `tree-sitter` package this package already depends on, so grammar ABIs match.
{
  "variables": {
    "ts_lib": "<!(node -p \"require('path').relative(process.cwd(), require('path').join(require('path').dirname(require.resolve('tree-sitter/package.json')), 'vendor/tree-sitter/lib'))\")",
  },
  "targets": [
    {
      "target_name": "marie_tags",
      "sources": ["tags.c", "inotify.c", "parseArena.c", "treeSlot.c", "trigrams.c", "walk.c", "<(ts_lib)/src/lib.c"],
      "include_dirs": ["<(ts_lib)/include", "<(ts_lib)/src"],
      "defines": ["_POSIX_C_SOURCE=200112L", "_DEFAULT_SOURCE", "NAPI_VERSION=8"],
      "cflags_c": ["-std=c11", "-fvisibility=hidden"],
    },
  ],
}
