export { createHost, startHost, type Host, type HostOptions } from './startHost.js';
export { startWebHost, type RunningWebHost, type WebHostOptions } from './serve/webHost.js';
export type { TrashProvider } from './workspace/workspaceService.js';
export type { HostIndex } from './index/hostIndex.js';
export type { HostIndexOptions } from './index/indexOptions.js';
export { allDefinitions } from './index/definitionExport.js';
export { readTotals, type IndexTotals } from './index/indexCatalog.js';
