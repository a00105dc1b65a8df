import { CodedError } from '../codedError.js';
/** A data key wrapped by the organisation's key-encryption key (KEK). Not secret on its own. */
export interface WrappedKey {
  /** Which KEK wrapped it; the key service needs it to unwrap, and rotation changes it. */
  readonly kekId: string;
  /** Opaque to the agent (base64url). */
  readonly blob: string;
}

/**
 * The organisation's key service as the agent sees it. The server's implementation (issue 5,
 * backend side) calls its wrap/unwrap endpoints; `LocalTestKeyWrapper` stands in for tests.
 */
export interface KeyWrapper {
  wrap(dataKey: Uint8Array): Promise<WrappedKey>;
  /** Throws `KeyWrapperError`: disabled, destroyed, unreachable, or a blob it did not wrap. */
  unwrap(wrapped: WrappedKey): Promise<Uint8Array>;
}

export type KeyWrapperErrorCode =
  /** The KEK exists but unwraps are refused; cached keys last until the grace period ends. */
  | 'kek-disabled'
  /** The KEK is gone for good (crypto-shredding): nothing it wrapped can be read again. */
  | 'kek-destroyed'
  /** The key service cannot be reached (offline); cached keys last until the grace period ends. */
  | 'kek-unreachable'
  /** The blob was not wrapped by this KEK, or was altered. */
  | 'wrapped-key-invalid';

export class KeyWrapperError extends CodedError<KeyWrapperErrorCode> {
  override readonly name = 'KeyWrapperError';
}
