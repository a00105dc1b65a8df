import { ErrorCode, RpcError, type PolicyExplanation } from '@marie/protocol';
import { checkExtension, splitExtensionRef } from '../match/extensionId.js';
import { parseGitRemote } from '../match/gitRemote.js';
import { firstMatchingGlob, normalizePath } from '../match/glob.js';
import { hostMatches } from '../match/hostPattern.js';
import { compareVersions, isVersion } from '../match/version.js';
import type { EffectivePolicies } from '../policy/effective.js';
import type { PolicyKey } from '../policy/registry/index.js';
import type { AuditSink } from './audit.js';

export interface PolicyEnforcerOptions {
  /** Compare paths ignoring case (Windows, default macOS volumes). */
  caseInsensitivePaths?: boolean;
}

function modelMatches(pattern: string, provider: string, model: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return re.test(`${provider}/${model}`);
}

function who(p: PolicyExplanation): string {
  if (p.source === 'user') return 'your settings';
  if (p.source === 'default') return 'the default';
  return `your organization (${p.source} policy)`;
}

/**
 * The checks the host calls where a behaviour happens. Each refusal throws
 * RpcError(E_POLICY_DENIED) naming the policy and who set it, and emits `policy.violation`.
 * Reads the current snapshot on every call, so live policy changes apply at once.
 */
export class PolicyEnforcer {
  constructor(
    private readonly policies: () => EffectivePolicies,
    private readonly audit: AuditSink,
    private readonly options: PolicyEnforcerOptions = {},
  ) {}

  private deny(key: PolicyKey, operation: string, target: string, reason: string): never {
    const p = this.policies().explain(key);
    const message = `${operation} is blocked by policy ${key}, set by ${who(p)}: ${reason}`;
    try {
      this.audit.emit({ action: 'policy.violation', target, outcome: 'denied', details: { policy: key, operation, reason, source: p.source, level: p.level } });
    } catch {
      // A failing audit sink must not turn a refusal into an allowance or a crash.
    }
    throw new RpcError(ErrorCode.PolicyDenied, message);
  }

  /** Before pushing (or fetching, when the host chooses) to a remote URL, after git's insteadOf rewriting. */
  assertGitRemoteAllowed(url: string): void {
    const allowed = this.policies().get('AllowedGitRemoteHosts');
    const op = 'Pushing to this remote';
    const target = parseGitRemote(url);
    if (allowed.includes('*')) {
      if (target.kind === 'opaque') this.deny('AllowedGitRemoteHosts', op, url, `the remote's host cannot be determined (${target.reason})`);
      return;
    }
    if (target.kind === 'local') this.deny('AllowedGitRemoteHosts', op, url, 'local remotes are allowed only when the list contains *');
    if (target.kind === 'opaque') this.deny('AllowedGitRemoteHosts', op, url, `the remote's host cannot be determined (${target.reason})`);
    if (!allowed.some((p) => hostMatches(p, target.host, target.port))) {
      this.deny('AllowedGitRemoteHosts', op, url, `host ${target.host}${target.port ? `:${target.port}` : ''} is not in the allowed hosts (${allowed.join(', ') || 'none'})`);
    }
  }

  /** Before installing or enabling an extension; `version` null when not yet known. */
  assertExtensionAllowed(id: string, version: string | null): void {
    const op = `Extension ${id}${version ? `@${version}` : ''}`;
    if (this.forceInstalledExtensions().some((f) => f.id === id.toLowerCase() && (f.version === null || f.version === version))) return;
    const verdict = checkExtension(this.policies().get('AllowedExtensions'), id, version);
    if (!verdict.allowed) this.deny('AllowedExtensions', op, `${id}${version ? `@${version}` : ''}`, verdict.reason);
  }

  /** The extensions the host must install and keep installed. */
  forceInstalledExtensions(): { id: string; version: string | null }[] {
    return this.policies().get('ForceInstalledExtensions').map(splitExtensionRef);
  }

