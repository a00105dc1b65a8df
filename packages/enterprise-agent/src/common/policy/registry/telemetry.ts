import { definePolicy } from '../types.js';

export const telemetryPolicies = [
  definePolicy({
    key: 'TelemetryLevel',
    category: 'Telemetry',
    title: 'Telemetry level',
    description: 'What MarieIDE may report to its makers: off (nothing), crash (crash reports), error (crash reports and errors) or all (also usage data).',
    since: '0.1.0',
    type: { kind: 'enum', values: ['off', 'crash', 'error', 'all'] },
    default: 'all',
    example: 'error',
    merge: { rule: 'most-restrictive', order: ['off', 'crash', 'error', 'all'] },
    cloudExpiry: 'keep',
    setting: 'telemetry.telemetryLevel',
  }),
] as const;
