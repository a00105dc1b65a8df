import { definePolicy } from '../types.js';

export const extensionPolicies = [
  definePolicy({
    key: 'AllowedExtensions',
    category: 'Extensions',
    title: 'Allowed extensions',
    description:
      'Which extensions may be installed or enabled. Keys are "*", a publisher, or publisher.name; values are true, false, or a list of exact versions. The most specific key decides; an extension no key matches is allowed, so {"*": false} turns the map into an allow-list. When several sources set it, entries are combined and the stricter entry wins.',
    since: '0.1.0',
    type: { kind: 'extension-map' },
    default: {},
    example: { '*': false, microsoft: true, 'esbenp.prettier-vscode': ['11.0.0'] },
    merge: { rule: 'deny-wins' },
    cloudExpiry: 'keep',
  }),
  definePolicy({
    key: 'ForceInstalledExtensions',
    category: 'Extensions',
    title: 'Force-installed extensions',
    description: 'Extensions installed for every user and not removable, as publisher.name or publisher.name@version. Lists from several sources are combined.',
    since: '0.1.0',
    type: { kind: 'list', item: 'extension-id', maxItems: 200 },
    default: [],
    example: ['corp.marie-guidelines@1.0.0'],
    merge: { rule: 'union' },
    cloudExpiry: 'keep',
  }),
] as const;
