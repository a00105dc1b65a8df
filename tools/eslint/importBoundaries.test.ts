import { resolve } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module without types
import { importBoundaries } from './importBoundaries.js';

const root = resolve(import.meta.dirname, '../..');
const linter = new Linter({ configType: 'flat' });

function lint(file: string, code: string): string[] {
  return linter
    .verify(code, [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser as Linter.Parser }, plugins: { marie: { rules: { 'import-boundaries': importBoundaries } } }, rules: { 'marie/import-boundaries': 'error' } }], resolve(root, file))
    .map((m) => m.message);
}

describe('import boundaries lint rule', () => {
  it.each([
    ['packages/ui/src/browser/a.tsx', "import { x } from '@marie/host';", /may not import @marie\/host/],
    ['packages/protocol/src/common/a.ts', "import { x } from '@marie/ui';", /nothing internal/],
    ['packages/indexer/src/common/a.ts', "import { x } from '@marie/enterprise-agent';", /may not import/],
    ['packages/host/src/node/a.ts', "import { x } from '@marie/protocol/src/common/errors.js';", /deep import/],
    ['packages/ui/src/browser/a.ts', "import { x } from '../../../protocol/src/common/index.js';", /leaves packages\/ui/],
    ['packages/protocol/src/common/a.ts', "import { readFile } from 'node:fs';", /may not import the Node module/],
    ['packages/ui/src/browser/a.ts', "import { x } from '../node/renderer.js';", /browser\/ may not import from node/],
    ['packages/editor-core/src/common/a.ts', "import { x } from '../browser/monaco.js';", /common\/ may not import from browser/],
    ['packages/host/src/node/a.ts', "import { app } from 'electron';", /may not import electron/],
  ])('%s: %s is an error', (file, code, message) => {
    expect(lint(file, code).join('\n')).toMatch(message);
  });

  it.each([
    ['packages/ui/src/browser/a.tsx', "import { x } from '@marie/editor-core'; import { y } from '@marie/protocol';"],
    ['packages/host/src/node/a.ts', "import { x } from '@marie/indexer'; import { readFile } from 'node:fs';"],
    ['packages/protocol/src/node/a.ts', "import { x } from '../common/index.js';"],
    ['apps/cli/src/a.ts', "import { rendererDir } from '@marie/ui/renderer';"],
  ])('%s: %s is allowed', (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });
});
