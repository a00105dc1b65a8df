/** Where a git remote URL points, following git's own rules for telling URLs, scp-like addresses and paths apart. */
export type GitRemoteTarget =
  | { kind: 'network'; scheme: string; host: string; port: number | null }
  | { kind: 'local'; path: string }
  /** `transport::address` remote helpers (e.g. `ext::`) and anything unparsable: the host cannot be known. */
  | { kind: 'opaque'; reason: string };

const networkSchemes = new Set(['http', 'https', 'ssh', 'git', 'git+ssh', 'ssh+git', 'ftp', 'ftps']);

export function parseGitRemote(raw: string): GitRemoteTarget {
  const url = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!url || /[\u0000-\u001f\u007f]/.test(url)) return { kind: 'opaque', reason: 'empty or contains control characters' };
  if (/^[a-z][a-z0-9+.-]*::/i.test(url)) return { kind: 'opaque', reason: 'remote helper addresses hide their destination' };

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme) {
    if (scheme === 'file') return { kind: 'local', path: url.slice('file://'.length) };
    if (!networkSchemes.has(scheme)) return { kind: 'opaque', reason: `unsupported transport ${scheme}://` };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { kind: 'opaque', reason: 'malformed URL' };
    }
    if (!parsed.hostname) return { kind: 'opaque', reason: 'URL without a host' };
    return { kind: 'network', scheme, host: parsed.hostname.toLowerCase().replace(/\.$/, ''), port: parsed.port ? Number(parsed.port) : null };
  }

  // git: an scp-like address has a colon before any slash; a single letter before it is a Windows drive.
  const scp = /^(?:[^@/]*@)?(\[[^\]/]*\]|[^:/[\]]+):/.exec(url);
  if (scp && !/^[a-z]:/i.test(url)) {
    const host = scp[1]!;
    if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9_.-]+)$/i.test(host)) return { kind: 'opaque', reason: 'malformed scp-like address' };
    return { kind: 'network', scheme: 'ssh', host: host.toLowerCase().replace(/\.$/, ''), port: null };
  }
  return { kind: 'local', path: url };
}
