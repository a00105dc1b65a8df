// Runs the regex worker from its TypeScript source (tests and development): a worker
// thread does not inherit the test runner's transform, so register tsx first. Built code
// loads dist/node/search/regexWorker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./regexWorker.ts');