  /** Before any request to an AI provider. */
  assertAIAllowed(request: { provider: string; model: string }): void {
    const set = this.policies();
    const target = `${request.provider}/${request.model}`;
    if (!set.get('AIEnabled')) this.deny('AIEnabled', 'Using AI features', target, 'AI features are turned off');
    const providers = set.get('AllowedAIProviders');
    if (!providers.some((p) => p === '*' || p.toLowerCase() === request.provider.toLowerCase())) {
      this.deny('AllowedAIProviders', `Sending to AI provider ${request.provider}`, target, `allowed providers: ${providers.join(', ') || 'none'}`);
    }
    const models = set.get('AllowedAIModels');
    if (!models.some((m) => modelMatches(m, request.provider, request.model))) {
      this.deny('AllowedAIModels', `Using model ${target}`, target, `allowed models: ${models.join(', ') || 'none'}`);
    }
  }

  /** Before a file's content goes into an AI request. Pass the real (symlink-resolved) path. */
  assertFileMayGoToAI(path: string, request?: { provider: string; model: string }): void {
    if (request) this.assertAIAllowed(request);
    else if (!this.policies().get('AIEnabled')) this.deny('AIEnabled', 'Using AI features', path, 'AI features are turned off');
    const hit = firstMatchingGlob(this.policies().get('AIExcludedFiles'), path);
    if (hit) this.deny('AIExcludedFiles', `Sending ${path} to AI`, path, `it matches "${hit}"`);
  }

  /** Before opening a folder as a workspace root. Pass the real (symlink-resolved) path. */
  assertFolderTrusted(path: string): void {
    const set = this.policies();
    if (!set.get('RequireFolderTrust')) return;
    const fold = (p: string) => (this.options.caseInsensitivePaths ? p.toLowerCase() : p);
    const target = fold(normalizePath(path));
    const ok = set.get('TrustedFolders').some((t) => {
      const base = fold(normalizePath(t));
      return target === base || target.startsWith(base.endsWith('/') ? base : `${base}/`);
    });
    if (!ok) this.deny('RequireFolderTrust', `Opening ${path}`, path, 'only folders inside TrustedFolders may be opened');
  }

  /** Before downloading or installing an update to `version`. */
  assertUpdateAllowed(version: string, options: { channel?: string; automatic?: boolean } = {}): void {
    const set = this.policies();
    const op = `Updating to ${version}`;
    const mode = set.get('UpdateMode');
    if (mode === 'off') this.deny('UpdateMode', op, version, 'updates are turned off');
    if (mode === 'manual' && options.automatic) this.deny('UpdateMode', op, version, 'updates install only when the user asks');
    const channel = set.get('UpdateChannel');
    if (options.channel && options.channel !== channel) this.deny('UpdateChannel', op, version, `only the ${channel} channel is allowed`);
    const min = set.get('UpdateMinimumVersion');
    const max = set.get('UpdateMaximumVersion');
    if ((min !== null || max !== null) && !isVersion(version)) this.deny(min !== null ? 'UpdateMinimumVersion' : 'UpdateMaximumVersion', op, version, 'the version cannot be compared with the allowed range');
    if (min !== null && compareVersions(version, min) < 0) this.deny('UpdateMinimumVersion', op, version, `versions below ${min} are not allowed`);
    if (max !== null && compareVersions(version, max) > 0) this.deny('UpdateMaximumVersion', op, version, `versions above ${max} are not allowed`);
  }

  /** Before completing a sign-in to an organisation. */
  assertOrganizationAllowed(orgId: string): void {
    const allowed = this.policies().get('AllowedOrganizationId');
    if (allowed !== null && allowed !== orgId) this.deny('AllowedOrganizationId', `Signing in to ${orgId}`, orgId, `only ${allowed} is allowed`);
  }

  /** Whether a telemetry event of this kind may be sent (not an error: telemetry is dropped quietly). */
  telemetryAllows(kind: 'crash' | 'error' | 'usage'): boolean {
    const level = this.policies().get('TelemetryLevel');
    const rank = { off: 0, crash: 1, error: 2, all: 3 }[level];
    return rank >= { crash: 1, error: 2, usage: 3 }[kind];
  }
}
