/**
 * Host paths are absolute paths in the host's own style (POSIX or Windows). The UI never
 * resolves them; it only splits and joins names, using the separator the path already has.
 */
export function separatorOf(path: string): '/' | '\\' {
  return path.includes('/') || !path.includes('\\') ? '/' : '\\';
}

export function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

export function dirname(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i < 0) return trimmed;
  // Keep the root's separator: "/a" → "/", "C:\a" → "C:\".
  const head = trimmed.slice(0, i);
  return head === '' || /^[A-Za-z]:$/.test(head) ? trimmed.slice(0, i + 1) : head;
}

export function joinPath(folder: string, name: string): string {
  const sep = separatorOf(folder);
  return folder.endsWith('/') || folder.endsWith('\\') ? folder + name : folder + sep + name;
}

/** True when `path` is `folder` or inside it. */
export function isEqualOrInside(path: string, folder: string): boolean {
  if (path === folder) return true;
  const prefix = folder.endsWith('/') || folder.endsWith('\\') ? folder : folder + separatorOf(folder);
  return path.startsWith(prefix);
}

/** A name the user typed for a new or renamed entry; returns why it is unusable, or undefined. */
export function invalidNameReason(name: string): string | undefined {
  if (name.trim() === '') return 'A name is required.';
  if (name === '.' || name === '..') return `"${name}" is not a valid name.`;
  if (/[\\/]/.test(name)) return 'A name cannot contain "/" or "\\".';
  if (name.includes('\0')) return 'A name cannot contain a NUL character.';
  return undefined;
}

/** "file.ts" → "ts"; dotfiles like ".gitignore" have no extension. */
export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}
