import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePolicyFiles } from './writePolicyFiles.js';

// dist/node/generate/main.js → the repository root is five folders up.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const written = await writePolicyFiles(repoRoot);
process.stdout.write(`${written.map((p) => `wrote ${p}`).join('\n')}\n`);
