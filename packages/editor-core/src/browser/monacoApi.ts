/**
 * The one import of Monaco's API. The editor core, the monarch colouring for every
 * language (each grammar is a lazy chunk), a curated set of editor features, and the
 * JSON/CSS/HTML language services: no TypeScript service, which would add ~12 MB; TS/JS
 * colouring comes from the monarch definitions.
 *
 * The features load up front (see monacoFeatures.ts). The language services' registrations
 * are a few lines each; their modes and workers load when a model of that language appears.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import './monacoFeatures.js';
import 'monaco-editor/languages/definitions/register.all.js';
import 'monaco-editor/languages/features/json/register.js';
import 'monaco-editor/languages/features/css/register.js';
import 'monaco-editor/languages/features/html/register.js';

export { monaco };
