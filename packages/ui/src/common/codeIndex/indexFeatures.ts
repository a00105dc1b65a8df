import { wordAt } from '@marie/editor-core';
import type { Disposable, IIndexService, TextRange } from '@marie/protocol';
import type { CursorPosition, Editors } from '../editors.js';
import type { Layout } from '../layout.js';
import type { Notifications } from '../notifications.js';
import type { Roots } from '../roots.js';
import { fileSource } from './fileSource.js';
import { IndexStatusStore } from './indexStatus.js';
import { OutlineModel } from './outlineModel.js';
import { QuickPick } from './quickPick.js';
import { ReferencesModel } from './referencesModel.js';
import { SearchModel } from './searchModel.js';
import { candidateSource, symbolSource } from './symbolSource.js';

export interface IndexFeaturesDeps {
  index: IIndexService;
  editors: Editors;
  layout: Layout;
  notifications: Notifications;
  roots: Roots;
}

/**
 * Everything the workbench does with the host's index: the pickers, go to definition, the
 * references panel, the search and outline views and the status bar's progress.
 */
export class IndexFeatures {
  readonly index: IIndexService;
  readonly quickPick = new QuickPick();
  readonly status = new IndexStatusStore();
  readonly search: SearchModel;
  readonly outline: OutlineModel;
  readonly references: ReferencesModel;
  private readonly roots = () => this.deps.roots.store.getState().roots;

  constructor(private readonly deps: IndexFeaturesDeps) {
    this.index = deps.index;
    this.search = new SearchModel(deps.index);
    this.outline = new OutlineModel(deps.index);
    this.references = new ReferencesModel(deps.index);
  }

  /** Subscribes to the index's events; dispose to unsubscribe (the workbench's stop()). */
  start(): Disposable[] {
    this.index.status({}).then(
      (s) => this.status.set(s),
      () => {
        // No status yet: the bar shows nothing until the first event.
      },
    );
    return [this.index.onDidChangeStatus((s) => this.status.set(s)), this.index.onDidFindText((e) => this.search.handleMatches(e))];
  }

  /** Opens a file pinned, focuses it, and tells the index (quick open ranks recent files higher). */
  openFile = (path: string): void => {
    void this.deps.editors.open(path, { preview: false });
    this.deps.layout.focusEditor();
    this.index.recordOpened({ path }).catch(() => {
      // Ranking only: nothing to tell the user.
    });
  };

  openAt = (path: string, range: TextRange): void => {
    void this.deps.editors.openAt(path, range);
    this.deps.layout.focusEditor();
  };

  quickOpen(): void {
    this.quickPick.show(fileSource({ index: this.index, roots: this.roots, open: this.openFile }));
  }

  goToSymbol(): void {
    this.quickPick.show(symbolSource({ index: this.index, roots: this.roots, openAt: this.openAt }));
  }

  /** F12 / Ctrl+click: one definition opens, several are listed, none is said so. */
  async goToDefinition(at?: CursorPosition): Promise<void> {
    const name = this.wordAtCursor(at);
    if (!name) return this.deps.notifications.setStatus('No symbol at the cursor.');
    this.deps.notifications.setStatus(`Looking for the definition of ${name}…`);
    try {
      const { results, partial } = await this.index.definitions({ name, limit: 100 });
      if (results.length === 0) return this.deps.notifications.setStatus(`No definition found for ${name}${partial ? ' (still indexing)' : ''}.`);
      this.deps.notifications.setStatus('');
      if (results.length === 1) return this.openAt(results[0]!.path, results[0]!.range);
      this.quickPick.show(candidateSource(name, results, { roots: this.roots, openAt: this.openAt }, partial));
    } catch (e) {
      this.deps.notifications.report(e, `Could not find the definition of ${name}`);
    }
  }

  /** Shift+F12: the references panel for the word at the cursor. */
  findReferences(at?: CursorPosition): void {
    const name = this.wordAtCursor(at);
    if (!name) return this.deps.notifications.setStatus('No symbol at the cursor.');
    this.deps.layout.showPanel('references');
    void this.references.find(name);
  }

  /** The identifier at a position of the active editor (its cursor by default). */
  private wordAtCursor(at?: CursorPosition): string | undefined {
    const { tabs, cursor } = this.deps.editors.store.getState();
    const position = at ?? cursor;
    const buffer = tabs.active ? this.deps.editors.buffer(tabs.active) : undefined;
    if (!position || !buffer) return undefined;
    return wordAt(buffer.getLineText(position.line), position.column)?.word;
  }
}
