import { Emitter, type Disposable, type Eol, type Event } from '@marie/protocol';

/**
 * The text of one open document, as the document model sees it. In the browser it is a
 * Monaco model; in tests and without Monaco it is a plain string. The document model only
 * needs these operations, which keeps save/conflict logic free of Monaco.
 */
export interface TextBuffer extends Disposable {
  /** Human name of the buffer's language, for the status bar. */
  readonly languageName: string;
  /** The whole text, line breaks as `eol`. */
  getText(): string;
  /** One line's text without its line break; `lineNumber` is 1-based, as cursors count. '' when out of range. */
  getLineText(lineNumber: number): string;
  /** Replaces the text as one edit, touching only the changed middle so cursors outside it stay put. */
  setText(text: string, eol: Eol): void;
  /** Equal ids mean equal text: undoing back to a saved state reads as clean again. */
  getVersionId(): number;
  readonly onDidChangeContent: Event<void>;
}

/** What a buffer factory gets: the document's first contents. */
export interface BufferInit {
  path: string;
  text: string;
  eol: Eol;
  /** Large files get no tokenization or language features. */
  reducedFeatures: boolean;
}

export type BufferFactory = (init: BufferInit) => TextBuffer | Promise<TextBuffer>;

/** A string-backed buffer: the no-Monaco fallback and the one the tests type into. */
export class StringBuffer implements TextBuffer {
  private text: string;
  private version = 1;
  private readonly changes = new Emitter<void>();
  readonly onDidChangeContent = this.changes.event;
  readonly languageName: string;

  constructor(init: Pick<BufferInit, 'text' | 'eol'>, languageName = 'Plain Text') {
    this.text = normalizeEol(init.text, init.eol);
    this.languageName = languageName;
  }

  getText(): string {
    return this.text;
  }

  getLineText(lineNumber: number): string {
    return this.text.split(/\r\n|\r|\n/)[lineNumber - 1] ?? '';
  }

  setText(text: string, eol: Eol): void {
    const next = normalizeEol(text, eol);
    if (next === this.text) return;
    this.text = next;
    this.version++;
    this.changes.fire();
  }

  getVersionId(): number {
    return this.version;
  }

  dispose(): void {
    this.changes.dispose();
  }
}

export const createStringBuffer: BufferFactory = (init) => new StringBuffer(init);

export function normalizeEol(text: string, eol: Eol): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}
