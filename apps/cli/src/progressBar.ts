import type { IndexStatus } from '@marie/protocol';

const BAR = 24;

/** One status line: phase, bar, files done/total, rate and ETA (what `marie index` shows on a TTY). */
export function formatProgress(s: IndexStatus): string {
  const total = Math.max(s.filesTotal, s.filesDone);
  const share = total > 0 ? s.filesDone / total : 0;
  const filled = Math.round(share * BAR);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
  const eta = s.etaMs === null || s.phase === 'ready' ? '' : `  ETA ${formatDuration(s.etaMs)}`;
  return `${s.phase.padEnd(11)} ${bar} ${s.filesDone.toLocaleString('en-US')}/${total.toLocaleString('en-US')} files  ${Math.round(s.rate).toLocaleString('en-US')} files/s${eta}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Redraws one line on a terminal; does nothing when the stream is not one (pipes, CI logs). */
export class ProgressBar {
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(status: IndexStatus): void {
    if (!this.stream.isTTY) return;
    const line = formatProgress(status).slice(0, Math.max(20, (this.stream.columns || 80) - 1));
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Clears the line so the command's own output starts on a clean one. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
