import { useState, type FormEvent } from 'react';
import { useSlice, useWorkbench } from '../workbench/context.js';

/** No folder open yet: ask for one. */
export function WelcomePage() {
  const wb = useWorkbench();
  const opening = useSlice(wb.roots.store, (s) => s.opening);
  const error = useSlice(wb.roots.store, (s) => s.openError);
  const [path, setPath] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void wb.roots.openFolder(path);
  };

  return (
    <main className="welcome">
      <h1>MarieIDE</h1>
      <p>Open a folder to start.</p>
      <form className="welcome-form" onSubmit={submit}>
        <label htmlFor="welcome-folder">Folder path</label>
        <div className="welcome-row">
          <input
            id="welcome-folder"
            value={path}
            spellCheck={false}
            autoComplete="off"
            placeholder="/home/me/project"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'welcome-error' : undefined}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" className="primary" disabled={opening}>
            Open folder
          </button>
        </div>
        {error ? (
          <p id="welcome-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
