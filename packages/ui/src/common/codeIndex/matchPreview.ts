import type { TextMatch } from '@marie/protocol';

export interface PreviewLine {
  text: string;
  /** Where the match starts in `text`, undefined if it cannot be placed. */
  start: number | undefined;
  length: number;
}

/**
 * A match's line as shown in the results: leading indentation dropped. The host clips very
 * long lines around the match and then says where the match starts in the preview
 * (`previewColumn`); without that, the column is used when the preview is the whole line.
 */
export function matchPreview(match: Omit<TextMatch, 'previewColumn'> & { previewColumn?: number }): PreviewLine {
  const indent = /^\s*/.exec(match.preview)![0].length;
  const text = match.preview.slice(indent);
  const at = match.previewColumn ?? (match.column + match.length <= match.preview.length ? match.column : undefined);
  return { text, start: at === undefined || at < indent ? undefined : at - indent, length: match.length };
}
