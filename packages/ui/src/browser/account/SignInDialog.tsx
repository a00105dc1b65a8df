import { useRef } from 'react';
import type { Account } from '../../common/account.js';
import { useModalFocus } from '../dialogs/useModalFocus.js';
import { SignInForm } from './SignInForm.js';

/** Sign-in when policy does not require it: a modal the user may close (which cancels). */
export function SignInDialog({ account }: { account: Account }) {
  const ref = useRef<HTMLElement>(null);
  const onKeyDown = useModalFocus(ref, () => null, () => account.closeDialog());
  return (
    <div className="sign-in-backdrop">
      <section ref={ref} className="sign-in-panel" role="dialog" aria-modal="true" aria-labelledby="sign-in-title" onKeyDown={onKeyDown}>
        <h1 id="sign-in-title">Sign in</h1>
        <SignInForm account={account} />
        <div className="sign-in-actions">
          <button type="button" onClick={() => account.closeDialog()}>
            Close
          </button>
        </div>
      </section>
    </div>
  );
}
