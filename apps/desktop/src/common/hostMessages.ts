/**
 * Messages between Electron main and the host utilityProcess (over parentPort). Each side
 * parses what it receives; anything malformed is dropped rather than half-trusted.
 */
export type MainToHost =
  /** First message after fork: the folders to open. */
  | { type: 'start'; roots: string[] }
  /** Carries one MessagePort (in the event's ports) serving the renderer `client` (a webContents id). */
  | { type: 'connect'; client: number }
  /** The user picked a folder (dialog, second instance). */
  | { type: 'open-folder'; path: string }
  | { type: 'trash-result'; id: number; error?: string };

export type HostToMain =
  /** The host cannot reach shell.trashItem, so main trashes for it. */
  | { type: 'trash'; id: number; path: string }
  /** The open roots changed (from main or from the renderer's openFolder call). */
  | { type: 'roots'; roots: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 4096;
const isPaths = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 64 && v.every(isPath);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function parseMainToHost(data: unknown): MainToHost | null {
  if (!isRecord(data)) return null;
  switch (data.type) {
    case 'start':
      return isPaths(data.roots) ? { type: 'start', roots: [...data.roots] } : null;
    case 'connect':
      return isId(data.client) ? { type: 'connect', client: data.client } : null;
    case 'open-folder':
      return isPath(data.path) ? { type: 'open-folder', path: data.path } : null;
    case 'trash-result':
      if (!isId(data.id)) return null;
      return typeof data.error === 'string' ? { type: 'trash-result', id: data.id, error: data.error } : { type: 'trash-result', id: data.id };
    default:
      return null;
  }
}

export function parseHostToMain(data: unknown): HostToMain | null {
  if (!isRecord(data)) return null;
  switch (data.type) {
    case 'trash':
      return isId(data.id) && isPath(data.path) ? { type: 'trash', id: data.id, path: data.path } : null;
    case 'roots':
      return isPaths(data.roots) ? { type: 'roots', roots: [...data.roots] } : null;
    default:
      return null;
  }
}
