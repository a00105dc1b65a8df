import type { Disposable } from '@marie/protocol';
import { followColorScheme } from './colorScheme.js';
import { installMonacoEnvironment } from './monacoEnvironment.js';

let installed: Disposable | undefined;

/** Idempotent: workers, and the theme following the OS. Call before creating editors. */
export function setupMonaco(): void {
  if (installed) return;
  installMonacoEnvironment();
  installed = followColorScheme();
}
