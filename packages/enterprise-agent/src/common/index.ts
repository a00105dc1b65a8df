export const AGENT_PACKAGE = '@marie/enterprise-agent';

// Policy registry and resolution (platform-free: host, CLI, server and tests share it).
export type { ExtensionMap, MergeSpec, PolicyCategory, PolicyDefinition, ValueOf, ValueType } from './policy/types.js';
export { policyDefinitions, policyDefinition, findPolicyDefinition, policyForSetting, isPolicyKey, categoryTitles } from './policy/registry/index.js';
export type { PolicyKey, PolicyValueOf, PolicyValues } from './policy/registry/index.js';
export { schemaFor } from './policy/valueSchema.js';
export { emptyLayer } from './policy/layers.js';
export type { PolicyEntry, PolicyLayer } from './policy/layers.js';
export { resolvePolicies, validatePolicyValue } from './policy/resolve.js';
export type { ResolveInput, ResolvedPolicies } from './policy/resolve.js';
export { EffectivePolicies } from './policy/effective.js';
export { policyShowJson, policyExplainJson, formatPolicyTable, formatPolicyExplanation, REDACTED } from './policy/output.js';
export { policyMetadata, formatPolicyHelp } from './policy/metadata.js';
export { createPolicyService, policyStatus } from './policy/service.js';
export type { PolicyProvider } from './policy/service.js';

// Enforcement.
export { PolicyEnforcer } from './enforcement/enforcer.js';
export type { PolicyEnforcerOptions } from './enforcement/enforcer.js';
export { InMemoryAuditSink } from './enforcement/audit.js';
export type { AuditEvent, AuditSink } from './enforcement/audit.js';

// Signed cloud policy (verification rules; crypto comes from the platform codec).
export { CloudPolicy } from './cloud/cloudPolicy.js';
export type { BundleResult, CloudPolicyOptions } from './cloud/cloudPolicy.js';
export { InMemoryTrustStore, trustStateSchema } from './cloud/trustState.js';
export type { CloudTrustState, TrustStore } from './cloud/trustState.js';
export { POLICY_BUNDLE_TYP, KEY_ENDORSEMENT_TYP, BUNDLE_ALGORITHMS, publicJwkSchema, bundleClaimsSchema, endorsementClaimsSchema } from './cloud/jwsTypes.js';
export type { BundleAlgorithm, DecodedJws, JwsCodec, KeyEndorsementClaims, PolicyBundleClaims, PublicJwk } from './cloud/jwsTypes.js';
export { noCloudStatus } from './cloud/noCloud.js';

// Generated templates.
export { generatePolicyFiles } from './templates/index.js';

// Secrets and the encrypted local store (interfaces and pure rules; backends live in /node).
export { SecretStoreError } from './secrets/secretStore.js';
export type { SecretStore, SecretStoreErrorCode, SecretStoreKind } from './secrets/secretStore.js';
export { isSafeStorageWeaker } from './secrets/safeStorage.js';
export type { SafeStorageLike } from './secrets/safeStorage.js';
export { KeyWrapperError } from './localStore/keyWrapper.js';
export type { KeyWrapper, KeyWrapperErrorCode, WrappedKey } from './localStore/keyWrapper.js';
export { LocalStoreError } from './localStore/localStoreError.js';
export { offlineGraceMsFromPolicy } from './localStore/offlineGrace.js';
export type { LocalStorePolicy } from './localStore/offlineGrace.js';
export type { LocalStoreErrorCode } from './localStore/localStoreError.js';

// Sign-in: session rules and stored session format (the flows live in /node).
export { AuthError, isAuthError } from './auth/authError.js';
export type { AuthErrorCode } from './auth/authError.js';
export { checkOrganisation, checkSessionAge, sessionDeadlines } from './auth/sessionRules.js';
export type { SessionPolicy } from './auth/sessionRules.js';
export { parseStoredSession, storedSessionSchema } from './auth/storedSession.js';
export type { SessionProfile, StoredSession } from './auth/storedSession.js';
export { chooseServer, isLoopbackUrl, issuerOf, parseServerUrl } from './auth/serverUrl.js';

// Audit: the event model, canonical hashing input, sanitising, levels and offline chain verification.
export { AUDIT_RECORD_VERSION, AUDIT_OUTCOMES, GENESIS_HASH } from './audit/record.js';
export type { AuditActor, AuditCheckpoint, AuditInput, AuditOutcome, AuditRecord } from './audit/record.js';
export { canonicalJson, recordHashInput, checkpointSigningInput, ingestSigningText } from './audit/canonical.js';
export { sanitizeDetails, sanitizeText, encodeControls, MASK } from './audit/sanitize.js';
export { levelOf, isRecorded, isValidAction } from './audit/levels.js';
export { outboxMaxBytesFromPolicy } from './audit/outboxBudget.js';
export type { AuditOutboxPolicy } from './audit/outboxBudget.js';
export type { AuditLevel, AuditEventLevel } from './audit/levels.js';
export { ChainVerifier } from './audit/verifyChain.js';
export type { ChainCrypto, DeviceVerdict } from './audit/verifyChain.js';
export { classifyLine } from './audit/exportFormat.js';
export type { ExportAlert, ExportDevice, ExportLine } from './audit/exportFormat.js';
