import { FileLimits } from '@marie/protocol';
import type { TextSnapshot } from '@marie/editor-core';

const largeMb = Math.round(FileLimits.largeFileBytes / (1024 * 1024));
export const largeFileMessage = `This file is larger than ${largeMb} MB and was opened read-only with reduced features.`;
export const readOnlyFileMessage = 'This file is read-only on disk.';
export const deletedMessage = 'This file was deleted on disk. Save to recreate it.';

export function readOnlyMessageFor(doc: TextSnapshot): string {
  return doc.reducedFeatures ? largeFileMessage : readOnlyFileMessage;
}

/** Informational strips above the editor: large, read-only, deleted on disk. */
export function EditorBanners({ document }: { document: TextSnapshot }) {
  return (
    <>
      {document.reducedFeatures ? (
        <div className="banner banner-info" data-testid="banner-large">
          {largeFileMessage}
        </div>
      ) : document.readonly ? (
        <div className="banner banner-info" data-testid="banner-readonly">
          {readOnlyFileMessage}
        </div>
      ) : null}
      {document.disk === 'deleted' ? (
        <div className="banner banner-warning" data-testid="banner-deleted">
          {deletedMessage}
        </div>
      ) : null}
    </>
  );
}
