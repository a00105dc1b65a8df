import type { CloudPolicyStatus } from '@marie/protocol';

/** The status shown when the device has no cloud policy configured. */
export const noCloudStatus: CloudPolicyStatus = { state: 'none', version: null, issuedAt: null, expiresAt: null, keyIds: [], lastRejection: null };
