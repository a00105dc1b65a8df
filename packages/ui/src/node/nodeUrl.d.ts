// The one Node API this package's node/ folder uses. Declared here instead of pulling
// @types/node into a browser package, where its globals (process, Buffer) would typecheck.
declare module 'node:url' {
  export function fileURLToPath(url: string | URL): string;
}
