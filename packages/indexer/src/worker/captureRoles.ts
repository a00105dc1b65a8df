/**
 * What each capture name in a tags.scm means. The convention is tree-sitter's tags one
 * (`@definition.<kind>`, `@reference.<kind>`, `@name`) plus two of ours:
 * - `@container`: inside a definition pattern, names the definition's container
 *   explicitly (Go's method receiver type);
 * - `@scope`: a node that contains definitions without being one itself (Rust's
 *   `impl Foo { … }`), named by the pattern's `@name`.
 * Captures starting with `_` are helpers for predicates and ignored. Anything else is
 * an error, so a typo in a query fails its tests instead of silently capturing nothing.
 */
import type { ReferenceKind, SymbolKind } from '../common/tags.js';

export type CaptureRole =
  | { role: 'name' }
  | { role: 'container' }
  | { role: 'scope' }
  | { role: 'ignore' }
  | { role: 'definition'; kind: SymbolKind }
  | { role: 'reference'; kind: ReferenceKind };

const SYMBOL_KINDS: ReadonlySet<string> = new Set<SymbolKind>([
  'function',
  'method',
  'class',
  'interface',
  'module',
  'type',
  'enum',
  'constant',
  'variable',
  'field',
  'property',
  'macro',
  'namespace',
]);
const REFERENCE_KINDS: ReadonlySet<string> = new Set<ReferenceKind>(['call', 'class', 'type', 'implementation', 'import', 'other']);

export function captureRole(captureName: string): CaptureRole {
  if (captureName === 'name') return { role: 'name' };
  if (captureName === 'container') return { role: 'container' };
  if (captureName === 'scope') return { role: 'scope' };
  if (captureName.startsWith('_')) return { role: 'ignore' };
  const dot = captureName.indexOf('.');
  const head = captureName.slice(0, dot);
  const kind = captureName.slice(dot + 1);
  if (head === 'definition' && SYMBOL_KINDS.has(kind)) return { role: 'definition', kind: kind as SymbolKind };
  if (head === 'reference' && REFERENCE_KINDS.has(kind)) return { role: 'reference', kind: kind as ReferenceKind };
  throw new Error(`unknown capture @${captureName}`);
}
