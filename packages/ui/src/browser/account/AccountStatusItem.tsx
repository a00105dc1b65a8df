import { lazy, Suspense, useCallback, useState } from 'react';
import type { Account } from '../../common/account.js';
import { accountLabel } from '../../common/accountLabels.js';
import { useAccountSlice } from './useAccount.js';

// The menu loads on first open: nothing of it is on the first paint's path.
const AccountMenu = lazy(() => import('./AccountMenu.js'));

/** The status bar's account item: "Sign in", or the signed-in email and organisation with its menu. */
export function AccountStatusItem({ account }: { account: Account }) {
  const status = useAccountSlice(account, (s) => s.status, null);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  if (!status) return null;
  const signedIn = status.signedIn;
  return (
    <>
      <button
        type="button"
        className="status-account"
        data-testid="status-account"
        aria-haspopup={signedIn ? 'menu' : 'dialog'}
        aria-expanded={signedIn ? open : undefined}
        onClick={() => (signedIn ? setOpen((o) => !o) : account.openDialog())}
      >
        {accountLabel(status)}
        {signedIn && status.weakerStore ? ' · weaker store' : ''}
      </button>
      {open && signedIn ? (
        <Suspense fallback={null}>
          <AccountMenu account={account} status={status} onClose={close} />
        </Suspense>
      ) : null}
    </>
  );
}
