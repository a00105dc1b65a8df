import { readTotals } from '@marie/host';
import { withIndexedDir } from '../indexSession.js';
import { printJson, UsageError } from '../output.js';
import type { IndexArgs } from './indexArgs.js';

/** `marie index <dir>`: builds or refreshes the folder's persisted index and reports its size. */
export async function indexBuild(args: IndexArgs): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError('index takes one folder: marie index <dir>');
  const dir = args.positionals[0] ?? args.dir ?? process.cwd();
  const started = performance.now();
  const report = await withIndexedDir(dir, async ({ session, index }) => {
    const status = await session.index.status({});
    const own = index.status();
    const totals = readTotals(own.dbPath);
    return {
      files: totals.files,
      bytes: totals.bytes,
      symbols: totals.symbols,
      durationMs: Math.round(performance.now() - started),
      phase: status.phase,
      quarantined: status.quarantined,
      /** An index from an earlier run was reused (only changes were parsed). */
      reused: own.openedAs === 'existing',
      role: own.role,
      indexPath: own.dbPath,
    };
  });
  if (args.json) printJson(report);
  else {
    process.stdout.write(`${report.files} files (${formatBytes(report.bytes)}), ${report.symbols} symbols in ${(report.durationMs / 1000).toFixed(1)} s${report.reused ? ' (index reused)' : ''}\n`);
    process.stdout.write(`index: ${report.indexPath}\n`);
  }
  return 0;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
