/**
 * The one import of Monaco's API. The editor core, the monarch colouring for every
 * language (each grammar is a lazy chunk), the editor features, and the JSON/CSS/HTML
 * language services: no TypeScript service, which would add ~12 MB; TS/JS colouring
 * comes from the monarch definitions.
 *
 * All editor features load up front: the JSON/CSS/HTML modes import every contribution
 * anyway when they load, and a contribution loaded after the first editor exists fails
 * with "depends on UNKNOWN service" (its service registered too late).
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/register.all.js';
import 'monaco-editor/languages/definitions/register.all.js';
import 'monaco-editor/languages/features/json/register.js';
import 'monaco-editor/languages/features/css/register.js';
import 'monaco-editor/languages/features/html/register.js';

export { monaco };
