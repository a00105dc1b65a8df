import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { atomicWriteFile } from '../workspace/atomicWrite.js';

/** Where the user's own settings live: $MARIE_USER_DATA_DIR, else the XDG config folder. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MARIE_USER_DATA_DIR) return env.MARIE_USER_DATA_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'marieide');
}

export interface LoadedSettings {
  values: Record<string, unknown>;
  /** Why the file was not usable; its content is left untouched until the user saves. */
  problem?: string;
}

/** settings.json: a flat object of setting id → value. */
export class UserSettingsFile {
  readonly path: string;

  constructor(userDataDir: string) {
    this.path = join(userDataDir, 'settings.json');
  }

  async load(): Promise<LoadedSettings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {} };
      return { values: {}, problem: `${this.path} could not be read: ${(error as Error).message}` };
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { values: parsed as Record<string, unknown> };
      return { values: {}, problem: `${this.path} must hold a JSON object` };
    } catch {
      return { values: {}, problem: `${this.path} is not valid JSON` };
    }
  }

  async save(values: Record<string, unknown>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await atomicWriteFile(this.path, Buffer.from(JSON.stringify(values, null, 2) + '\n'));
  }
}
