import { definePolicy } from '../types.js';

export const dataPolicies = [
  definePolicy({
    key: 'LocalDataEncryptionRequired',
    category: 'Data',
    title: 'Require encryption of local data',
    description: 'Whether agent data on disk (audit outbox, cached policy, device identity) must be encrypted with a key the organisation controls. When any mandatory source requires it, it is required.',
    since: '0.1.0',
    type: { kind: 'boolean' },
    default: false,
    example: true,
    merge: { rule: 'deny-wins', deny: true },
    cloudExpiry: 'keep',
  }),
  definePolicy({
    key: 'SecretStoreFallbackAllowed',
    category: 'Data',
    title: 'Allow a weaker secret store',
    description: 'Whether tokens may be kept in an explicitly weaker store (and say so) when no OS keychain is available. Otherwise sign-in is refused there. When any mandatory source forbids it, it is forbidden.',
    since: '0.1.0',
    type: { kind: 'boolean' },
    default: false,
    example: false,
    merge: { rule: 'deny-wins', deny: false },
    cloudExpiry: 'most-restrictive',
    mostRestrictive: false,
  }),
] as const;
