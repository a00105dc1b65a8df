import { definePolicy } from '../types.js';

export const trustPolicies = [
  definePolicy({
    key: 'RequireFolderTrust',
    category: 'WorkspaceTrust',
    title: 'Open only trusted folders',
    description: 'Whether only folders listed in TrustedFolders (or inside them) may be opened. When any mandatory source requires it, it is required.',
    since: '0.1.0',
    type: { kind: 'boolean' },
    default: false,
    example: true,
    merge: { rule: 'deny-wins', deny: true },
    cloudExpiry: 'keep',
  }),
  definePolicy({
    key: 'TrustedFolders',
    category: 'WorkspaceTrust',
    title: 'Trusted folders',
    description: 'Absolute paths of folders that are trusted, with everything inside them.',
    since: '0.1.0',
    type: { kind: 'list', item: 'absolute-path', maxItems: 500 },
    default: [],
    example: ['/home/shared/src', 'C:\\src'],
    merge: { rule: 'override' },
    cloudExpiry: 'keep',
  }),
] as const;
