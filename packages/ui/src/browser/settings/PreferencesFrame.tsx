import { useId, useRef, type ReactNode } from 'react';
import { useModalFocus } from '../dialogs/useModalFocus.js';
import { useWorkbench } from '../workbench/context.js';
import './preferences.css';

interface Props {
  title: string;
  /** Buttons next to Close (the Policies page's Reload). */
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * A preference page over the whole workbench: modal (Tab stays inside, Escape closes and
 * focus returns to where it was), because the workbench behind it is covered.
 */
export function PreferencesFrame({ title, actions, children }: Props) {
  const wb = useWorkbench();
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  const close = () => wb.preferences.close();
  // Focus starts on the first control; a page that loads its content focuses a better one itself.
  const onKeyDown = useModalFocus(ref, () => null, close);
  return (
    <div className="preferences-backdrop">
      <section ref={ref} className="preferences-page" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <header className="preferences-header">
          <h1 id={titleId}>{title}</h1>
          <div className="preferences-actions">
            {actions}
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
        </header>
        <div className="preferences-body">{children}</div>
      </section>
    </div>
  );
}
