import { useRef } from 'react';
import type { DialogRequest } from '../../common/index.js';
import { useModalFocus } from './useModalFocus.js';

type Request = Extract<DialogRequest, { kind: 'choice' }>;

/** A question with buttons ("Save" / "Don't Save" / "Cancel"). */
export function ChoiceDialog({ request, onAnswer }: { request: Request; onAnswer(id: string): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = useModalFocus(ref, () => ref.current?.querySelector<HTMLElement>('[data-primary="true"]'), () => onAnswer(request.cancelId));
  return (
    <div ref={ref} className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" aria-describedby="dialog-message" onKeyDown={onKeyDown}>
      <h2 id="dialog-title">{request.title}</h2>
      <p id="dialog-message">{request.message}</p>
      <div className="dialog-buttons">
        {request.choices.map((c) => (
          <button key={c.id} type="button" data-primary={c.primary === true} className={c.primary ? 'primary' : undefined} onClick={() => onAnswer(c.id)}>
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}
