import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch workspace folder and a separate index folder, removed by `dispose`. */
export class TempWorkspace {
  readonly base = mkdtempSync(join(tmpdir(), 'marie-ws-'));
  readonly root = join(this.base, 'ws');
  readonly indexDir = join(this.base, 'index');

  constructor(files: Record<string, string | Uint8Array> = {}) {
    mkdirSync(this.root, { recursive: true });
    this.write(files);
  }

  path(rel: string): string {
    return join(this.root, ...rel.split('/'));
  }

  write(files: Record<string, string | Uint8Array>): void {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(this.path(rel)), { recursive: true });
      writeFileSync(this.path(rel), content);
    }
  }

  remove(rel: string): void {
    rmSync(this.path(rel), { recursive: true, force: true });
  }

  dispose(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}
