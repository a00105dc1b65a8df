import { definePolicy } from '../types.js';

export const auditPolicies = [
  definePolicy({
    key: 'AuditLevel',
    category: 'Audit',
    title: 'Audit level',
    description: 'Which actions are recorded in the tamper-evident audit log: off, security (sign-in, policy, secrets, denied actions) or full (also file, git and AI actions). When several sources set it, the fullest wins.',
    since: '0.1.0',
    type: { kind: 'enum', values: ['off', 'security', 'full'] },
    default: 'security',
    example: 'full',
    merge: { rule: 'most-restrictive', order: ['full', 'security', 'off'] },
    cloudExpiry: 'keep',
  }),
  definePolicy({
    key: 'AuditUploadEndpoint',
    category: 'Audit',
    title: 'Audit upload endpoint',
    description: 'The https URL audit events are uploaded to. Unset: the console the device is enrolled with.',
    since: '0.1.0',
    type: { kind: 'string', format: 'https-url', maxLength: 2048, nullable: true },
    default: null,
    example: 'https://console.corp.example/api/audit',
    merge: { rule: 'override' },
    cloudExpiry: 'keep',
  }),
] as const;
