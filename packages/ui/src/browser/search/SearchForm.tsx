import { useEffect, useRef } from 'react';
import type { SearchModel } from '../../common/codeIndex/searchModel.js';
import { useSlice } from '../workbench/context.js';

const TYPING_DELAY_MS = 250;

/** The query: pattern, the three toggles and the globs. Typing searches after a pause, Enter at once. */
export function SearchForm({ model, focusPending, onFocused }: { model: SearchModel; focusPending: boolean; onFocused(): void }) {
  const s = useSlice(model.store, (state) => state);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (!focusPending) return;
    input.current?.focus();
    input.current?.select();
    onFocused();
  }, [focusPending, onFocused]);

  const runNow = () => {
    clearTimeout(timer.current);
    void model.run();
  };
  const runSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void model.run(), TYPING_DELAY_MS);
  };
  const toggle = (key: 'caseSensitive' | 'wholeWord' | 'regex', label: string, text: string) => (
    <button
      type="button"
      className="search-toggle"
      aria-label={label}
      title={label}
      aria-pressed={s[key]}
      onClick={() => {
        model.setOptions({ [key]: !s[key] });
        runNow();
      }}
    >
      {text}
    </button>
  );

  const globField = (key: 'include' | 'exclude', label: string, placeholder: string) => (
    <input
      aria-label={label}
      placeholder={placeholder}
      spellCheck={false}
      value={s[key]}
      onChange={(e) => {
        model.setOptions({ [key]: e.target.value });
        runSoon();
      }}
    />
  );

  return (
    <form
      role="search"
      aria-label="Find in files"
      className="search-form"
      onSubmit={(e) => {
        e.preventDefault();
        runNow();
      }}
      // Enter in any field searches at once (implicit submission needs a submit button).
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return;
        e.preventDefault();
        runNow();
      }}
    >
      <div className="search-row">
        <input
          ref={input}
          aria-label="Search"
          placeholder="Search"
          spellCheck={false}
          autoComplete="off"
          value={s.pattern}
          onChange={(e) => {
            model.setOptions({ pattern: e.target.value });
            runSoon();
          }}
        />
        {toggle('caseSensitive', 'Match Case', 'Aa')}
        {toggle('wholeWord', 'Match Whole Word', 'ab')}
        {toggle('regex', 'Use Regular Expression', '.*')}
      </div>
      {globField('include', 'Files to include', 'files to include, e.g. src/**, *.ts')}
      {globField('exclude', 'Files to exclude', 'files to exclude')}
    </form>
  );
}
