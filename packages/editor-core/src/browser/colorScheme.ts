import type { Disposable } from '@marie/protocol';
import { monaco } from './monacoApi.js';

const darkQuery = '(prefers-color-scheme: dark)';

export function currentMonacoTheme(): 'vs' | 'vs-dark' {
  return typeof matchMedia === 'function' && matchMedia(darkQuery).matches ? 'vs-dark' : 'vs';
}

/** Monaco's theme is global: switch it whenever the OS switches between light and dark. */
export function followColorScheme(): Disposable {
  monaco.editor.setTheme(currentMonacoTheme());
  if (typeof matchMedia !== 'function') return { dispose() {} };
  const query = matchMedia(darkQuery);
  const apply = () => monaco.editor.setTheme(currentMonacoTheme());
  query.addEventListener('change', apply);
  return { dispose: () => query.removeEventListener('change', apply) };
}
