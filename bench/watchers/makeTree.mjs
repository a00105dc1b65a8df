// Writes a synthetic source tree: `files` files spread over folders of 20, 3 levels deep.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function makeTree(root, files) {
  const perDir = 20;
  for (let i = 0; i < files; i++) {
    const d = Math.floor(i / perDir);
    const dir = join(root, `a${d % 10}`, `b${Math.floor(d / 10) % 50}`, `c${Math.floor(d / 500)}`);
    if (i % perDir === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.ts`), `export const v${i} = ${i};\n`);
  }
}
