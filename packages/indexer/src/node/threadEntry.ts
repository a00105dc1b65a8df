/**
 * A worker thread's entry module, in the caller's folder or `dir` relative to it: the
 * compiled `<name>.js`, or, when the caller runs from TypeScript sources (tests,
 * development), `<name>Source.mjs`, which registers tsx first (a worker thread does not
 * inherit the runner's transform).
 */
export function threadEntry(callerUrl: string, name: string, dir = '.'): URL {
  return new URL(callerUrl.endsWith('.ts') ? `${dir}/${name}Source.mjs` : `${dir}/${name}.js`, callerUrl);
}
