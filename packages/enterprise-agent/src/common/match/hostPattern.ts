/**
 * Host patterns for allow-lists: `*` (any host), `example.com` (exactly that host),
 * `*.example.com` (any subdomain, not the apex), each optionally with `:port`; IPv6 in brackets.
 */
const label = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const hostname = `${label}(?:\\.${label})*`;
const ipv6 = '\\[[0-9a-f:.]+\\]';
const patternSyntax = new RegExp(`^(?:\\*|(?:\\*\\.)?${hostname}|${ipv6})(?::(\\d{1,5}))?$`, 'i');

export function isHostPattern(pattern: string): boolean {
  const m = patternSyntax.exec(pattern);
  if (!m) return false;
  return m[1] === undefined || (Number(m[1]) > 0 && Number(m[1]) < 65536);
}

/** Lower case, without the trailing dot of a fully qualified name. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

export function hostMatches(pattern: string, host: string, port: number | null): boolean {
  if (!isHostPattern(pattern)) return false;
  const p = pattern.toLowerCase();
  let hostPart = p;
  let wantPort: number | null = null;
  const portMatch = /:(\d+)$/.exec(p);
  if (portMatch && !p.endsWith(']')) {
    hostPart = p.slice(0, portMatch.index);
    wantPort = Number(portMatch[1]);
  }
  if (wantPort !== null && wantPort !== port) return false;
  const h = normalizeHost(host);
  if (hostPart === '*') return true;
  if (hostPart.startsWith('*.')) {
    const apex = hostPart.slice(2);
    return h.endsWith(`.${apex}`) && h.length > apex.length + 1;
  }
  return h === hostPart;
}
