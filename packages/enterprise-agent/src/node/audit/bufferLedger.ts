import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEventLevel } from '../../common/audit/levels.js';
import type { AuditInput } from '../../common/audit/record.js';
import { bufferGap, type HeldEvents } from './auditBuffer.js';

/** `<pid>-<uuid>.json`: the process that holds (or has claimed) the count, and the buffer it counts. */
const NAME = /^(\d+)-([0-9a-f-]{36})\.json$/;

export const ENDED_REASON = 'the process that held them ended before the audit outbox opened';

/**
 * How many audit events each process holds in memory before the outbox opens (`AuditBuffer`),
 * one small file per process under `<data>/audit/held/`, replaced atomically at each change and
 * removed once they are in the outbox. Only the count and the time span are written, never an
 * event: before enrolment there is no key to encrypt them with. A file whose process is no
 * longer running is a loss, written by the next process that opens the outbox as an
 * `audit.gap` record; a kill -9 leaves its file like a normal exit does.
 */
export class BufferLedger {
  private readonly id = randomUUID();

  constructor(
    private readonly dir: string,
    private readonly onError?: (error: unknown) => void,
    private readonly pid = process.pid,
  ) {}

  /** Records what this process holds now (null: nothing, the file goes). Never throws: a count it cannot write is reported. */
  note(held: HeldEvents | null): void {
    const file = this.file(this.pid, this.id);
    try {
      if (!held) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(`${file}.tmp`, JSON.stringify({ v: 1, ...held }), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      this.onError?.(e);
    }
  }

  /**
   * Appends an `audit.gap` for the held events of every process that has ended, oldest first,
   * and removes each count once its record is appended. An append that throws (a full outbox)
   * stops there; the claimed counts stay for this process's next open, or for whoever opens
   * the outbox after it ends. Returns how many gaps were recorded.
   */
  recordEnded(append: (input: AuditInput, level: AuditEventLevel) => unknown): number {
    const claimed = this.claimEnded();
    for (const { file, held } of claimed) {
      append(bufferGap(held, ENDED_REASON), 'security');
      rmSync(file, { force: true });
    }
    return claimed.length;
  }

  /**
   * Takes over the counts of ended processes by renaming each to this pid, so of two processes
   * opening at once only one records it, and while this one runs nobody else does.
   */
  private claimEnded(): { file: string; held: HeldEvents | null }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const claimed: { file: string; held: HeldEvents | null }[] = [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (!m || m[2] === this.id) continue;
      const owner = Number(m[1]);
      if (owner !== this.pid && isRunning(owner)) continue;
      const file = this.file(this.pid, m[2]!);
      try {
        if (owner !== this.pid) renameSync(join(this.dir, name), file);
      } catch {
        continue; // Another process claimed it first.
      }
      claimed.push({ file, held: readHeld(file) });
    }
    return claimed.sort((a, b) => (a.held?.since ?? '').localeCompare(b.held?.since ?? ''));
  }

  private file(pid: number, id: string): string {
    return join(this.dir, `${pid}-${id}.json`);
  }
}

/** Signal 0 tests for the process without touching it; EPERM means it runs as someone else. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The count, or null when the file was damaged: the gap is recorded all the same, its size unknown. */
function readHeld(file: string): HeldEvents | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<HeldEvents>;
    if (Number.isSafeInteger(v.count) && typeof v.since === 'string' && typeof v.until === 'string') return { count: v.count!, since: v.since, until: v.until };
  } catch {
    // Unreadable: same as damaged.
  }
  return null;
}
