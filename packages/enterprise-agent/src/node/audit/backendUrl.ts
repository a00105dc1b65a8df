/** An API path under the backend's base URL, whether or not that URL ends with a slash. */
export function backendUrl(server: string, path: string): string {
  return `${server.replace(/\/$/, '')}${path}`;
}
