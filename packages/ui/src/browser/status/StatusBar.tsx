import type { Encoding } from '@marie/protocol';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { AccountStatusItem } from '../account/AccountStatusItem.js';
import { IndexStatusItem } from './IndexStatusItem.js';

const encodingLabels: Record<Encoding, string> = {
  utf8: 'UTF-8',
  utf8bom: 'UTF-8 with BOM',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
  latin1: 'ISO 8859-1',
};

/** The active document's language, cursor, encoding and line endings, the index's progress, and the last status message. */
export function StatusBar() {
  const wb = useWorkbench();
  const doc = useSlice(wb.editors.store, (s) => (s.tabs.active ? s.docs[s.tabs.active] : undefined));
  const cursor = useSlice(wb.editors.store, (s) => s.cursor);
  const message = useSlice(wb.notifications.store, (s) => s.status);
  const text = doc?.kind === 'text' ? doc : undefined;
  return (
    <footer className="statusbar" aria-label="Status bar">
      <span className="status-message" role="status" data-testid="status-message">
        {text?.saving ? `Saving ${text.name}…` : message}
      </span>
      {wb.index ? <IndexStatusItem index={wb.index} /> : null}
      {text ? (
        <span className="status-items">
          {cursor ? <span data-testid="status-position">{`Ln ${cursor.line}, Col ${cursor.column}`}</span> : null}
          <span data-testid="status-encoding">{encodingLabels[text.encoding]}</span>
          <span data-testid="status-eol">{text.eol === '\r\n' ? 'CRLF' : 'LF'}</span>
          <span data-testid="status-language">{text.languageName}</span>
        </span>
      ) : null}
      {wb.account ? <AccountStatusItem account={wb.account} /> : null}
    </footer>
  );
}
