import { useEffect, useRef } from 'react';
import type { AuthStatus } from '@marie/protocol';
import type { Account } from '../../common/account.js';
import { sessionEndText, WEAKER_STORE_TEXT } from '../../common/accountLabels.js';

interface Props {
  account: Account;
  status: AuthStatus;
  onClose(): void;
}

/** Who is signed in, in which organisation, until when, where the session is kept; Sign out. */
export default function AccountMenu({ account, status, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    // A click anywhere else closes it, as menus do.
    const away = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && onClose();
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);
  const p = status.profile;
  return (
    <div ref={ref} className="account-menu" role="menu" aria-label="Account" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      {p ? (
        <div className="account-menu-info">
          <strong>{p.email ?? p.subject}</strong>
          <span>Organisation: {p.org}</span>
          <span>{p.mfa ? 'Signed in with multi-factor authentication' : 'Signed in without a second factor'}</span>
          <span>{sessionEndText(status)}</span>
          {status.weakerStore ? <span className="sign-in-weaker">{WEAKER_STORE_TEXT}</span> : <span>Session kept in the OS keychain</span>}
        </div>
      ) : null}
      <button
        type="button"
        role="menuitem"
        onClick={() => {
          onClose();
          void account.signOut();
        }}
      >
        Sign out
      </button>
    </div>
  );
}
