/**
 * The editor contributions MarieIDE ships, instead of `features/register.all.js`. Every one
 * of them registers its services when its module runs, so they all load before the first
 * editor exists (one loaded later fails with "depends on UNKNOWN service").
 *
 * Out, because nothing in this build feeds them (no TypeScript service, no extension host)
 * or nobody asked for them: inline completions (the largest: ~0.9 MB of source), inlay
 * hints, code lens, code actions, semantic tokens, parameter hints, linked editing, sticky
 * scroll, paste/drop-as, section headers, middle-click scroll, placeholder text, the
 * floating menu, diff breadcrumbs, GPU actions, inspect tokens, high contrast toggle, iPad
 * keyboard, quick-access help, retokenize. Hover still pulls parts of some of them.
 */

// Editing.
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/comment/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/indentation/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/wordOperations/register.js';
import 'monaco-editor/features/wordPartOperations/register.js';
import 'monaco-editor/features/caretOperations/register.js';
import 'monaco-editor/features/inPlaceReplace/register.js';
import 'monaco-editor/features/insertFinalNewLine/register.js';
import 'monaco-editor/features/cursorUndo/register.js';
import 'monaco-editor/features/dnd/register.js';
import 'monaco-editor/features/format/register.js';
import 'monaco-editor/features/readOnlyMessage/register.js';
import 'monaco-editor/features/unusualLineTerminators/register.js';
// Completion: the suggest widget itself. (features/suggest only adds suggestions as inline
// completions; the widget came in through the inline completions contribution.)
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/snippet/register.js';

// Navigating and selecting.
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/gotoLine/register.js';
import 'monaco-editor/features/quickCommand/register.js';
import 'monaco-editor/features/quickOutline/register.js';
import 'monaco-editor/features/documentSymbols/register.js';
import 'monaco-editor/features/gotoError/register.js';
import 'monaco-editor/features/gotoSymbol/register.js';
import 'monaco-editor/features/referenceSearch/register.js';
import 'monaco-editor/features/rename/register.js';
import 'monaco-editor/features/smartSelect/register.js';
import 'monaco-editor/features/lineSelection/register.js';
import 'monaco-editor/features/anchorSelect/register.js';

// Seeing.
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/folding/register.js';
import 'monaco-editor/features/wordHighlighter/register.js';
import 'monaco-editor/features/hover/register.js';
import 'monaco-editor/features/links/register.js';
// CSS, HTML and JSON report colours; hover already brings most of this code.
import 'monaco-editor/features/colorPicker/register.js';
import 'monaco-editor/features/unicodeHighlighter/register.js';
import 'monaco-editor/features/longLinesHelper/register.js';
import 'monaco-editor/features/fontZoom/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/toggleTabFocusMode/register.js';
import 'monaco-editor/features/diffEditor/register.js';
