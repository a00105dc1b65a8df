import { useSyncExternalStore } from 'react';
import type { Account, AccountState } from '../../common/account.js';

const noop = () => () => undefined;

/** One slice of the account's state; `fallback` when this workbench has no sign-in service. */
export function useAccountSlice<T>(account: Account | undefined, select: (s: AccountState) => T, fallback: T): T {
  return useSyncExternalStore(account ? (cb) => account.store.subscribe(cb) : noop, () => (account ? select(account.store.getState()) : fallback));
}
