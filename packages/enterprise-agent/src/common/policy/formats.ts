import type { PolicyStringFormat } from '@marie/protocol';
import { isExtensionId } from '../match/extensionId.js';
import { isGlob } from '../match/glob.js';
import { isHostPattern } from '../match/hostPattern.js';
import { isVersion } from '../match/version.js';

function urlWith(text: string, protocols: readonly string[]): boolean {
  try {
    const u = new URL(text);
    return protocols.includes(u.protocol) && u.hostname !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Why a string does not fit its declared format, or null when it does. */
export function checkFormat(format: PolicyStringFormat, text: string): string | null {
  switch (format) {
    case 'text':
    case 'secret':
      return null;
    case 'https-url':
      return urlWith(text, ['https:']) ? null : 'expected an https:// URL without credentials';
    case 'proxy-url':
      return urlWith(text, ['http:', 'https:', 'socks5:']) ? null : 'expected http://, https:// or socks5:// host:port without credentials';
    case 'version':
      return isVersion(text) ? null : 'expected a version such as 1.4.0';
    case 'host-pattern':
      return isHostPattern(text) ? null : 'expected a host pattern: *, host, *.domain, optionally :port';
    case 'glob':
      return isGlob(text) ? null : 'expected a glob (*, **, ?, [..], {a,b})';
    case 'extension-id':
      return isExtensionId(text) ? null : 'expected publisher.name, optionally @version';
    case 'absolute-path':
      return /^(?:\/|[a-z]:[\\/]|\\\\[^\\]+\\[^\\]+)/i.test(text) && !text.includes('\0') ? null : 'expected an absolute path';
    case 'ai-provider':
      return /^(?:\*|[a-z0-9][a-z0-9._-]{0,63})$/i.test(text) ? null : 'expected a provider id or *';
    case 'ai-model':
      return /^(?:\*|[a-z0-9][a-z0-9._-]{0,63}\/[a-z0-9*][a-z0-9._:*-]{0,127})$/i.test(text) ? null : 'expected provider/model (the model may use *), or *';
    case 'identifier':
      return /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(text) ? null : 'expected letters, digits, ".", "_" or "-"';
  }
}
