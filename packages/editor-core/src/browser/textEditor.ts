import type { Disposable, Event, TextRange } from '@marie/protocol';
import { currentMonacoTheme } from './colorScheme.js';
import { baseEditorOptions, fullFeatureOptions, reducedFeatureOptions } from './editorOptions.js';
import type { MonacoBuffer } from './monacoBuffer.js';
import { monaco } from './monacoApi.js';

export interface ShowOptions {
  readOnly: boolean;
  reducedFeatures: boolean;
  /** Shown when the user tries to type into a read-only document. */
  readOnlyMessage: string;
}

export interface CursorPosition {
  line: number;
  column: number;
}

/** One Monaco editor for the whole editor area; switching tabs swaps models, not editors. */
export interface TextEditorHandle extends Disposable {
  show(buffer: MonacoBuffer | undefined, options: ShowOptions): void;
  focus(): void;
  position(): CursorPosition | undefined;
  /** Selects a zero-based range, scrolls it to the centre if it is out of view, and focuses. */
  reveal(range: TextRange): void;
  readonly onDidChangeCursor: Event<CursorPosition>;
  /** Ctrl+click (Cmd+click on macOS) on text: the workbench goes to the definition there. */
  readonly onDidRequestDefinition: Event<CursorPosition>;
}

/**
 * View state (cursor, selections, scroll, folding) per model, as VS Code keeps per tab.
 * Module-wide, so it survives the editor being recreated (e.g. after a compare view).
 */
const viewStates = new WeakMap<monaco.editor.ITextModel, monaco.editor.ICodeEditorViewState>();

interface SpareEditor {
  container: HTMLElement;
  editor: monaco.editor.IStandaloneCodeEditor;
}

/** An editor built before any view asked for one; the next createTextEditor adopts it. */
let spare: SpareEditor | undefined;
let prepared = false;
/** The throwaway model the spare editor renders once, while it is still out of sight. */
let warmModel: monaco.editor.ITextModel | undefined;
const warmUpText = Array.from({ length: 40 }, (_, i) => `function line${i}(value) { return [value, "text", ${i}]; } // ( { [ ] } )`).join('\n');

function newEditor(container: HTMLElement): monaco.editor.IStandaloneCodeEditor {
  return monaco.editor.create(container, { ...baseEditorOptions, ...fullFeatureOptions, theme: currentMonacoTheme(), model: null });
}

const isMacintosh = () => typeof navigator !== 'undefined' && /mac|iphone|ipad/i.test(navigator.platform);

const fill = 'position: absolute; inset: 0;';
// Laid out (so it renders) but invisible, unfocusable and outside the accessibility tree.
const outOfSight = 'position: fixed; left: 0; top: 0; width: 800px; height: 400px; visibility: hidden; pointer-events: none; contain: strict;';

/**
 * Builds the text editor ahead of time and renders a few lines in it out of sight: the
 * services, font measurement, contributions and the first pass through the rendering code
 * (compiled on first use) are then paid before the first file opens instead of after its
 * text arrives. Call once Monaco has loaded, when the page is idle; later calls do nothing.
 */
export async function prepareTextEditor(): Promise<void> {
  if (prepared || typeof document === 'undefined') return;
  prepared = true;
  const container = document.createElement('div');
  container.setAttribute('aria-hidden', 'true');
  container.style.cssText = outOfSight;
  document.body.appendChild(container);
  const editor = newEditor(container);
  spare = { container, editor };
  const model = monaco.editor.createModel(warmUpText, 'plaintext');
  warmModel = model;
  editor.setModel(model);
  // Monaco renders on the next animation frame, and creates some contributions (unicode
  // highlighting, for one) when idle after that: keep the model until both have happened.
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve, 50)));
  // Unless a view adopted the editor meanwhile and showed a document in it.
  if (editor.getModel() === model) editor.setModel(null);
  warmModel = undefined;
  model.dispose();
}

export function createTextEditor(host: HTMLElement): TextEditorHandle {
  let container: HTMLElement;
  let editor: monaco.editor.IStandaloneCodeEditor;
  if (spare) {
    ({ container, editor } = spare);
    spare = undefined;
    if (warmModel && editor.getModel() === warmModel) editor.setModel(null);
    container.removeAttribute('aria-hidden');
    container.style.cssText = fill;
    host.appendChild(container);
    // Sized for its hiding place until now: measure the host rather than wait for a resize callback.
    editor.layout();
  } else {
    container = document.createElement('div');
    container.style.cssText = fill;
    host.appendChild(container);
    editor = newEditor(container);
  }
  const remember = () => {
    const model = editor.getModel();
    const state = editor.saveViewState();
    if (model && state) viewStates.set(model, state);
  };

  return {
    show(buffer, options) {
      const previous = editor.getModel();
      if (previous !== buffer?.model) remember();
      editor.updateOptions(
        options.reducedFeatures
          ? reducedFeatureOptions(options.readOnlyMessage)
          : { ...fullFeatureOptions, readOnly: options.readOnly, readOnlyMessage: { value: options.readOnlyMessage } },
      );
      if (previous === buffer?.model) return;
      editor.setModel(buffer?.model ?? null);
      const state = buffer && viewStates.get(buffer.model);
      if (state) editor.restoreViewState(state);
    },
    focus: () => editor.focus(),
    position() {
      const p = editor.getPosition();
      return p ? { line: p.lineNumber, column: p.column } : undefined;
    },
    reveal(range) {
      const target = new monaco.Range(range.startLine + 1, range.startColumn + 1, range.endLine + 1, range.endColumn + 1);
      editor.setSelection(target);
      editor.revealRangeInCenterIfOutsideViewport(target, monaco.editor.ScrollType.Immediate);
      editor.focus();
    },
    onDidChangeCursor: (listener) => editor.onDidChangeCursorPosition((e) => listener({ line: e.position.lineNumber, column: e.position.column })),
    onDidRequestDefinition: (listener) =>
      editor.onMouseUp((e) => {
        // Ctrl (Cmd on macOS) is free: Monaco's multi-cursor modifier stays Alt.
        const modifier = isMacintosh() ? e.event.metaKey : e.event.ctrlKey;
        if (!modifier || !e.event.leftButton || e.target.type !== monaco.editor.MouseTargetType.CONTENT_TEXT || !e.target.position) return;
        listener({ line: e.target.position.lineNumber, column: e.target.position.column });
      }),
    dispose: () => {
      // Models belong to documents; only the editor goes.
      remember();
      editor.setModel(null);
      editor.dispose();
      container.remove();
    },
  };
}
