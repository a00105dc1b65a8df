import { definePolicy } from '../types.js';

export const enrollmentPolicies = [
  definePolicy({
    key: 'EnrollmentToken',
    category: 'Enrollment',
    title: 'Enrollment token',
    description: 'The token with which the device enrolls in the organisation\'s console. Machine policy only; never displayed.',
    since: '0.1.0',
    type: { kind: 'string', format: 'secret', maxLength: 4096, nullable: true },
    default: null,
    example: 'REPLACE-WITH-ENROLLMENT-TOKEN',
    merge: { rule: 'override' },
    cloudExpiry: 'keep',
    scopes: ['machine'],
    sources: ['machine'],
    sensitive: true,
  }),
  definePolicy({
    key: 'ConsoleURL',
    category: 'Enrollment',
    title: 'Console URL',
    description: 'The https URL of the organisation\'s MarieIDE console (identity, policy, audit). Not settable from the cloud, which it points to.',
    since: '0.1.0',
    type: { kind: 'string', format: 'https-url', maxLength: 2048, nullable: true },
    default: null,
    example: 'https://console.corp.example',
    merge: { rule: 'override' },
    cloudExpiry: 'keep',
    sources: ['machine', 'user-os'],
  }),
] as const;
