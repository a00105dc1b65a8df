// Runs the parse worker straight from its TypeScript source (tests and development): a
// worker thread does not inherit the test runner's transform, so register tsx here first.
// Built code never comes here; it loads dist/worker/parseWorker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./parseWorker.ts');
