import { useEffect, useRef } from 'react';
import type { Account } from '../../common/account.js';
import { SignInForm } from './SignInForm.js';

/**
 * Covers the workbench while policy requires sign-in and nobody is signed in. The workbench
 * underneath stays mounted (inert), so unsaved buffers and open tabs are there afterwards.
 */
export function LockScreen({ account }: { account: Account }) {
  const ref = useRef<HTMLElement>(null);
  // Whatever had focus is now inert; the first control here takes it.
  useEffect(() => ref.current?.querySelector<HTMLElement>('input, button')?.focus(), []);
  return (
    <div className="lock-screen">
      <section ref={ref} className="sign-in-panel" role="dialog" aria-modal="true" aria-labelledby="lock-screen-title">
        <h1 id="lock-screen-title">Sign in to continue</h1>
        <p>Your organisation requires you to sign in before using MarieIDE. Unsaved changes are kept.</p>
        <SignInForm account={account} />
      </section>
    </div>
  );
}
