import type { IndexPhase, IndexProgress } from '../../common/searchTypes.js';

const EMIT_EVERY_MS = 100;

/** Counts work in the current phase and emits progress events, at most every 100 ms. */
export class ProgressTracker {
  private phase: IndexPhase = 'discovering';
  private filesDone = 0;
  private filesTotal = 0;
  private bytesDone = 0;
  private startedAt = Date.now();
  private lastEmit = 0;

  constructor(private readonly emit: (p: IndexProgress) => void) {}

  start(phase: IndexPhase, filesTotal = 0): void {
    // The last state of a phase always goes out, however recently the previous event did.
    if (this.filesDone > 0 || this.filesTotal > 0) this.send(true);
    this.phase = phase;
    this.filesDone = 0;
    this.filesTotal = filesTotal;
    this.bytesDone = 0;
    this.startedAt = Date.now();
    this.send(true);
  }

  addTotal(files: number): void {
    this.filesTotal += files;
    this.send(false);
  }

  advance(files: number, bytes: number): void {
    this.filesDone += files;
    this.bytesDone += bytes;
    this.send(false);
  }

  snapshot(): IndexProgress {
    const elapsed = Math.max(1, Date.now() - this.startedAt);
    const rate = (this.filesDone * 1000) / elapsed;
    const remaining = Math.max(0, this.filesTotal - this.filesDone);
    return {
      phase: this.phase,
      filesDone: this.filesDone,
      filesTotal: Math.max(this.filesTotal, this.filesDone),
      bytesDone: this.bytesDone,
      rate: Math.round(rate),
      etaMs: rate > 0 ? Math.round((remaining / rate) * 1000) : 0,
    };
  }

  send(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < EMIT_EVERY_MS) return;
    this.lastEmit = now;
    this.emit(this.snapshot());
  }
}
