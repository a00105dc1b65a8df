export { WorkspaceIndex, type IndexRole, type IndexStatus, type WorkspaceIndexOptions } from './workspaceIndex.js';
export type { TagRequest, TagResult, TagSource } from './tagSource.js';
export { LazyTagSource } from './lazyTagSource.js';
export { PoolTagSource } from './poolTagSource.js';
export { defaultIndexDir } from './store/location.js';
export { SYMBOL_KINDS } from './store/schema.js';
export { RecursiveWatcher, type RecursiveWatchOptions } from './watch/recursiveWatcher.js';
export type { WatchEvent } from './watch/treeWatcher.js';
