// Runs the checkpointer thread from its TypeScript source (tests and development): a
// worker thread does not inherit the test runner's transform, so register tsx first. Built
// code loads dist/node/store/checkpointThread.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./checkpointThread.ts');
