import { useId, useState, type FormEvent } from 'react';
import type { Account } from '../../common/account.js';
import { WEAKER_STORE_TEXT } from '../../common/accountLabels.js';
import { reserveTab } from './reserveTab.js';
import { useAccountSlice } from './useAccount.js';

/**
 * Server (unless policy pins it), Sign in, and while the browser is out: the link to the
 * sign-in page and Cancel. A refused sign-in (wrong organisation, MFA) shows the host's reason.
 */
export function SignInForm({ account }: { account: Account }) {
  const status = useAccountSlice(account, (s) => s.status, null);
  const busy = useAccountSlice(account, (s) => s.busy, null);
  const error = useAccountSlice(account, (s) => s.error, null);
  const url = useAccountSlice(account, (s) => s.signInUrl, null);
  const [server, setServer] = useState(status?.server ?? '');
  const serverId = useId();
  const waiting = url !== null || status?.signingIn === true;
  const problem = error ?? status?.reason?.message;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const tab = reserveTab();
    const started = await account.signIn(status?.serverPinned ? undefined : server.trim() || undefined);
    if (started) tab?.navigate(started);
    else tab?.close();
  };

  return (
    <form className="sign-in-form" aria-label="Sign in" onSubmit={(e) => void submit(e)}>
      {status?.serverPinned ? (
        <p>Your organisation’s server: {status.server}</p>
      ) : (
        <div className="sign-in-field">
          <label htmlFor={serverId}>Server</label>
          <input id={serverId} type="url" required placeholder="https://marie.example.com" value={server} onChange={(e) => setServer(e.target.value)} disabled={waiting} />
        </div>
      )}
      {problem && !waiting ? (
        <div className="sign-in-reason" role="alert" data-testid="sign-in-reason">
          {problem}
        </div>
      ) : null}
      {status?.weakerStore ? <div className="sign-in-weaker">{WEAKER_STORE_TEXT}</div> : null}
      {waiting ? (
        <p role="status">
          Finish signing in in the browser tab that opened.{' '}
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer">
              Open the sign-in page
            </a>
          ) : null}
        </p>
      ) : null}
      <div className="sign-in-actions">
        {waiting ? (
          <button type="button" onClick={() => void account.cancelSignIn()}>
            Cancel sign-in
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy !== null || waiting}>
          {busy === 'signing-in' ? 'Starting…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
