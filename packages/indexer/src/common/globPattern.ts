/**
 * Gitignore-style globs (the dialect of `.gitignore` files and ripgrep's `--glob`), compiled
 * to regular expressions over '/'-separated relative paths. One dialect everywhere (ignore
 * files, workspace excludes, find-in-files include/exclude) so that a glob means the same
 * thing wherever a user writes it.
 */
export interface GlobPattern {
  readonly source: string;
  /** `!pattern`: re-includes (in ignore files) or excludes (in search globs). */
  readonly negated: boolean;
  /** `pattern/`: matches directories only. */
  readonly dirOnly: boolean;
  readonly regex: RegExp;
}

export class GlobSyntaxError extends Error {}

/**
 * Compiles one glob. A glob without a '/' (other than a trailing one) matches a name at any
 * depth; with one it is anchored to the base directory. `**`, `*`, `?`, `[...]` and `{a,b}`
 * follow git's and ripgrep's meanings (`*` never crosses '/').
 */
export function compileGlob(pattern: string): GlobPattern {
  let body = pattern;
  let negated = false;
  if (body.startsWith('!')) {
    negated = true;
    body = body.slice(1);
  } else if (body.startsWith('\\!') || body.startsWith('\\#')) {
    body = body.slice(1);
  }
  let dirOnly = false;
  if (body.endsWith('/') && !body.endsWith('\\/')) {
    dirOnly = true;
    body = body.replace(/\/+$/, '');
  }
  let anchored = false;
  if (body.startsWith('/')) {
    anchored = true;
    body = body.slice(1);
  } else if (body.includes('/')) {
    anchored = true;
  }
  if (!anchored && !body.startsWith('**/')) body = `**/${body}`;
  return { source: pattern, negated, dirOnly, regex: new RegExp(`^${translate(body)}$`, 'u') };
}

/** Translates a glob body to a regular expression source. */
function translate(glob: string): string {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const next = glob[i + 2];
      if (atStart && next === '/') {
        out += '(?:.*/)?';
        i += 2;
        continue;
      }
      if (atStart && next === undefined) {
        // A trailing '/**' matches everything inside, but not the directory itself.
        out += i === 0 ? '.*' : '.+';
        i += 1;
        continue;
      }
      // '**' inside a name behaves like '*'.
      out += '[^/]*';
      i += 1;
      continue;
    }
    switch (c) {
      case '*':
        out += '[^/]*';
        break;
      case '?':
        out += '[^/]';
        break;
      case '[': {
        const end = classEnd(glob, i);
        if (end < 0) {
          out += '\\[';
          break;
        }
        out += translateClass(glob.slice(i + 1, end));
        i = end;
        break;
      }
      case '{':
        if (inBraces) throw new GlobSyntaxError(`nested braces in glob: ${glob}`);
        inBraces = true;
        out += '(?:';
        break;
      case '}':
        if (inBraces) {
          inBraces = false;
          out += ')';
        } else out += '\\}';
        break;
      case ',':
        out += inBraces ? '|' : ',';
        break;
      case '\\': {
        const next = glob[i + 1];
        if (next === undefined) throw new GlobSyntaxError(`dangling escape in glob: ${glob}`);
        out += escapeChar(next);
        i += 1;
        break;
      }
      default:
        out += escapeChar(c);
    }
  }
  if (inBraces) throw new GlobSyntaxError(`unclosed brace in glob: ${glob}`);
  return out;
}

/** Index of the ']' closing the class opened at `start`, or -1. A ']' right after '[', '[!' or '[^' is literal. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

function translateClass(body: string): string {
  let negate = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    negate = true;
    i = 1;
  }
  let items = '';
  for (; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\' && i + 1 < body.length) c = body[++i]!;
    if (c === '-' && items !== '' && i + 1 < body.length) {
      items += '-';
      continue;
    }
    items += classEscape(c);
  }
  // A class never matches the path separator.
  return negate ? `[^/${items}]` : `(?!/)[${items}]`;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/u.test(c) ? `\\${c}` : c;
}

function classEscape(c: string): string {
  return /[\]\\^-]/u.test(c) ? `\\${c}` : c;
}

/** Does `glob` match `relPath` ('/'-separated, relative to the glob's base)? */
export function globMatches(glob: GlobPattern, relPath: string, isDir: boolean): boolean {
  if (glob.dirOnly && !isDir) return false;
  return glob.regex.test(relPath);
}
