/**
 * The verifying thread for risky find-in-files regexes (see guardedMatcher.ts): compiles
 * the query once, then answers one message per file with its matches. Runs nothing else,
 * so the main side can terminate it mid-match when a file exceeds the time limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeText } from '../../common/decodeText.js';
import { locateMatches } from '../../common/textLocate.js';
import { compileTextQuery, type TextQuery } from '../../common/textQuery.js';

const port = parentPort;
if (!port) throw new Error('regexWorker must run in a worker thread');
const compiled = compileTextQuery(workerData as TextQuery);
port.on('message', ({ bytes, limit }: { bytes: Uint8Array; limit: number }) => {
  port.postMessage(locateMatches(compiled, decodeText(bytes), limit));
});
// The time limit starts per file once the thread is up (start-up is not the pattern's fault).
port.postMessage('ready');
