import type { Eol, Event } from '@marie/protocol';
import { minimalReplacement, normalizeEol, plainText, type BufferInit, type TextBuffer } from '../common/index.js';
import { languageForPath } from './languages.js';
import { monaco } from './monacoApi.js';

const { EndOfLineSequence, EndOfLinePreference } = monaco.editor;

/** A document's text as a Monaco model; editors and diff views show this same model. */
export class MonacoBuffer implements TextBuffer {
  readonly model: monaco.editor.ITextModel;
  readonly languageName: string;
  readonly onDidChangeContent: Event<void>;

  constructor(init: BufferInit) {
    // Large files stay plain text: no tokenizing megabytes for colours nobody asked for.
    const language = init.reducedFeatures ? plainText : languageForPath(init.path);
    this.languageName = language.name;
    const uri = uriForPath(init.path);
    monaco.editor.getModel(uri)?.dispose();
    this.model = monaco.editor.createModel(init.text, language.id, uri);
    this.model.setEOL(toSequence(init.eol));
    this.onDidChangeContent = (listener) => this.model.onDidChangeContent(() => listener());
  }

  getText(): string {
    return this.model.getValue(EndOfLinePreference.TextDefined);
  }

  getLineText(lineNumber: number): string {
    return lineNumber >= 1 && lineNumber <= this.model.getLineCount() ? this.model.getLineContent(lineNumber) : '';
  }

  setText(text: string, eol: Eol): void {
    if (this.model.getEndOfLineSequence() !== toSequence(eol)) this.model.pushEOL(toSequence(eol));
    const edit = minimalReplacement(this.getText(), normalizeEol(text, eol));
    if (!edit) return;
    const range = monaco.Range.fromPositions(this.model.getPositionAt(edit.start), this.model.getPositionAt(edit.end));
    // Its own undo stop: undo takes the reload back as a whole.
    this.model.pushStackElement();
    this.model.pushEditOperations([], [{ range, text: edit.text }], () => null);
    this.model.pushStackElement();
  }

  /** The alternative id returns to an earlier value on undo, so undo-to-saved is clean. */
  getVersionId(): number {
    return this.model.getAlternativeVersionId();
  }

  dispose(): void {
    this.model.dispose();
  }
}

export function isMonacoBuffer(buffer: TextBuffer): buffer is MonacoBuffer {
  return buffer instanceof MonacoBuffer;
}

function toSequence(eol: Eol): monaco.editor.EndOfLineSequence {
  return eol === '\r\n' ? EndOfLineSequence.CRLF : EndOfLineSequence.LF;
}

/** Monaco only uses the URI to key models and show names; host paths may be Windows paths. */
function uriForPath(path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'marie', path: '/' + path.replace(/\\/g, '/').replace(/^\/+/, '') });
}
