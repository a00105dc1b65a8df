/**
 * A worker thread's entry module, next to its caller: the compiled `<name>.js`, or, when
 * the caller runs from TypeScript sources (tests, development), `<name>Source.mjs`, which
 * registers tsx first (a worker thread does not inherit the runner's transform).
 */
export function threadEntry(callerUrl: string, name: string): URL {
  return new URL(callerUrl.endsWith('.ts') ? `./${name}Source.mjs` : `./${name}.js`, callerUrl);
}
