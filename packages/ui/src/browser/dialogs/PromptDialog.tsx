import { useRef, useState, type FormEvent } from 'react';
import type { DialogRequest } from '../../common/index.js';
import { useModalFocus } from './useModalFocus.js';

type Request = Extract<DialogRequest, { kind: 'prompt' }>;

/** A labelled text field with OK/Cancel; validation messages show inline. */
export function PromptDialog({ request, onAnswer }: { request: Request; onAnswer(value: string | undefined): void }) {
  const ref = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(request.initial);
  const [error, setError] = useState<string | undefined>(undefined);
  const onKeyDown = useModalFocus(
    ref,
    () => {
      const el = input.current;
      if (el && request.selection) el.setSelectionRange(request.selection[0], request.selection[1]);
      return el;
    },
    () => onAnswer(undefined),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = request.validate?.(value);
    if (problem) return setError(problem);
    onAnswer(value);
  };

  return (
    <form ref={ref} className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" onKeyDown={onKeyDown} onSubmit={submit}>
      <h2 id="dialog-title">{request.title}</h2>
      <label htmlFor="dialog-input">{request.label}</label>
      <input
        id="dialog-input"
        ref={input}
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'dialog-error' : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setError(undefined);
        }}
      />
      {error ? (
        <p id="dialog-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-buttons">
        <button type="submit" className="primary">
          {request.confirmLabel}
        </button>
        <button type="button" onClick={() => onAnswer(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
