import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the built workbench (`packages/ui/dist/renderer`), for the CLI's HTTP
 * host and for Electron's `marie-app://` protocol. This file sits two levels below the
 * package root both as source (src/node) and as build output (dist/node).
 */
export const rendererDir: string = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
