import { definePolicy } from '../types.js';

export const gitPolicies = [
  definePolicy({
    key: 'AllowedGitRemoteHosts',
    category: 'Git',
    title: 'Allowed git remote hosts',
    description:
      'Hosts that git may push to: * (any), host (exactly), *.domain (any subdomain), each optionally with :port. Local and remote-helper remotes are allowed only with *. An empty list blocks every push.',
    since: '0.1.0',
    type: { kind: 'list', item: 'host-pattern', maxItems: 1000 },
    default: ['*'],
    example: ['github.com', '*.git.corp.example'],
    merge: { rule: 'override' },
    cloudExpiry: 'keep',
  }),
] as const;
