import { KeyWrapperError, type KeyWrapper, type WrappedKey } from '../../common/localStore/keyWrapper.js';

/**
 * For read-only tools (`marie audit status`) that must not call the key service: every
 * unwrap reports "unreachable", so the store opens only with the data key cached in the
 * keychain, within its offline grace period, exactly as a disconnected agent would.
 */
export class OfflineKeyWrapper implements KeyWrapper {
  async wrap(): Promise<WrappedKey> {
    throw new KeyWrapperError('kek-unreachable', 'read-only: no new store is created here');
  }

  async unwrap(): Promise<Uint8Array> {
    throw new KeyWrapperError('kek-unreachable', 'read-only: the key service is not asked');
  }
}
