export { createHost, startHost, type Host, type HostOptions } from './startHost.js';
export { startWebHost, type RunningWebHost, type WebHostOptions } from './serve/webHost.js';
export type { TrashProvider } from './workspace/workspaceService.js';
