/**
 * Globs for files never sent to AI. Deny lists must not be easy to slip past, so:
 * matching ignores case, a pattern without a leading `/` matches at any depth, and a
 * pattern that matches a folder matches everything under it.
 * Syntax: `*`, `**`, `?`, `[abc]`, `[!abc]`, `{a,b}`.
 */
export const MAX_GLOB_LENGTH = 512;

function escapeRegex(ch: string): string {
  return /[.+^${}()|[\]\\*?]/.test(ch) ? `\\${ch}` : ch;
}

function translate(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      const doubled = glob[i + 1] === '*';
      const segStart = i === 0 || glob[i - 1] === '/';
      const segEnd = glob[i + 2] === '/' || i + 2 === glob.length;
      if (doubled && segStart && segEnd) {
        // `**/` is zero or more whole segments; a final `**` is everything below.
        if (glob[i + 2] === '/') {
          out += '(?:[^/]*/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        while (glob[i + 1] === '*') i++;
        out += '[^/]*';
      }
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw new Error('unclosed [');
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      if (!body || body.includes('/')) throw new Error('bad character class');
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (ch === '{') {
      if (braces) throw new Error('nested { is not supported');
      braces++;
      out += '(?:';
    } else if (ch === '}') {
      if (!braces) throw new Error('unbalanced }');
      braces--;
      out += ')';
    } else if (ch === ',' && braces) out += '|';
    else out += escapeRegex(ch);
  }
  if (braces) throw new Error('unclosed {');
  return out;
}

export function compileGlob(pattern: string): RegExp {
  if (!pattern || pattern.length > MAX_GLOB_LENGTH || pattern.includes('\0')) throw new Error('empty, too long or contains NUL');
  let p = pattern.replace(/\\/g, '/').replace(/\/+$/, '');
  if (!p) throw new Error('matches nothing');
  p = p.startsWith('/') || /^[a-z]:\//i.test(p) ? p : `**/${p}`;
  return new RegExp(`^${translate(p)}$`, 'i');
}

export function isGlob(pattern: string): boolean {
  try {
    compileGlob(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Lexically normalised, `/`-separated absolute path: `..` cannot be used to step around a pattern. */
export function normalizePath(path: string): string {
  const unified = path.replace(/\\/g, '/');
  const drive = /^[a-z]:/i.exec(unified)?.[0] ?? '';
  const rest = unified.slice(drive.length);
  const parts: string[] = [];
  for (const seg of rest.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `${drive}/${parts.join('/')}`;
}

/** The first pattern that matches the path or one of its folders, or null. */
export function firstMatchingGlob(patterns: readonly string[], path: string): string | null {
  const normalized = normalizePath(path);
  const segments = normalized.split('/');
  const candidates: string[] = [];
  for (let i = segments.length; i > 1; i--) candidates.push(segments.slice(0, i).join('/'));
  for (const pattern of patterns) {
    let re: RegExp;
    try {
      re = compileGlob(pattern);
    } catch {
      continue;
    }
    if (candidates.some((c) => re.test(c))) return pattern;
  }
  return null;
}
