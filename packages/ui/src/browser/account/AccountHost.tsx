import { lazy, Suspense } from 'react';
import { isLocked, type Account } from '../../common/account.js';
import { useAccountSlice } from './useAccount.js';
import './account.css';

// Only a locked workbench or an opened sign-in needs these: loaded then, not at first paint.
const LockScreen = lazy(() => import('./LockScreen.js').then((m) => ({ default: m.LockScreen })));
const SignInDialog = lazy(() => import('./SignInDialog.js').then((m) => ({ default: m.SignInDialog })));

/** The lock screen while policy requires sign-in, else the sign-in dialog when opened. */
export function AccountHost({ account }: { account: Account | undefined }) {
  const locked = useAccountSlice(account, isLocked, false);
  const dialogOpen = useAccountSlice(account, (s) => s.dialogOpen, false);
  if (!account || !(locked || dialogOpen)) return null;
  return (
    <Suspense
      fallback={
        <div className={locked ? 'lock-screen' : 'sign-in-backdrop'} role="status">
          Loading sign-in…
        </div>
      }
    >
      {locked ? <LockScreen account={account} /> : <SignInDialog account={account} />}
    </Suspense>
  );
}
