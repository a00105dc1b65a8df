import { forEachRecord, IN_IGNORED, IN_Q_OVERFLOW } from './inotifyRecords.js';
import type { InotifyAddon } from './inotifyWatcher.js';

interface Client {
  onRecords(records: Buffer): void;
  /** Watch descriptors this client placed and has not removed. */
  readonly wds: Set<number>;
}

/**
 * Several watchers of one process on one inotify descriptor. The index's watcher and the
 * explorer's watch mostly the same folders; the kernel gives a folder one watch per
 * descriptor, so on separate descriptors a workspace took two of the user's
 * `fs.inotify.max_user_watches` per folder. Here a folder added by both is one watch (the
 * kernel answers the same descriptor number), removed only when the last client removes
 * it, and each record goes only to the clients that watch its folder. Looks like the addon
 * to each client, so `InotifyWatcher` runs on it unchanged.
 */
export class SharedInotify implements InotifyAddon {
  private readonly clients = new Set<Client>();
  /** Watch descriptor → the clients holding it. */
  private readonly holders = new Map<number, Set<Client>>();
  private handle: object | undefined;

  constructor(private readonly addon: InotifyAddon) {}

  /** Kernel watches held now, all clients together (tests, diagnostics). */
  get watches(): number {
    return this.holders.size;
  }

  inotifyStart(onRecords: (records: Buffer) => void): object {
    this.handle ??= this.addon.inotifyStart((records) => this.dispatch(records));
    const client: Client = { onRecords, wds: new Set() };
    this.clients.add(client);
    return client;
  }

  inotifyAdd(watcher: object, dir: string): number {
    const client = this.live(watcher);
    if (!client || !this.handle) return -1;
    const wd = this.addon.inotifyAdd(this.handle, dir);
    if (wd < 0) return wd;
    client.wds.add(wd);
    let held = this.holders.get(wd);
    if (!held) this.holders.set(wd, (held = new Set()));
    held.add(client);
    return wd;
  }

  inotifyRemove(watcher: object, wd: number): void {
    const client = this.live(watcher);
    if (client) this.release(client, wd);
  }

  inotifyStop(watcher: object): void {
    const client = this.live(watcher);
    if (!client) return;
    for (const wd of client.wds) this.release(client, wd);
    this.clients.delete(client);
    if (this.clients.size === 0 && this.handle) {
      // The last one: the descriptor and its reading thread go (the process may exit).
      this.addon.inotifyStop(this.handle);
      this.handle = undefined;
      this.holders.clear();
    }
  }

  private live(watcher: object): Client | undefined {
    return this.clients.has(watcher as Client) ? (watcher as Client) : undefined;
  }

  private release(client: Client, wd: number): void {
    client.wds.delete(wd);
    const held = this.holders.get(wd);
    if (!held?.delete(client) || held.size > 0) return;
    this.holders.delete(wd);
    if (this.handle) this.addon.inotifyRemove(this.handle, wd);
  }

  /** Splits the records by the clients that hold each one's folder; an overflow goes to all. */
  private dispatch(records: Buffer): void {
    if (this.clients.size === 1) {
      const [only] = this.clients;
      this.forget(records);
      only!.onRecords(records);
      return;
    }
    const parts = new Map<Client, Buffer[]>();
    forEachRecord(records, (wd, mask, start, _nameAt, end) => {
      const record = records.subarray(start, end);
      const to = mask & IN_Q_OVERFLOW ? this.clients : this.holders.get(wd);
      for (const client of to ?? []) {
        const list = parts.get(client);
        if (list) list.push(record);
        else parts.set(client, [record]);
      }
      if (mask & IN_IGNORED) this.drop(wd);
    });
    for (const [client, list] of parts) client.onRecords(list.length === 1 ? list[0]! : Buffer.concat(list));
  }

  /** The single-client path: only the kernel's "watch gone" notices need bookkeeping. */
  private forget(records: Buffer): void {
    forEachRecord(records, (wd, mask) => {
      if (mask & IN_IGNORED) this.drop(wd);
    });
  }

  /** The kernel removed a watch (its folder is gone): nobody holds it any more. */
  private drop(wd: number): void {
    for (const client of this.holders.get(wd) ?? []) client.wds.delete(wd);
    this.holders.delete(wd);
  }
}
