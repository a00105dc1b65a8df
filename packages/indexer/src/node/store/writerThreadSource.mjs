// Runs the writer thread from its TypeScript source (tests and development): a worker
// thread does not inherit the test runner's transform, so register tsx first. Built code
// loads dist/node/store/writerThread.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./writerThread.ts');
