import type { ReactNode } from 'react';

interface Props {
  phase: 'loading' | 'ready' | 'failed';
  error: string | undefined;
  /** "policies", "settings": completes "Reading …" and "The … could not be read". */
  what: string;
  children: ReactNode;
}

/** A page's content once its first read answered; until then what is happening, or why not. */
export function LoadGate({ phase, error, what, children }: Props) {
  if (phase === 'loading') return <p aria-busy="true">Reading {what}…</p>;
  if (phase === 'failed') {
    return (
      <p className="field-error" role="alert">
        The {what} could not be read: {error}
      </p>
    );
  }
  return <>{children}</>;
}
