import type { KeyWrapperErrorCode } from './keyWrapper.js';
import { CodedError } from '../codedError.js';

export type LocalStoreErrorCode =
  | KeyWrapperErrorCode
  /** The key service could not confirm the data key and the offline grace period is over. */
  | 'grace-expired'
  /** The data key does not match the store (a different device's key, or a swapped key file). */
  | 'wrong-key'
  /** The database is shorter than it says it is. */
  | 'store-truncated'
  /** A page failed authentication or the structure is damaged: tampering or disk corruption. */
  | 'store-corrupt'
  /** The key file next to the database is missing while the database exists, or is malformed. */
  | 'key-file-invalid'
  /** The store was locked (grace period over, or closed) and must be opened again. */
  | 'store-locked';

export class LocalStoreError extends CodedError<LocalStoreErrorCode> {
  override readonly name = 'LocalStoreError';
}
